<?php

declare(strict_types=1);

// A device on a Client Socket: what the socket receives comes back upper-cased, and the last
// text received is kept in the Last variable.
class SampleEchoClient extends IPSModule
{
    private const TO_SOCKET = '{79827379-F36E-4ADA-8A95-5F8D1DC92FA9}';

    public function Create()
    {
        parent::Create();
        $this->RequireParent('{3CFF0FD9-E306-41DB-9B5A-9D06D38576C3}');
        $this->RegisterVariableString('Last', 'Last', '', 1);
    }

    public function ReceiveData($JSONString)
    {
        $text = utf8_decode(json_decode($JSONString, true)['Buffer']);
        $this->SetValue('Last', $text);
        $this->SendDataToParent(json_encode(['DataID' => self::TO_SOCKET, 'Buffer' => utf8_encode(strtoupper($text))]));
        return '';
    }
}
