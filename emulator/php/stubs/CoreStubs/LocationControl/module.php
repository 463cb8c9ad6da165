<?php

declare(strict_types=1);

// Location Control as a stand-in: the variables modules read (IsDay, Sunrise, Sunset), set by
// the test; nothing computes them.
class LocationControl extends IPSModule
{
    public function Create()
    {
        parent::Create();
        $this->RegisterVariableBoolean('IsDay', 'Is Day');
        $this->RegisterVariableInteger('Sunrise', 'Sunrise', '~UnixTimestamp');
        $this->RegisterVariableInteger('Sunset', 'Sunset', '~UnixTimestamp');
    }
}
