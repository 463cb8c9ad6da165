<?php

declare(strict_types=1);

// A stand-in for Symcon's simple I/O instances (symemu has no Virtual I/O of its own): the test
// pushes text to the children and reads what they sent. The queue is kept in a buffer, so it
// survives symemu's fresh module object per call (docs/phpunit-stubs.md). Active from the start,
// whatever Open says, as the official stubs' I/O instances are.
class VirtualIO extends IPSModule
{
    // The DataIDs children send to this instance (module.json "implemented").
    protected const ACCEPTED = ['{79827379-F36E-4ADA-8A95-5F8D1DC92FA9}'];
    protected const TO_CHILDREN = '{018EF6B5-AB94-40C6-AA53-46943E824ACF}';

    public function Create()
    {
        parent::Create();
        $this->RegisterPropertyBoolean('Open', false);
    }

    public function ForwardData($JSONString)
    {
        $data = json_decode($JSONString, true);
        if (!isset($data['DataID'])) {
            throw new Exception('Invalid Data packet received');
        }
        if (!in_array(strtoupper($data['DataID']), static::ACCEPTED, true)) {
            throw new Exception('Unsupported DataID received');
        }
        $queue = $this->ReadQueue();
        // The bytes of a Buffer (Symcon's utf8 mapping undone); other requests as their JSON text.
        $queue[] = isset($data['Buffer']) ? mb_convert_encoding($data['Buffer'], 'ISO-8859-1', 'UTF-8') : $JSONString;
        $this->WriteQueue($queue);
        return '';
    }

    public function HasText()
    {
        return count($this->ReadQueue()) > 0;
    }

    public function PeekText()
    {
        $queue = $this->ReadQueue();
        if (count($queue) === 0) {
            throw new Exception('There is not data available');
        }
        return $queue[0];
    }

    public function PopText()
    {
        $queue = $this->ReadQueue();
        if (count($queue) === 0) {
            throw new Exception('There is not data available');
        }
        $text = array_shift($queue);
        $this->WriteQueue($queue);
        return $text;
    }

    public function PushText(string $Text)
    {
        $this->SendDataToChildren(json_encode([
            'DataID' => static::TO_CHILDREN,
            'Buffer' => mb_convert_encoding($Text, 'UTF-8', 'ISO-8859-1'),
        ]));
    }

    private function ReadQueue(): array
    {
        $text = $this->GetBuffer('SymemuTextQueue');
        return $text === '' ? [] : unserialize($text);
    }

    private function WriteQueue(array $queue): void
    {
        $this->SetBuffer('SymemuTextQueue', serialize($queue));
    }
}
