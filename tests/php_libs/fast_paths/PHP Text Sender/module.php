<?php
// Hands one text to the kernel several times (two buffers, then its children), changes it in
// between, and reports what every party saw: the host's shared texts must change none of it.
class PHPTextSender extends IPSModule
{
    private const DATA_ID = '{7E57DA7A-0006-4000-8000-000000000006}';

    public function Run(string $text): string
    {
        $seen = [];
        // A packet as a gateway writes it: encoded, kept under two names, sent, then read back.
        $packet = json_encode(['DataID' => self::DATA_ID, 'Buffer' => $text], JSON_UNESCAPED_SLASHES);
        $this->SetBuffer('A', $packet);
        $this->SetBuffer('B', $packet);
        $seen['answers'] = $this->SendDataToChildren($packet);
        $seen['packet after send'] = $packet;
        $seen['A'] = $this->GetBuffer('A');
        $seen['B'] = $this->GetBuffer('B');
        // Changed in place after it was handed over: what the kernel keeps stays as it was.
        $kept = $packet;
        $packet[0] = '[';
        $packet .= ' and more';
        $seen['changed'] = $packet;
        $seen['A after change'] = $this->GetBuffer('A');
        $seen['kept'] = $kept;
        // The changed text handed over again, then the buffer read back and changed.
        $this->SetBuffer('A', $packet);
        $a = $this->GetBuffer('A');
        $a .= '!';
        $seen['A again'] = $this->GetBuffer('A');
        $seen['a'] = $a;
        // More texts than the host keeps, each under its own name, then all read back.
        for ($i = 0; $i < 10; $i++) {
            $this->SetBuffer('N' . $i, str_repeat((string) $i, $i) . $text);
        }
        for ($i = 0; $i < 10; $i++) {
            $seen['N' . $i] = $this->GetBuffer('N' . $i);
        }
        // Literals (interned), other types, empty and missing buffers.
        $this->SetBuffer('L', 'literal');
        $this->SetBuffer('I', 42);
        $this->SetBuffer('E', '');
        $seen['L'] = $this->GetBuffer('L');
        $seen['I'] = $this->GetBuffer('I');
        $seen['E'] = $this->GetBuffer('E');
        $seen['missing'] = $this->GetBuffer('Missing');
        $seen['list'] = $this->GetBufferList();
        $seen['child'] = $this->GetBuffer('FromChild');
        return json_encode($seen, JSON_UNESCAPED_SLASHES);
    }

    public function ForwardData($JSONString)
    {
        // The child's text, kept as it came (the child changes its own copy afterwards).
        $this->SetBuffer('FromChild', $JSONString);
        return 'kept';
    }

    /** A text over the host's limit for held strings, handed over twice and read back. */
    public function Large(): bool
    {
        $large = str_repeat('x', 100000);
        $this->SetBuffer('X', $large);
        $this->SetBuffer('Y', $large);
        $large[0] = 'y';
        return $this->GetBuffer('X') === str_repeat('x', 100000) && $this->GetBuffer('Y') === $this->GetBuffer('X');
    }

    public function Later(): string
    {
        return json_encode([$this->GetBuffer('A'), $this->GetBuffer('B'), $this->GetBuffer('FromChild')],
            JSON_UNESCAPED_SLASHES);
    }
}
