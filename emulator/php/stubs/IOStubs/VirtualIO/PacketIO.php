<?php

declare(strict_types=1);

include_once __DIR__ . '/module.php';

// The packet side of the official stubs' socket stand-ins, for I/O instances that talk to
// several peers (UDP Socket, Multicast Socket): children's packets with a client address
// ({C8792760-...}) are queued for HasPacket/PeekPacket/PopPacket as Type, Buffer (bytes),
// ClientIP, ClientPort; PushPacket/PushConnect/PushDisconnect hand packets with an address to
// the children ({7A1272A4-...}) as Symcon's Server Socket does. Simple text packets keep the
// VirtualIO helpers. The queue lives in a buffer, so it survives symemu's fresh object per call.
abstract class PacketIO extends VirtualIO
{
    protected const ACCEPTED = ['{C8792760-65CF-4C53-B5C7-A30FCC84FEFE}', '{79827379-F36E-4ADA-8A95-5F8D1DC92FA9}'];
    private const FROM_CHILDREN = '{C8792760-65CF-4C53-B5C7-A30FCC84FEFE}';
    private const TO_CHILDREN_WITH_ADDRESS = '{7A1272A4-CBDB-46EF-BFC6-DCF4A53D2FC7}';

    public function ForwardData($JSONString)
    {
        $data = json_decode($JSONString, true);
        if (!is_array($data) || strtoupper($data['DataID'] ?? '') !== self::FROM_CHILDREN) {
            return parent::ForwardData($JSONString);
        }
        $queue = $this->readPackets();
        $queue[] = [
            'Type'       => $data['Type'] ?? 0,
            'Buffer'     => mb_convert_encoding($data['Buffer'] ?? '', 'ISO-8859-1', 'UTF-8'),
            'ClientIP'   => $data['ClientIP'] ?? '',
            'ClientPort' => $data['ClientPort'] ?? 0,
        ];
        $this->SetBuffer('SymemuPacketQueue', serialize($queue));
        return '';
    }

    public function HasPacket()
    {
        return count($this->readPackets()) > 0;
    }

    public function PeekPacket()
    {
        $queue = $this->readPackets();
        if (count($queue) === 0) {
            throw new Exception('There is not data available');
        }
        return $queue[0];
    }

    public function PopPacket()
    {
        $packet = $this->PeekPacket();
        $queue = $this->readPackets();
        array_shift($queue);
        $this->SetBuffer('SymemuPacketQueue', serialize($queue));
        return $packet;
    }

    public function PushConnect(string $ClientIP, int $ClientPort)
    {
        $this->pushWithAddress(1, '', $ClientIP, $ClientPort);
    }

    public function PushDisconnect(string $ClientIP, int $ClientPort)
    {
        $this->pushWithAddress(2, '', $ClientIP, $ClientPort);
    }

    public function PushPacket(string $Text, string $ClientIP, int $ClientPort)
    {
        $this->pushWithAddress(0, $Text, $ClientIP, $ClientPort);
    }

    private function pushWithAddress(int $type, string $bytes, string $ip, int $port): void
    {
        $this->SendDataToChildren(json_encode([
            'DataID'     => self::TO_CHILDREN_WITH_ADDRESS,
            'Type'       => $type,
            'Buffer'     => mb_convert_encoding($bytes, 'UTF-8', 'ISO-8859-1'),
            'ClientIP'   => $ip,
            'ClientPort' => $port,
        ]));
    }

    private function readPackets(): array
    {
        $text = $this->GetBuffer('SymemuPacketQueue');
        return $text === '' ? [] : unserialize($text);
    }
}
