<?php

declare(strict_types=1);

// VoIP as a stand-in: outgoing calls are connections the test answers or rejects with the
// official stubs' helpers (VoIP_StubsAnswerOutgoingCall, VoIP_StubsRejectOutgoingCall,
// VoIP_StubsGetConnections). Connections live in a buffer, so they survive symemu's fresh object
// per call. Incoming calls, audio and DTMF fail naming the function.
class VoIP extends IPSModule
{
    public function Create()
    {
        parent::Create();
        $this->RegisterPropertyInteger('ProcessingScript', 0);
    }

    public function StubsGetConnections(): array
    {
        return $this->connections();
    }

    public function StubsAnswerOutgoingCall(int $ConnectionID): void
    {
        $this->setConnected($ConnectionID, true);
    }

    public function StubsRejectOutgoingCall(int $ConnectionID): void
    {
        $this->setConnected($ConnectionID, false);
    }

    public function Connect(string $Number): int
    {
        $connections = $this->connections();
        $id = count($connections);
        $connections[$id] = ['ID' => $id, 'TimeStamp' => time(), 'Number' => $Number, 'Direction' => 1,
            'Connected' => false, 'Disconnected' => false];
        $this->store($connections);
        return $id;
    }

    public function Disconnect(int $ConnectionID): void
    {
        $this->setConnected($ConnectionID, false);
    }

    public function GetConnection(int $ConnectionID): array
    {
        return $this->connection($ConnectionID);
    }

    public function AcceptCall(int $ConnectionID): void
    {
        $this->notOffered(__FUNCTION__);
    }

    public function RejectCall(int $ConnectionID): void
    {
        $this->notOffered(__FUNCTION__);
    }

    public function GetData(int $ConnectionID): string
    {
        $this->notOffered(__FUNCTION__);
    }

    public function SetData(int $ConnectionID, string $Data): void
    {
        $this->notOffered(__FUNCTION__);
    }

    public function PlayWave(int $ConnectionID, string $Filename): void
    {
        $this->notOffered(__FUNCTION__);
    }

    public function SendDTMF(int $ConnectionID, string $DTMF): void
    {
        $this->notOffered(__FUNCTION__);
    }

    private function connections(): array
    {
        return json_decode($this->GetBuffer('Connections') ?: '[]', true);
    }

    private function connection(int $id): array
    {
        $connections = $this->connections();
        if (!isset($connections[$id])) {
            throw new Exception(sprintf('Connection for ID %d does not exist', $id));
        }
        return $connections[$id];
    }

    private function setConnected(int $id, bool $connected): void
    {
        $connections = $this->connections();
        $this->connection($id);
        $connections[$id]['Connected'] = $connected;
        $connections[$id]['Disconnected'] = !$connected;
        $this->store($connections);
    }

    private function store(array $connections): void
    {
        $this->SetBuffer('Connections', json_encode($connections));
    }

    private function notOffered(string $function): void
    {
        throw new Exception(sprintf('VoIP_%s is not offered by symemu\'s VoIP stand-in (docs/phpunit-stubs.md)', $function));
    }
}
