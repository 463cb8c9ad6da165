<?php
require_once __DIR__ . '/../libs/helper.php';

// Exercises properties, attributes, buffers, variables, timers and exported functions.
class PHPCounter extends IPSModule
{
    private $remembered = null;  // a member: must NOT survive between calls (per-call semantics)

    public function Create()
    {
        parent::Create();
        $this->RegisterPropertyInteger('Step', 1);
        $this->RegisterPropertyString('Label', 'counter');
        $this->RegisterPropertyBoolean('Enabled', true);
        $this->RegisterPropertyFloat('Factor', 1.5);
        $this->RegisterAttributeInteger('Total', 0);
        $this->RegisterTimer('Tick', 0, 'PCNT_Increment($_IPS[\'TARGET\']);');
    }

    public function ApplyChanges()
    {
        parent::ApplyChanges();
        $this->RegisterVariableInteger('Count', $this->Translate('Count'), '', 1);
        $this->RegisterVariableString('Label', 'Label', '', 2);
        $this->SetValue('Label', $this->ReadPropertyString('Label'));
        $this->SetStatus($this->ReadPropertyBoolean('Enabled') ? IS_ACTIVE : IS_INACTIVE);
    }

    public function Increment(): int
    {
        $n = $this->GetValue('Count') + $this->ReadPropertyInteger('Step');
        $this->SetValue('Count', $n);
        $this->WriteAttributeInteger('Total', $this->ReadAttributeInteger('Total') + 1);
        return $n;
    }

    public function Total(): int
    {
        return $this->ReadAttributeInteger('Total');
    }

    public function Double(int $x): int
    {
        return phpbasic_double($x);
    }

    public function Scaled(float $x): float
    {
        return $x * $this->ReadPropertyFloat('Factor');
    }

    public function StartTicking(int $ms): bool
    {
        $this->SetTimerInterval('Tick', $ms);
        return true;
    }

    public function TickInterval(): int
    {
        return $this->GetTimerInterval('Tick');
    }

    public function Remember(string $text): string
    {
        $this->remembered = $text;
        $this->SetBuffer('Memo', $text);
        return $text;
    }

    public function RecallMember(): string
    {
        return $this->remembered === null ? '(nothing)' : $this->remembered;
    }

    public function RecallBuffer(): string
    {
        return $this->GetBuffer('Memo');
    }

    public function ReadUnknownProperty(): string
    {
        return $this->ReadPropertyString('NoSuchProperty');
    }

    public function Echo(string $text): string
    {
        echo "said $text";
        return $text;
    }

    public function Note(string $text): bool
    {
        $this->LogMessage("note: $text", KL_NOTIFY);
        $this->SendDebug('Note', $text, 0);
        $this->RegisterOnceTimer('Once', 'PCNT_Increment($_IPS[\'TARGET\']);');
        return true;
    }

    public function References(int $id): array
    {
        $this->RegisterReference($id);
        $this->RegisterReference($id);
        $this->RegisterReference($id + 1);
        $this->UnregisterReference($id + 1);
        return IPS_GetReferenceList($this->InstanceID);
    }

    public function Clock(): array
    {
        return [time(), gmdate('Y-m-d H:i:s'), microtime(true)];
    }

    // Kernel functions named by texts built at run time, alternately at one address (the host keeps
    // what it found per name address and must notice the other name).
    public function KernelByBuiltNames(int $Rounds): array
    {
        $out = [];
        for ($i = 0; $i < $Rounds; $i++) {
            $name = 'IPS_Get' . ($i % 2 ? 'Object' : 'Parent');
            $value = symemu_kernel($name, [$this->InstanceID]);
            $out[] = is_array($value) ? $value['ObjectID'] : gettype($value);
            unset($name);
        }
        return $out;
    }

    public function Kernel(): array
    {
        return [IPS_GetKernelRunlevel(), IPS_GetInstance($this->InstanceID)['ModuleInfo']['ModuleName']];
    }

    // The instance status constants as PHP modules see them (prelude/constants.php).
    public function StatusConstants(): array
    {
        return [IS_CREATING, IS_ACTIVE, IS_DELETING, IS_INACTIVE, IS_NOTCREATED, IS_EBASE];
    }
}
