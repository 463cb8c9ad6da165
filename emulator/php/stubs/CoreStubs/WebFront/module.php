<?php

declare(strict_types=1);

// WebFront Visualization as a stand-in: symemu has no WebFront. Each WFC_* call a module makes
// is recorded as a debug message of the instance (its name, the arguments as JSON), so a test
// can check it with IPS\DebugServer::getDebugMessages($id); nothing is shown anywhere.
class WebFrontVisualization extends IPSModule
{
    public function AudioNotification(string $Title, int $MediaID): void
    {
        $this->record(__FUNCTION__, func_get_args());
    }

    public function OpenCategory(int $CategoryID): void
    {
        $this->record(__FUNCTION__, func_get_args());
    }

    public function PushNotification(string $Title, string $Text, string $Sound, int $TargetID): void
    {
        $this->record(__FUNCTION__, func_get_args());
    }

    public function Reload(): void
    {
        $this->record(__FUNCTION__, []);
    }

    public function SendNotification(string $Title, string $Text, string $Icon, int $Timeout): void
    {
        $this->record(__FUNCTION__, func_get_args());
    }

    public function SendPopup(string $Title, string $Text): void
    {
        $this->record(__FUNCTION__, func_get_args());
    }

    public function SwitchPage(string $PageName): void
    {
        $this->record(__FUNCTION__, func_get_args());
    }

    private function record(string $call, array $arguments): void
    {
        $this->SendDebug($call, json_encode($arguments), 0);
    }
}
