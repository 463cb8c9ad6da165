<?php
// IPSModuleStrict's helpers, for the count of direct calls (test_php_module_calls.cpp).
class PHPStrictCalls extends IPSModuleStrict
{
    public function Create(): void
    {
        parent::Create();
        $this->RegisterPropertyString('Name', 'strict');
        $this->RegisterVariableInteger('Counter', 'Counter');
    }

    public function Helpers(): string
    {
        $done = [$this->SetBuffer('Helper', 'two'), $this->SendDebug('Helper', $this->GetBuffer('Helper'), 0),
            $this->SetValue('Counter', 4)];
        return $this->ReadPropertyString('Name') . ' ' . $this->GetValue('Counter') . ' ' . json_encode($done);
    }
}
