<?php

declare(strict_types=1);

include_once __DIR__ . '/../VirtualIO/PacketIO.php';

// UDP Socket as a stand-in with the official stubs' packet helpers (PushPacket, PopPacket, ...)
// and text helpers (VirtualIO/PacketIO.php).
class UDPSocket extends PacketIO
{
    public function Create()
    {
        parent::Create();
        $this->RegisterPropertyString('Host', '');
        $this->RegisterPropertyInteger('Port', 0);
        $this->RegisterPropertyString('BindIP', '');
        $this->RegisterPropertyInteger('BindPort', 0);
        $this->RegisterPropertyBoolean('EnableBroadcast', false);
        $this->RegisterPropertyBoolean('EnableReuseAddress', false);
    }
}
