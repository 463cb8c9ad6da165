<?php

declare(strict_types=1);

// Util Control as a stand-in. UC_GetLogMessageStatistics answers what the official stubs answer
// (no statistics); symemu's kernel log is read with IPS\LogServer::getLogMessages instead.
class UtilControl extends IPSModule
{
    public function GetLogMessageStatistics(): array
    {
        return [];
    }
}
