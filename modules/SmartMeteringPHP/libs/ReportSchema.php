<?php

declare(strict_types=1);

namespace SmartMetering;

/**
 * Key names and limits of the SE-LOG (solvimus) JSON report. Everything marked [A] in
 * docs/selog-format.md is an assumption; it lives here as data, not in the parser.
 */
final class ReportSchema
{
    // Envelope [D]: muc -> meter[] -> data[] -> entry[].
    public const MUC = 'muc';
    public const MUC_ID = 'MUC_ID';
    public const MUC_VERSION = 'VERSION';
    public const TIMESTAMP = 'TIMESTAMP';
    public const METER = 'meter';
    public const METER_ID = 'METER_ID';
    public const INTERFACE = 'INTERFACE';
    public const USER = 'USER';
    public const DATA = 'data';
    public const DESCRIPTION = 'DESCRIPTION';
    public const UNIT = 'UNIT';
    public const SCALE = 'SCALE';
    public const MEDIUM = 'MEDIUM';
    public const OBIS = 'OBIS_ID';
    public const ENTRY = 'entry';
    public const T = 'T';
    public const T_MUC = 'T_MUC';
    public const VAL = 'VAL';
    // Optional meter attributes [A].
    public const MANUFACTURER = 'MANUFACTURER';
    public const METER_VERSION = 'VERSION';
    public const ACCESS_NUMBER = 'ACCESS_NUMBER';
    public const STATUS = 'STATUS';
    public const RSSI = 'RSSI';
    // Optional value attributes [A].
    public const FUNCTION = 'FUNCTION';
    public const STORAGE = 'STORAGE';
    public const TARIFF = 'TARIFF';
    public const SUBUNIT = 'SUBUNIT';

    /** The logger's own record carries this medium [A] (EN 13757-3 0x0E). */
    public const SYSTEM_MEDIUM = 'Bus/System';
    /** Medium of a meter that names none, neither itself nor in its data. */
    public const UNKNOWN_MEDIUM = 'Unknown';
    /** MQTT topic layout [A]; see TopicTemplate. */
    public const TOPIC_TEMPLATE = 'SmartLog/{SmartLogID}/#';
    /** Topic level after the ID that marks a whole report [A]. */
    public const REPORT_TOPIC_LEVEL = 'report';
    /** Longer METER_IDs are refused (the meter is skipped) [A]. */
    public const MAX_METER_ID_LENGTH = 64;
}
