<?php

declare(strict_types=1);

// The classic mistake: state in a member. It works with the official stubs (one object per
// instance) and not in Symcon, which makes a new object for every call.
class SampleCounterException extends Exception
{
}

class SampleMemberCounter extends IPSModule
{
    public $count = 0;

    public function Increment(): int
    {
        $this->count++;
        return $this->count;
    }

    public function Fail(string $Why): void
    {
        throw new SampleCounterException($Why);
    }

    public function Show(int $Value): void
    {
        $this->UpdateVisualizationValue(json_encode($Value));
    }
}
