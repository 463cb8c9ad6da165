<?php

declare(strict_types=1);

// The official stubs' test-only members of IPSModule/IPSModuleStrict, added to symemu's base
// classes in php-cli runs only (the prelude uses this trait; the emulator's is empty):
// GetReceiveDataFilter(), GetForwardDataFilter(), getMessages(), postMessage() and
// UpdateVisualizationValue(), whose messages getMessages() returns. Posted messages are kept per
// instance, not per object, so they survive symemu's fresh object per call.
final class __SymemuPosted
{
    public static array $messages = [];
}

trait __SymemuTestHelpers
{
    public function GetReceiveDataFilter()
    {
        return symemu_test('filters', [$this->InstanceID])[0];
    }

    public function GetForwardDataFilter()
    {
        return symemu_test('filters', [$this->InstanceID])[1];
    }

    public function getMessages()
    {
        return __SymemuPosted::$messages[$this->InstanceID] ?? [];
    }

    protected function UpdateVisualizationValue($Value)
    {
        $this->postMessage(10541, [$Value]);
    }

    protected function postMessage($Message, $Data)
    {
        __SymemuPosted::$messages[$this->InstanceID][] = [
            'TimeStamp' => 0,
            'SenderID'  => $this->InstanceID,
            'Message'   => $Message,
            'Data'      => $Data,
        ];
    }
}
