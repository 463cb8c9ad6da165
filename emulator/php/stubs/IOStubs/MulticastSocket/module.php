<?php

declare(strict_types=1);

include_once __DIR__ . '/../VirtualIO/module.php';

// Multicast Socket as a stand-in: what children send is queued.
class MulticastSocket extends VirtualIO
{
    protected const ACCEPTED = ['{C8792760-65CF-4C53-B5C7-A30FCC84FEFE}', '{79827379-F36E-4ADA-8A95-5F8D1DC92FA9}'];
}
