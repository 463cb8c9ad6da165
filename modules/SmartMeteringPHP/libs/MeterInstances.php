<?php

declare(strict_types=1);

namespace SmartMetering;

require_once __DIR__ . '/Guids.php';
require_once __DIR__ . '/Text.php';
require_once __DIR__ . '/MeterList.php';

/**
 * Finding and creating the SmartMeter/System instances of a gateway, with Symcon's IPS_*
 * functions. Shared by the configurator (rows, create, create all) and by the gateways'
 * AutoCreateMeters, so both create instances the same way: IPS_CreateInstance,
 * IPS_SetConfiguration, IPS_ApplyChanges, category path SmartMetering/SmartLog <ID>/<Type>,
 * name "<MeterId> (<Type>)", IPS_ConnectInstance to the gateway.
 *
 * A row is an array: MeterId, Interface, Manufacturer, Type, New (bool), Waiting (an instance
 * whose meter the gateway has not seen), ModuleID, ConfigureInterface (the ID is on several
 * interfaces: pin the instance to one), Location, Name, InstanceID (0 = none), InstanceName.
 */
final class MeterInstances
{
    /** The module a meter gets: System for the logger's own record, else SmartMeter. */
    public static function moduleFor(array $meter): string
    {
        return $meter['System'] ? Guids::SYSTEM : Guids::SMART_METER;
    }

    public static function location(string $smartLogId, string $type): array
    {
        return ['SmartMetering', 'SmartLog ' . $smartLogId, $type];
    }

    public static function instanceName(string $meterId, string $type): string
    {
        return $meterId . ' (' . $type . ')';
    }

    /** Instances of SmartMeter and System connected to the gateway. */
    public static function meterInstances(int $gatewayId, ?string $moduleId = null): array
    {
        $found = [];
        foreach ($moduleId === null ? [Guids::SMART_METER, Guids::SYSTEM] : [$moduleId] as $module) {
            foreach (IPS_GetInstanceListByModuleID($module) as $id) {
                if (IPS_GetInstance($id)['ConnectionID'] == $gatewayId) {
                    $found[] = $id;
                }
            }
        }
        sort($found);
        return $found;
    }

    /**
     * An instance of $moduleId connected to the gateway whose SmartMeterID is $meterId and whose
     * Interface is "" (any) or $interface; 0 when there is none.
     */
    public static function find(int $gatewayId, string $moduleId, string $meterId, string $interface): int
    {
        foreach (self::meterInstances($gatewayId, $moduleId) as $id) {
            if (self::stringProperty($id, 'SmartMeterID') !== $meterId) {
                continue;
            }
            $pinned = self::stringProperty($id, 'Interface');
            if ($pinned === '' || $pinned === $interface) {
                return $id;
            }
        }
        return 0;
    }

    /** The row of one seen meter. */
    public static function meterRow(int $gatewayId, string $smartLogId, MeterList $meters, array $meter): array
    {
        $row = [
            'MeterId' => $meter['MeterID'],
            'Interface' => $meter['Interface'],
            'Manufacturer' => $meter['Manufacturer'],
            'Type' => $meter['Type'],
            'New' => $meter['New'],
            'Waiting' => false,
            'ModuleID' => self::moduleFor($meter),
            'ConfigureInterface' => $meters->countId($meter['MeterID']) > 1,
            'Location' => self::location($smartLogId, $meter['Type']),
            'Name' => self::instanceName($meter['MeterID'], $meter['Type']),
            'InstanceID' => 0,
            'InstanceName' => '',
        ];
        $row['InstanceID'] = self::find($gatewayId, $row['ModuleID'], $meter['MeterID'], $meter['Interface']);
        if ($row['InstanceID'] !== 0) {
            $row['InstanceName'] = IPS_GetName($row['InstanceID']);
        }
        return $row;
    }

    /**
     * One row per seen meter (first-seen order), then one "waiting..." row per instance of the
     * gateway whose meter has not been seen.
     */
    public static function buildRows(int $gatewayId, string $smartLogId, MeterList $meters): array
    {
        $rows = [];
        $claimed = [];
        foreach ($meters->entries() as $meter) {
            $row = self::meterRow($gatewayId, $smartLogId, $meters, $meter);
            if ($row['InstanceID'] !== 0) {
                $claimed[$row['InstanceID']] = true;
            }
            $rows[] = $row;
        }
        foreach (self::meterInstances($gatewayId) as $child) {
            if (isset($claimed[$child])) {
                continue;
            }
            $interface = self::stringProperty($child, 'Interface');
            $rows[] = [
                'MeterId' => self::stringProperty($child, 'SmartMeterID'),
                'Interface' => $interface,
                'Manufacturer' => 'waiting...',
                'Type' => 'waiting...',
                'New' => false,
                'Waiting' => true,
                'ModuleID' => IPS_GetInstance($child)['ModuleInfo']['ModuleID'],
                'ConfigureInterface' => $interface !== '',
                'Location' => [],
                'Name' => '',
                'InstanceID' => $child,
                'InstanceName' => IPS_GetName($child),
            ];
        }
        return $rows;
    }

    /** The Configurator element's `values` (one object per row, with `instanceID` and `create`). */
    public static function rowsToValues(array $rows): array
    {
        $values = [];
        foreach ($rows as $row) {
            $create = ['moduleID' => $row['ModuleID'], 'configuration' => self::configuration($row)];
            if (!$row['Waiting']) {
                $create['location'] = $row['Location'];
                $create['name'] = $row['Name'];
            }
            $values[] = [
                'MeterId' => $row['MeterId'],
                'Interface' => $row['Interface'],
                'Manufacturer' => $row['Manufacturer'],
                'Type' => $row['Type'],
                'Instance' => $row['InstanceName'],
                'InstanceID' => $row['InstanceID'],
                'New' => $row['New'] ? 'yes' : '',
                'instanceID' => $row['InstanceID'],
                'create' => $create,
            ];
        }
        return $values;
    }

    /**
     * Creates the row's instance and returns its ID. When a step fails, the half-made instance
     * is deleted again and the error is passed on.
     */
    public static function createRowInstance(int $gatewayId, array $row): int
    {
        $id = IPS_CreateInstance($row['ModuleID']);
        try {
            IPS_SetConfiguration($id, Text::json(self::configuration($row)));
            IPS_ApplyChanges($id);
            if ($row['Location']) {
                IPS_SetParent($id, self::ensureCategoryPath($row['Location']));
            }
            IPS_SetName($id, $row['Name'] === '' ? self::instanceName($row['MeterId'], $row['Type']) : $row['Name']);
            IPS_ConnectInstance($id, $gatewayId);
        } catch (\Throwable $e) {
            if (IPS_InstanceExists($id)) {
                IPS_DeleteInstance($id);
            }
            throw $e;
        }
        return $id;
    }

    /** The category at this path of names below the root; missing categories are created. */
    public static function ensureCategoryPath(array $names): int
    {
        $current = 0;
        foreach ($names as $name) {
            $found = 0;
            foreach (IPS_GetChildrenIDs($current) as $child) {
                $object = IPS_GetObject($child);
                if ($object['ObjectType'] == 0 && $object['ObjectName'] === $name) {
                    $found = $child;
                    break;
                }
            }
            if ($found === 0) {
                $found = IPS_CreateCategory();
                IPS_SetName($found, $name);
                IPS_SetParent($found, $current);
            }
            $current = $found;
        }
        return $current;
    }

    private static function configuration(array $row): array
    {
        $configuration = ['SmartMeterID' => $row['MeterId']];
        if ($row['ConfigureInterface']) {
            $configuration['Interface'] = $row['Interface'];
        }
        return $configuration;
    }

    private static function stringProperty(int $id, string $name): string
    {
        try {
            $value = IPS_GetProperty($id, $name);
        } catch (\Throwable $e) {
            return '';
        }
        return is_string($value) ? $value : '';
    }
}
