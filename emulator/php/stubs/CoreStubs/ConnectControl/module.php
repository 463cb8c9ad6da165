<?php

declare(strict_types=1);

// Connect Control as a stand-in: symemu has no cloud connection; each function says so.
class ConnectControl extends IPSModule
{
    public function ActivateServer()
    {
        self::NotOffered(__FUNCTION__);
    }

    public function GetConnectURL()
    {
        self::NotOffered(__FUNCTION__);
    }

    public function GetQRCodeSVG(int $WebFrontVisualizationID)
    {
        self::NotOffered(__FUNCTION__);
    }

    public function MakeRequest(string $Endpoint, string $RequestData)
    {
        self::NotOffered(__FUNCTION__);
    }

    public function SendGoogleAssistantStateReport(string $States)
    {
        self::NotOffered(__FUNCTION__);
    }

    public function GetRequestLimitCount()
    {
        self::NotOffered(__FUNCTION__);
    }

    public function GetTrafficStatistics()
    {
        self::NotOffered(__FUNCTION__);
    }

    public function GetGoogleAssistantLimitCount()
    {
        self::NotOffered(__FUNCTION__);
    }

    private static function NotOffered(string $Function): void
    {
        throw new Exception("'$Function' is not offered by symemu (no Symcon Connect)");
    }
}
