<?php

declare(strict_types=1);

require_once __DIR__ . '/../libs/MeterDeviceTrait.php';

/** SmartMeter: one M-Bus / wM-Bus meter of a SmartLog (all behaviour in MeterDeviceTrait). */
class SmartMeter extends IPSModule
{
    use \SmartMetering\MeterDeviceTrait;
}
