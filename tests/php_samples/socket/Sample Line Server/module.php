<?php

declare(strict_types=1);

// A line protocol on a Server Socket: each client's bytes are buffered per client until a
// newline; "PING" is answered with "PONG", "SET <n>" stores n in the Value variable. Buffers hold
// the partial lines between calls (members would not survive: a new object serves every call).
class SampleLineServer extends IPSModule
{
    private const TO_SOCKET = '{C8792760-65CF-4C53-B5C7-A30FCC84FEFE}';

    public function Create()
    {
        parent::Create();
        $this->RequireParent('{8062CF2B-600E-41D6-AD4B-1BA66C32D6ED}');
        $this->RegisterVariableInteger('Value', 'Value', '', 1);
        $this->RegisterVariableInteger('Clients', 'Clients', '', 2);
    }

    public function ReceiveData($JSONString)
    {
        $data = json_decode($JSONString, true);
        $client = $data['ClientIP'] . ':' . $data['ClientPort'];
        switch ($data['Type']) {
            case 1: // connect
                $this->SetValue('Clients', $this->GetValue('Clients') + 1);
                $this->SetBuffer($client, '');
                break;
            case 2: // disconnect
                $this->SetValue('Clients', max(0, $this->GetValue('Clients') - 1));
                $this->SetBuffer($client, '');
                break;
            default:
                $text = $this->GetBuffer($client) . mb_convert_encoding($data["Buffer"], "ISO-8859-1", "UTF-8");
                while (($end = strpos($text, "\n")) !== false) {
                    $this->HandleLine(rtrim(substr($text, 0, $end), "\r"), $data['ClientIP'], $data['ClientPort']);
                    $text = substr($text, $end + 1);
                }
                $this->SetBuffer($client, $text);
        }
        return '';
    }

    public function Send(string $Text, string $ClientIP, int $ClientPort): void
    {
        $this->SendDataToParent(json_encode([
            'DataID'     => self::TO_SOCKET,
            'Type'       => 0,
            'Buffer'     => mb_convert_encoding($Text, "UTF-8", "ISO-8859-1"),
            'ClientIP'   => $ClientIP,
            'ClientPort' => $ClientPort,
        ]));
    }

    private function HandleLine(string $line, string $ip, int $port): void
    {
        if ($line === 'PING') {
            $this->Send("PONG\n", $ip, $port);
        } elseif (preg_match('/^SET (-?\d+)$/', $line, $m)) {
            $this->SetValue('Value', (int) $m[1]);
            $this->Send("OK\n", $ip, $port);
        } else {
            $this->Send("ERROR unknown command\n", $ip, $port);
        }
    }
}
