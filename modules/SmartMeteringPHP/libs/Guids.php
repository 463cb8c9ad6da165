<?php

declare(strict_types=1);

namespace SmartMetering;

/** Module and interface GUIDs of the Smart Metering library and the Symcon modules it talks to. */
final class Guids
{
    // Modules of this library (module.json files).
    public const SMART_LOG = '{18FD30FB-84D6-4CDE-A3F0-5FE94BF4D3AE}';
    public const SMART_LOG_HTTPS = '{4ED14F63-E3EE-4473-B679-B61ABAA73137}';
    public const SMART_METER = '{5E03067E-965F-40F7-BB77-CCA01A88EDD6}';
    public const SYSTEM = '{4F9DB833-6E24-4093-963E-8612BD851C60}';
    public const CONFIGURATOR = '{BD958F0D-F463-4101-939D-09A85B058652}';
    public const DISCOVERY = '{9C1F2D47-3B6A-4E85-A0D2-6F4B8E17C35A}';

    // Private data flow: gateway -> meters/configurator, and back.
    public const TO_METERS = '{0054126B-A04D-49B1-A85F-B24A239BC6F1}';
    public const TO_GATEWAY = '{3E372305-BF8E-4F6A-A672-743E21F4D8DB}';

    // Symcon modules and interfaces.
    public const MQTT_SERVER = '{C6D2AEB3-6E1F-4B2E-8E69-3A1A00246850}';
    public const MQTT_TO_SERVER = '{043EA491-0325-4ADD-8FC2-A30C8EEB4D3F}';
    public const MQTT_TO_CHILDREN = '{7F7632D9-FA40-4F38-8DEA-C83CD4325A32}';
    public const WEBHOOK_CONTROL = '{015A6EB8-D6E5-4B93-B496-0D3F77AE9FE1}';

    /** A receive filter that no packet matches (an instance without its ID). */
    public const RECEIVE_NOTHING = '^NOTHING_TO_RECEIVE$';

    /** Flags for every JSON text this library writes: '/' and UTF-8 as they are, floats stay floats. */
    public const JSON_FLAGS = JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_LINE_TERMINATORS
        | JSON_PRESERVE_ZERO_FRACTION;
}
