<?php
// A PHP splitter: what a child forwards goes back down to every child; C++ devices can be its children.
class PHPBus extends IPSModule
{
    public function Create()
    {
        parent::Create();
        $this->RegisterAttributeInteger('Forwarded', 0);
    }

    public function ForwardData($JSONString)
    {
        $data = json_decode($JSONString);
        $this->WriteAttributeInteger('Forwarded', $this->ReadAttributeInteger('Forwarded') + 1);
        $answers = $this->SendDataToChildren(json_encode(['DataID' => '{7E57DA7A-0001-4000-8000-000000000001}', 'Buffer' => 'bus:' . $data->Buffer]));
        return 'php:' . $data->Buffer . ':' . count($answers);
    }

    public function Forwarded(): int
    {
        return $this->ReadAttributeInteger('Forwarded');
    }

    public function Broadcast(string $text): array
    {
        return $this->SendDataToChildren(json_encode(['DataID' => '{7E57DA7A-0001-4000-8000-000000000001}', 'Buffer' => $text]));
    }
}
