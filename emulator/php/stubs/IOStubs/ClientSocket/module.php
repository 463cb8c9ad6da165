<?php

declare(strict_types=1);

include_once __DIR__ . '/../VirtualIO/module.php';

// Client Socket as a stand-in: Host and Port are kept, nothing connects (VirtualIO's helpers).
class ClientSocket extends VirtualIO
{
    public function Create()
    {
        parent::Create();
        $this->RegisterPropertyString('Host', '');
        $this->RegisterPropertyInteger('Port', 0);
    }
}
