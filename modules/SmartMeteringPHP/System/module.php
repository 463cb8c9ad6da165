<?php

declare(strict_types=1);

require_once __DIR__ . '/../libs/MeterDeviceTrait.php';

/**
 * System: the logger's own record (medium "Bus/System" or METER_ID == MUC_ID); the configurator
 * sets its SmartMeterID to that record's ID. Same variable rules as SmartMeter.
 */
class System extends IPSModule
{
    use \SmartMetering\MeterDeviceTrait;
}
