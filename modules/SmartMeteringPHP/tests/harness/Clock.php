<?php

declare(strict_types=1);

// The library's time() (its code lives in namespace SmartMetering) on the fake kernel's clock,
// as symemu's host gives PHP the kernel's clock.
namespace SmartMetering;

function time(): int
{
    return \FakeKernel::$clock;
}
