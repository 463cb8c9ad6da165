<?php

declare(strict_types=1);

// Counts minutes with a timer. Its clock is getTime(), which tests steer through SetNow (the
// pattern module authors use to make time testable).
class SampleClockedCounter extends IPSModule
{
    public function Create()
    {
        parent::Create();
        $this->RegisterAttributeInteger('Now', 0);
        $this->RegisterVariableInteger('Ticks', 'Ticks', '', 1);
        $this->RegisterVariableInteger('LastTick', 'Last tick', '~UnixTimestamp', 2);
        $this->RegisterTimer('Minute', 60 * 1000, 'SCC_Tick($_IPS[\'TARGET\']);');
    }

    public function Tick(): void
    {
        $this->SetValue('Ticks', $this->GetValue('Ticks') + 1);
        $this->SetValue('LastTick', $this->getTime());
    }

    public function SetNow(int $Now): void
    {
        $this->WriteAttributeInteger('Now', $Now);
    }

    protected function getTime()
    {
        $now = $this->ReadAttributeInteger('Now');
        return $now > 0 ? $now : time();
    }
}
