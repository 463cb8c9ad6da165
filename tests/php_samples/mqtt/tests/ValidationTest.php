<?php

declare(strict_types=1);

include_once __DIR__ . '/stubs/Validator.php';

class ValidationTest extends TestCaseSymconValidation
{
    public function testValidateLibrary(): void
    {
        $this->validateLibrary(__DIR__ . '/..');
    }

    public function testValidateSplitter(): void
    {
        $this->validateModule(__DIR__ . '/../Sample MQTT Splitter');
    }

    public function testValidateDevice(): void
    {
        $this->validateModule(__DIR__ . '/../Sample MQTT Device');
    }
}
