<?php

declare(strict_types=1);

class SampleConfiguredDevice extends IPSModule
{
    public function Create()
    {
        parent::Create();
        $this->RegisterPropertyString('Name', '');
        $this->RegisterVariableFloat('Temperature', 'Temperature', '~Temperature', 1);
    }
}
