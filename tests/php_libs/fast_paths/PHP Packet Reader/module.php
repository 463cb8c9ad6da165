<?php
// Decodes the MQTT Server's packet as it came, as a copy, and after changing it in place: the
// host builds the first two from the packet's typed form, the third must be read from its text.
class PHPPacketReader extends IPSModule
{
    public function Create()
    {
        parent::Create();
        $this->ConnectParent('{C6D2AEB3-6E1F-4B2E-8E69-3A1A00246850}');
    }

    public function ApplyChanges()
    {
        parent::ApplyChanges();
        $this->RegisterVariableString('Seen', 'Seen');
        $this->SetReceiveDataFilter('.*"Topic":"reader/.*');
    }

    public function ReceiveData($JSONString)
    {
        $asCame = json_decode($JSONString, true);
        $copy = json_decode(substr($JSONString, 0, 1) . substr($JSONString, 1), true);
        $changed = $JSONString;
        $changed[strpos($changed, '"Topic":"') + 9] = 'R'; // reader/... -> Reader/...
        $afterChange = json_decode($changed, true);
        $JSONString = str_replace('"Retain":false', '"Retain":true', $JSONString);
        $argumentChanged = json_decode($JSONString);
        $this->SetValue('Seen', json_encode([$asCame, $copy, $afterChange, $argumentChanged, bin2hex(utf8_decode($asCame['Payload']))]));
        return '';
    }
}
