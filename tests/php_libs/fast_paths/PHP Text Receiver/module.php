<?php
// Receives the sender's packet, decodes it, changes both its argument and the decoded array in
// place, and answers with what it got first.
class PHPTextReceiver extends IPSModule
{
    public function ReceiveData($JSONString)
    {
        $got = $JSONString;
        $data = json_decode($JSONString, true);
        $data['Buffer'] .= ' (changed by the child)';
        $JSONString[0] = '[';
        $JSONString .= ' changed';
        $this->SetBuffer('Got', $got);
        $this->SetBuffer('Changed', $JSONString);
        $forwarded = $this->SendDataToParent(json_encode(['DataID' => '{7E57DA7A-0007-4000-8000-000000000007}',
            'Buffer' => $got], JSON_UNESCAPED_SLASHES));
        $JSONString .= ' again';
        return json_encode([$got, $data, $forwarded, $this->GetBuffer('Got'), $this->GetBuffer('Changed')],
            JSON_UNESCAPED_SLASHES);
    }

    public function Buffers(): string
    {
        return json_encode([$this->GetBuffer('Got'), $this->GetBuffer('Changed')], JSON_UNESCAPED_SLASHES);
    }
}
