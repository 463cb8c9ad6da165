<?php

declare(strict_types=1);

include_once __DIR__ . '/../VirtualIO/module.php';

// Serial Port as a stand-in: no port is opened; VirtualIO's helpers.
class SerialPort extends VirtualIO
{
}
