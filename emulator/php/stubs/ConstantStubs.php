<?php

declare(strict_types=1);

// Symcon's constants beyond the kernel's own (events, media, scripts, presentations), defined
// unless a suite defined them first. Module, object and variable types come from symemu's prelude.
require_once __DIR__ . '/symemu.php';

(static function (): void {
    $groups = [
        'EVENTCONDITIONCOMPARISON_' => ['EQUAL', 'NOTEQUAL', 'GREATER', 'GREATEROREQUAL', 'SMALLER', 'SMALLEROREQUAL'],
        'EVENTCYCLICDATETYPE_'      => ['NONE', 'ONCE', 'DAY', 'WEEK', 'MONTH', 'YEAR'],
        'EVENTCYCLICTIMETYPE_'      => ['ONCE', 'SECOND', 'MINUTE', 'HOUR'],
        'EVENTTRIGGERTYPE_'         => ['ONUPDATE', 'ONCHANGE', 'ONLIMITEXCEED', 'ONLIMITDROP', 'ONVALUE'],
        'EVENTTYPE_'                => ['TRIGGER', 'CYCLIC', 'SCHEDULE'],
        'MEDIATYPE_'                => ['DASHBOARD', 'IMAGE', 'SOUND', 'STREAM', 'CHART', 'DOCUMENT'],
        'SCRIPTTYPE_'               => ['PHP'],
    ];
    $values = [];
    foreach ($groups as $prefix => $names) {
        foreach ($names as $i => $name) {
            $values[$prefix . $name] = $i; // each group counts from 0 in this order
        }
    }
    // Presentations and presentation templates are GUIDs (Symcon 8).
    $guids = [
        'VARIABLE_PRESENTATION_LEGACY'                          => '4153A8D4-5C33-C65F-C1F3-7B61AAF99B1C',
        'VARIABLE_PRESENTATION_VALUE_PRESENTATION'              => '3319437D-7CDE-699D-750A-3C6A3841FA75',
        'VARIABLE_PRESENTATION_VALUE_INPUT'                     => '6F477326-1683-A2FD-D2E7-477F366ECB62',
        'VARIABLE_PRESENTATION_SLIDER'                          => '6B9CAEEC-5958-C223-30F7-BD36569FC57A',
        'VARIABLE_PRESENTATION_WEB_CONTENT'                     => '9DE1D610-5106-97FB-714D-1AADEDF8377A',
        'VARIABLE_PRESENTATION_COLOR'                           => '05CC3CC2-A0B2-5837-A4A7-A07EA0B9DDFB',
        'VARIABLE_PRESENTATION_DATE_TIME'                       => '497C4845-27FA-6E4F-AE37-5D951D3BDBF9',
        'VARIABLE_PRESENTATION_SWITCH'                          => '60AE6B26-B3E2-BDB1-A3A1-BE232940664B',
        'VARIABLE_PRESENTATION_SHUTTER'                         => '6075FC22-69AF-B110-3749-C24138883082',
        'VARIABLE_PRESENTATION_ENUMERATION'                     => '52D9E126-D7D2-2CBB-5E62-4CF7BA7C5D82',
        'VARIABLE_PRESENTATION_PLAYBACK'                        => '2F0FF5B0-FC86-117B-DDAA-2D2D33C3F8AC',
        'VARIABLE_PRESENTATION_DURATION'                        => '08A6AF76-394E-D354-48D5-BFC690488E4E',
        'VARIABLE_PRESENTATION_TEXT_BOX'                        => '56696857-92B2-1780-16B8-EB6F09D4AEF7',
        'VARIABLE_TEMPLATE_DATE'                                => 'B4C70F3E-6613-DA1A-7279-5DEE8DEB1B24',
        'VARIABLE_TEMPLATE_TIME'                                => '362DA268-56A2-E771-5E53-17E38B5D82E6',
        'VARIABLE_TEMPLATE_DATE_TIME'                           => 'BB0E9933-0403-BD3A-D1C9-255646934B00',
        'VARIABLE_TEMPLATE_SLIDER_ROOM_TEMPERATURE'             => '868B087E-A38D-2155-EBE0-157AFBBF9E8C',
        'VARIABLE_TEMPLATE_SLIDER_COLOR_TEMPERATURE'            => '66062309-21A9-26C0-213F-775C52E1473B',
        'VARIABLE_TEMPLATE_SLIDER_ENERGY'                       => 'BC799412-0C66-551F-CAEC-7566F5D52BD9',
        'VARIABLE_TEMPLATE_SLIDER_POWER'                        => '8EC19DF0-89FB-A77E-ED7D-047A949CF292',
        'VARIABLE_TEMPLATE_SHUTTER_LAMELLA_RIGHT'               => '3BE75DE9-7D84-C082-2E77-9ED3AEE04D63',
        'VARIABLE_TEMPLATE_SHUTTER_LAMELLA_LEFT'                => '22A0DF9C-C200-154A-641B-3A3CB096DB6D',
        'VARIABLE_TEMPLATE_VALUE_PRESENTATION_ROOM_TEMPERATURE' => '90AF8F8F-183F-BBFD-E078-35FAB6DCFE4F',
        'VARIABLE_TEMPLATE_VALUE_PRESENTATION_POWER'            => '2FED3D39-073D-6037-901B-2586A1AB5569',
        'VARIABLE_TEMPLATE_VALUE_PRESENTATION_ENERGY'           => 'C899FCFA-063E-897E-9DA4-28ADD278EED5',
        'VARIABLE_TEMPLATE_VALUE_PRESENTATION_BATTERY'          => '7BD38CF5-07F2-5B5B-8F7F-15398B823BFC',
        'VARIABLE_TEMPLATE_VALUE_PRESENTATION_BATTERY_COLOR'    => 'C90EF36A-165E-D0B0-032C-F468F483D42B',
        'VARIABLE_TEMPLATE_COLOR_RAINBOW'                       => '0C711895-2F8E-DBFE-1700-84173491D229',
        'VARIABLE_TEMPLATE_COLOR_FOREST'                        => 'A7467E68-5C39-5BD9-C0C8-BCE6004FEEAA',
    ];
    foreach ($guids as $name => $guid) {
        $values[$name] = '{' . $guid . '}';
    }
    foreach ($values as $name => $value) {
        if (!defined($name)) {
            define($name, $value);
        }
    }
})();
