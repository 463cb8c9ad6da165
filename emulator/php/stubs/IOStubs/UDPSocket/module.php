<?php

declare(strict_types=1);

include_once __DIR__ . '/../VirtualIO/module.php';

// UDP Socket as a stand-in: what children send (simple or with a client address) is queued.
class UDPSocket extends VirtualIO
{
    protected const ACCEPTED = ['{C8792760-65CF-4C53-B5C7-A30FCC84FEFE}', '{79827379-F36E-4ADA-8A95-5F8D1DC92FA9}'];

    public function Create()
    {
        parent::Create();
        $this->RegisterPropertyString('Host', '');
        $this->RegisterPropertyInteger('Port', 0);
        $this->RegisterPropertyInteger('BindPort', 0);
    }
}
