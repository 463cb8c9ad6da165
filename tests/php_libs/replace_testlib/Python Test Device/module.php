<?php
// Same library id, module GUID and name as the C++ test device: loading this library replaces it.
class PythonTestDevice extends IPSModule
{
    public function Edition(): string
    {
        return 'php';
    }
}
