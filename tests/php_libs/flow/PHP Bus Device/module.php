<?php
// A PHP device on a bus (a C++ or PHP splitter): sends up, receives what comes down, with a filter.
class PHPBusDevice extends IPSModule
{
    public function Create()
    {
        parent::Create();
        $this->RegisterPropertyString('Accept', '');
    }

    public function ApplyChanges()
    {
        parent::ApplyChanges();
        $this->RegisterVariableString('Text', 'Text');
        $accept = $this->ReadPropertyString('Accept');
        $this->SetReceiveDataFilter($accept === '' ? '' : '.*' . preg_quote($accept, '/') . '.*');
    }

    public function ReceiveData($JSONString)
    {
        if (json_decode($JSONString)->Buffer === 'explode') {
            throw new Exception('cannot handle explode');
        }
        $this->SetValue('Text', json_decode($JSONString)->Buffer);
        return 'seen';
    }

    public function Send(string $text): string
    {
        return $this->SendDataToParent(json_encode(['DataID' => '{7E57DA7A-0002-4000-8000-000000000002}', 'Buffer' => $text]));
    }
}
