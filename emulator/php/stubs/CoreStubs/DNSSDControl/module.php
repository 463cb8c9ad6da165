<?php

declare(strict_types=1);

// DNSSD Control as a stand-in: the Services property modules read and write; nothing is
// announced on the network.
class DNSSDControl extends IPSModule
{
    public function Create()
    {
        parent::Create();
        $this->RegisterPropertyString('Services', '[]');
    }
}
