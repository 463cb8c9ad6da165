<?php

declare(strict_types=1);

include_once __DIR__ . '/../VirtualIO/PacketIO.php';

// Multicast Socket as a stand-in with the official stubs' packet helpers (PushPacket, PopPacket, ...)
// and text helpers (VirtualIO/PacketIO.php).
class MulticastSocket extends PacketIO
{
}
