<?php

declare(strict_types=1);

// Tile Visualization as a stand-in: symemu has no visualization. Notifications get increasing
// IDs (kept in an attribute, so they survive symemu's fresh object per call) and, like
// OpenObject, are recorded as debug messages of the instance (IPS\DebugServer::getDebugMessages).
class TileVisualization extends IPSModule
{
    public function Create()
    {
        parent::Create();
        $this->RegisterAttributeInteger('LastNotificationsID', 0);
    }

    public function OpenObject(int $ObjectID, string $TokenList): void
    {
        $this->SendDebug(__FUNCTION__, json_encode(func_get_args()), 0);
    }

    public function PostNotification(string $Title, string $Text, string $Type, int $TargetID): int
    {
        return $this->PostNotificationEx($Title, $Text, '', '', $TargetID);
    }

    public function PostNotificationEx(string $Title, string $Text, string $Icon, string $Sound, int $TargetID): int
    {
        $id = $this->ReadAttributeInteger('LastNotificationsID') + 1;
        $this->WriteAttributeInteger('LastNotificationsID', $id);
        $this->SendDebug('PostNotification', json_encode(['ID' => $id, 'Title' => $Title, 'Text' => $Text,
            'Icon' => $Icon, 'Sound' => $Sound, 'TargetID' => $TargetID]), 0);
        return $id;
    }
}
