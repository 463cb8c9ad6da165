<?php
// Loaded with require_once relative to the module: libs/ of the library.
function phpbasic_double(int $x): int
{
    return 2 * $x;
}
