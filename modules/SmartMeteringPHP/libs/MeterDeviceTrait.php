<?php

declare(strict_types=1);

namespace SmartMetering;

require_once __DIR__ . '/Guids.php';
require_once __DIR__ . '/Text.php';
require_once __DIR__ . '/MeterPacket.php';
require_once __DIR__ . '/VariableMapper.php';

/**
 * What SmartMeter and System share: properties SmartMeterID, Interface ("" = any) and
 * AutoCreateVariables; a receive filter on the meter's packets; one variable per value record as
 * the gateway mapped it (ident, name, type, value, profile, position = record order); SM_
 * profiles created when missing, their digits only ever raised. With AutoCreateVariables off only
 * existing variables are updated (a deleted one stays deleted). A variable the user moved elsewhere
 * in the tree keeps being updated there (attribute "VariableLinks": ident -> variable ID), and no
 * duplicate appears under the instance. When connected (FM_CONNECT) or applied with an active
 * parent, the device asks the gateway for the meter's last record.
 *
 * Registering a variable that is already the instance's own, with its type and profile, and
 * checking a profile already checked change nothing; a report usually brings the same variables
 * as the last one, so their IDs are kept in the buffer "Registered" (with each variable's ident,
 * type, profile and digits, and the properties in force) and only their values are set. What could make registering or the
 * profile check do something again empties that buffer: a child removed or moved away
 * (OM_CHILDREMOVED), an ident changed (OM_CHANGEIDENT), a profile created, deleted or given other
 * digits (PM_CREATE/PM_DELETE/PM_CHANGEDIGITS; a "~" variant wins in RegisterVariable), new
 * properties (ApplyChanges).
 */
trait MeterDeviceTrait
{
    public function Create()
    {
        parent::Create();
        $this->RegisterPropertyString('SmartMeterID', '');
        $this->RegisterPropertyString('Interface', '');
        $this->RegisterPropertyBoolean('AutoCreateVariables', true);
        $this->RegisterAttributeString('VariableLinks', '{}');
        // Devices do not ConnectParent here: the configurator (or the user) connects them, so a
        // new device never attaches to the wrong logger.
        $this->RegisterMessage($this->InstanceID, FM_CONNECT);
    }

    public function ApplyChanges()
    {
        parent::ApplyChanges();
        $this->SetBuffer('Registered', '');
        $meterId = $this->ReadPropertyString('SmartMeterID');
        $this->SetReceiveDataFilter($meterId === '' ? Guids::RECEIVE_NOTHING
            : MeterPacket::receiveFilter($meterId, $this->ReadPropertyString('Interface')));
        $this->SetStatus($meterId === '' ? 104 : 102);
        if ($meterId !== '' && $this->HasActiveParent()) {
            $this->RequestLastRecord();
        }
    }

    public function MessageSink($TimeStamp, $SenderID, $Message, $Data)
    {
        if ($Message == OM_CHILDREMOVED || $Message == OM_CHANGEIDENT || $Message == PM_CREATE || $Message == PM_DELETE
            || $Message == PM_CHANGEDIGITS) {
            $this->SetBuffer('Registered', '');
            return;
        }
        if ($SenderID == $this->InstanceID && $Message == FM_CONNECT && $this->ReadPropertyString('SmartMeterID') !== '') {
            $this->RequestLastRecord();
        }
    }

    public function ReceiveData($JSONString)
    {
        $this->ApplyPacket($JSONString);
        return '';
    }

    private function RequestLastRecord(): void
    {
        if (IPS_GetInstance($this->InstanceID)['ConnectionID'] == 0) {
            return;
        }
        $answer = $this->SendDataToParent(Text::json([
            'DataID' => Guids::TO_GATEWAY,
            'Function' => 'GetLastRecord',
            'MeterID' => $this->ReadPropertyString('SmartMeterID'),
            'Interface' => $this->ReadPropertyString('Interface'),
        ]));
        if (is_string($answer) && $answer !== '') {
            $this->ApplyPacket($answer);
        }
    }

    private function ApplyPacket(string $json): void
    {
        try {
            $packet = MeterPacket::parse($json);
        } catch (\UnexpectedValueException $e) {
            $this->SendDebug('Packet refused', $e->getMessage(), 0);
            return;
        }
        // The buffer "Registered" keeps the properties it was written with (ApplyChanges empties it):
        // while it is set, they need not be read.
        $stored = $this->LoadRegistered();
        if ($stored !== null) {
            [$meterId, $wantInterface] = $stored;
            $autoCreate = true;
        } else {
            $meterId = $this->ReadPropertyString('SmartMeterID');
            $wantInterface = $this->ReadPropertyString('Interface');
            $autoCreate = $this->ReadPropertyBoolean('AutoCreateVariables');
        }
        if ($packet['MeterID'] !== $meterId || ($wantInterface !== '' && $packet['Interface'] !== $wantInterface)) {
            return;
        }
        // The buffer's IDs only for the very layout they were registered with.
        $known = $stored !== null && self::HasLayout($packet['Variables'], $stored[2]) ? $stored[3] : [];
        $links = null; // read when a variable needs them
        $linksBefore = null;
        $registered = [];
        $position = 0;
        foreach ($packet['Variables'] as $variable) {
            $id = $known[$position++] ?? 0;
            try {
                if ($id !== 0) {
                    SetValue($id, $variable['Value']); // registering it and its profile again would change nothing
                } else {
                    $id = $this->ApplyVariable($variable, $position, $autoCreate, $links, $linksBefore);
                }
                $registered[] = $id;
            } catch (\Throwable $e) {
                $registered[] = 0;
                $this->SendDebug('Variable skipped', $variable['Ident'] . ': ' . $e->getMessage(), 0);
                $this->LogMessage('Variable ' . $variable['Ident'] . ' of meter ' . $packet['MeterID'] . ' skipped: '
                    . $e->getMessage(), KL_WARNING);
            }
        }
        if ($links !== $linksBefore) {
            ksort($links, SORT_STRING);
            $this->WriteAttributeString('VariableLinks', Text::json((object) $links));
        }
        if ($autoCreate && $registered !== $known) {
            $layout = Text::json([$meterId, $wantInterface]) . "\x1e" . Text::json(self::Layout($packet['Variables']));
            $this->RememberRegistered($layout, $known, in_array(0, $registered, true) ? [] : $registered);
        }
    }

    /** Whether the variables have this layout (as Layout() gives it), compared without building theirs. */
    private static function HasLayout(array $variables, array $layout): bool
    {
        if (count($layout) !== 4 * count($variables) || !array_is_list($layout)) {
            return false;
        }
        $i = 0;
        foreach ($variables as $variable) {
            if ($variable['Ident'] !== $layout[$i] || $variable['Type'] !== $layout[$i + 1]
                || $variable['Profile'] !== $layout[$i + 2] || ($variable['Digits'] ?? null) !== $layout[$i + 3]) {
                return false;
            }
            $i += 4;
        }
        return true;
    }

    /**
     * The packet's layout: ident, type, profile and digits of each variable, flat (four items per
     * variable: no small array per variable to build).
     * @return list<string|int|null>
     */
    private static function Layout(array $variables): array
    {
        $layout = [];
        foreach ($variables as $variable) {
            $layout[] = $variable['Ident'];
            $layout[] = $variable['Type'];
            $layout[] = $variable['Profile'];
            $layout[] = $variable['Digits'] ?? null;
        }
        return $layout;
    }

    /**
     * The buffer "Registered" as [SmartMeterID, Interface, layout (as Layout() gives it), IDs], or
     * null when it is empty. The buffer is the text "properties\x1elayout\x1eIDs" (JSON, JSON,
     * comma-separated). Splitting and decoding it for every packet cost about a quarter of a
     * device's call, so what a text reads as is kept per instance in a static array together
     * with that text, and used while the buffer holds that very text: the result depends on the
     * text alone, so the static is only a cache (empty in a new PHP request or thread, never stale).
     * @return array{0: string, 1: string, 2: list<string|int|null>, 3: list<int>}|null
     */
    private function LoadRegistered(): ?array
    {
        static $read = []; // instance ID => [buffer text, what it reads as]
        $text = $this->GetBuffer('Registered');
        $kept = $read[$this->InstanceID] ?? null;
        if ($kept !== null && $kept[0] === $text) {
            return $kept[1];
        }
        $parts = explode("\x1e", $text, 3);
        $properties = count($parts) === 3 ? json_decode($parts[0], true) : null;
        $layout = count($parts) === 3 ? json_decode($parts[1], true) : null;
        if (!is_array($properties) || !is_array($layout)) {
            return null;
        }
        if (count($read) >= 4096) {
            $read = []; // bounded: a process may run many devices
        }
        $split = [$properties[0], $properties[1], $layout, array_map('intval', explode(',', $parts[2]))];
        $read[$this->InstanceID] = [$text, $split];
        return $split;
    }

    /**
     * @param string $layout the properties and the layout the IDs are for
     * @param list<int> $ids the variables' IDs when all are the instance's own, else []
     */
    private function RememberRegistered(string $layout, array $before, array $ids): void
    {
        foreach (array_diff($before, $ids) as $id) {
            $this->UnregisterMessage($id, OM_CHANGEIDENT);
        }
        if ($ids === []) {
            $this->SetBuffer('Registered', '');
            return;
        }
        $this->RegisterMessage($this->InstanceID, OM_CHILDREMOVED);
        $this->RegisterMessage(0, PM_CREATE);
        $this->RegisterMessage(0, PM_DELETE);
        $this->RegisterMessage(0, PM_CHANGEDIGITS);
        foreach ($ids as $id) {
            $this->RegisterMessage($id, OM_CHANGEIDENT);
        }
        $this->SetBuffer('Registered', $layout . "\x1e" . implode(',', $ids));
    }

    /**
     * Applies one variable the buffer "Registered" has no ID for; returns its ID when it is the
     * instance's own and registered as the packet asks (what that buffer keeps), else 0.
     * @param array<string, int>|null $links where each ident's variable was last seen (null: not read yet)
     */
    private function ApplyVariable(array $variable, int $position, bool $autoCreate, ?array &$links,
                                   ?array &$linksBefore): int
    {
        if ($links === null) {
            $links = $linksBefore = $this->LoadLinks();
        }
        $ident = $variable['Ident'];
        [$existing, $own] = $this->FindVariable($ident, $links);
        if (!$autoCreate) {
            if ($existing !== 0) {
                SetValue($existing, $variable['Value']);
                $links[$ident] = $existing;
            }
            return 0;
        }
        if (array_key_exists('Digits', $variable)) {
            $this->EnsureProfile($variable);
        }
        if ($existing !== 0 && !$own && IPS_GetParent($existing) !== $this->InstanceID) {
            // Moved by the user: it stays where it is. A value of another type replaces it there.
            if (IPS_GetVariable($existing)['VariableType'] === $variable['Type']) {
                SetValue($existing, $variable['Value']);
                return 0;
            }
            $old = IPS_GetObject($existing);
            IPS_DeleteVariable($existing);
            $replacement = $this->RegisterMeterVariable($variable, $position);
            IPS_SetParent($replacement, $old['ParentID']);
            IPS_SetName($replacement, $old['ObjectName']);
            IPS_SetPosition($replacement, $old['ObjectPosition']);
            SetValue($replacement, $variable['Value']);
            $links[$ident] = $replacement;
            return 0;
        }
        $id = $this->RegisterMeterVariable($variable, $position);
        SetValue($id, $variable['Value']);
        $links[$ident] = $id;
        return $id;
    }

    private function RegisterMeterVariable(array $variable, int $position): int
    {
        [$ident, $name, $profile] = [$variable['Ident'], $variable['Name'], $variable['Profile']];
        switch ($variable['Type']) {
            case VariableMapper::TYPE_BOOLEAN:
                return $this->RegisterVariableBoolean($ident, $name, $profile, $position);
            case VariableMapper::TYPE_INTEGER:
                return $this->RegisterVariableInteger($ident, $name, $profile, $position);
            case VariableMapper::TYPE_FLOAT:
                return $this->RegisterVariableFloat($ident, $name, $profile, $position);
            default:
                return $this->RegisterVariableString($ident, $name, $profile, $position);
        }
    }

    /**
     * The meter's variable for $ident and whether it is under the instance: there, or wherever
     * the user moved it (the link stored when it was created or last updated). [0, false] when the
     * user deleted it.
     * @return array{0: int, 1: bool}
     */
    private function FindVariable(string $ident, array $links): array
    {
        // Idents are unique among an object's children; a missing one is no fault here.
        $own = @IPS_GetObjectIDByIdent($ident, $this->InstanceID);
        if (is_int($own) && IPS_VariableExists($own)) {
            return [$own, true];
        }
        $linked = $links[$ident] ?? 0;
        if ($linked === 0 || !IPS_VariableExists($linked)) {
            return [0, false];
        }
        // An ID can be handed out again after a delete: the ident tells it is still ours.
        return [IPS_GetObject($linked)['ObjectIdent'] === $ident ? $linked : 0, false];
    }

    /** @return array<string, int> */
    private function LoadLinks(): array
    {
        $links = json_decode($this->ReadAttributeString('VariableLinks'), true);
        if (!is_array($links)) {
            $this->LogMessage('Stored variable links are unreadable and were reset', KL_WARNING);
            return [];
        }
        $valid = [];
        foreach ($links as $ident => $id) {
            if (is_int($id)) {
                $valid[(string) $ident] = $id;
            }
        }
        return $valid;
    }

    /** Creates the SM_ profile when missing; an existing one only ever gets more digits. */
    private function EnsureProfile(array $variable): void
    {
        $name = $variable['Profile'];
        // One kernel call per variable and report: a missing profile gives false (and a warning).
        $profile = @IPS_GetVariableProfile($name);
        if ($profile === false) {
            IPS_CreateVariableProfile($name, $variable['Type']);
            IPS_SetVariableProfileText($name, '', $variable['Suffix']);
            IPS_SetVariableProfileDigits($name, $variable['Digits']);
            return;
        }
        $digits = $profile['Digits'];
        $merged = VariableMapper::mergeDigits($digits, $variable['Digits']);
        if ($merged !== $digits) {
            IPS_SetVariableProfileDigits($name, $merged);
        }
    }
}
