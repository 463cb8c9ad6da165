<?php
// Every module API op and a choice of kernel functions called both ways the host offers: by name
// with an argument array (symemu_module, symemu_kernel) and directly (__symemu_<Op>, the kernel
// function itself), with right, wrong and missing arguments. Each outcome (result, warnings with
// their line, exception) is written down, so the two ways can be compared (test_php_module_calls.cpp).
class PHPModuleCalls extends IPSModule
{
    public function Create()
    {
        parent::Create();
        $this->RegisterPropertyString('Name', 'text');
    }

    // $Way: 'array' (symemu_module) or 'direct' (__symemu_<Op>).
    public function ModuleOps(string $Way): string
    {
        $id = $this->InstanceID;
        $ops = [];
        foreach (get_defined_functions()['internal'] as $function) {
            if (str_starts_with($function, '__symemu_')) {
                $ops[] = (new ReflectionFunction($function))->getName();
            }
        }
        sort($ops);
        $argumentLists = [[], ['Name'], ['Name', 'text', 3], ['Name', 7, 1], ['Name', true, 0], ['Name', 2.5, 2],
            [[1, 2], new stdClass(), 'x', null, 5], ['Name', 'v', 9], ['{5E3A0007-0009-4000-8000-000000000007}'],
            [$id, 10505], ['/hook/calls'], ['Name', 'a', 'b', 'c', 'd', 'e']];
        $out = [];
        foreach ($ops as $function) {
            $op = substr($function, strlen('__symemu_'));
            foreach ($argumentLists as $args) {
                $out[] = $op . '(' . self::describe($args) . '): ' . $this->outcome($Way, $id, $op, $args);
            }
        }
        // InstanceIDs that are not ints (IPSModule takes any) or name no instance
        foreach ([(string) $id, 'abc', null, (float) $id, $id + 0.5, true, 99999, 0] as $other) {
            foreach (['SetBuffer' => ['Other', 'x'], 'GetBuffer' => ['Other'], 'ReadProperty' => ['Name', 3]] as $op => $args) {
                $out[] = $op . ' on ' . var_export($other, true) . ': ' . $this->outcome($Way, $other, $op, $args);
            }
        }
        $out[] = 'buffers: ' . $this->outcome($Way, $id, 'GetBufferList', []) . ' children: ' . json_encode(IPS_GetChildrenIDs($id));
        return implode("\n", $out);
    }

    // $Way: 'array' (symemu_kernel) or 'direct' (the function itself).
    public function KernelFunctions(string $Way): string
    {
        $id = $this->InstanceID;
        $variable = $this->RegisterVariableInteger('Counter', 'Counter');
        $calls = [['IPS_GetObject', [$id]], ['IPS_GetObject', []], ['IPS_GetObject', ['abc']], ['IPS_GetObject', [(string) $id]],
            ['IPS_GetObject', [99999]], ['IPS_GetObject', [$id, 1]], ['IPS_GetName', [$id]], ['IPS_SetName', [$id, 'Calls']],
            ['IPS_GetName', [$id]], ['IPS_GetObjectIDByIdent', ['Nothing', $id]], ['IPS_GetObjectIDByIdent', ['Counter', $id]],
            ['IPS_InstanceExists', [true]], ['IPS_InstanceExists', [null]], ['SetValue', [$variable, 5]],
            ['SetValue', [$variable, '12abc']], ['SetValue', [$variable]], ['SetValue', [$variable, 1, 2]],
            ['SetValue', ['VariableID' => $variable, 'Value' => 9]], ['SetValue', [$variable, 'Value' => 8]],
            ['SetValue', [$variable, [1]]], ['SetValue', [(string) $variable, 6]], ['SetValueInteger', [$variable, 2.5]],
            ['GetValue', [$variable]], ['GetValueFormatted', [$variable]], ['GetValueInteger', ['x']],
            ['IPS_RunScriptTextWait', ['echo 5 + 2;']], ['IPS_RunScriptTextWait', ['throw new Exception("no");']],
            ['IPS_Sleep', [1]], ['IPS_GetReferenceList', [$id]], ['IPS_GetInstanceListByModuleID', ['{5E3A0007-0001-4000-8000-000000000007}']],
            ['IPS_GetKernelRunlevel', []], ['RequestAction', [$variable, 1]], ['HasAction', [$variable]]];
        $out = [];
        foreach ($calls as [$function, $args]) {
            $out[] = $function . '(' . self::describe($args) . '): ' . $this->outcome($Way, 0, $function, $args, true);
        }
        $out[] = 'internal: ' . json_encode(array_map(static fn ($f) => (new ReflectionFunction($f))->isInternal(),
            ['IPS_GetObject', 'SetValue', 'GetValue', 'IPS_RunScriptTextWait', 'IPS_Sleep', 'RequestAction']));
        $out[] = 'exists: ' . json_encode([function_exists('IPS_GetInstance'), function_exists('ips_getinstance'),
            function_exists('IPS_NotAFunction')]);
        return implode("\n", $out);
    }

    // The module's own helpers, for the count of direct calls.
    public function Helpers(): string
    {
        $this->RegisterVariableInteger('Counter', 'Counter');
        $this->SetBuffer('Helper', 'one');
        $this->SendDebug('Helper', $this->GetBuffer('Helper'), 0);
        $this->SetValue('Counter', 3);
        return $this->ReadPropertyString('Name') . ' ' . $this->GetValue('Counter');
    }

    // Texts handed to the kernel and read back (test_php_module_calls.cpp): the kernel keeps what
    // was handed over, whichever string instance names it, and whatever the module does with its
    // strings afterwards (the kernel shares texts by the PHP string's address, php_shared_texts.h).
    public function Texts(): string
    {
        $out = [];
        $n = 12;
        $packet = str_repeat('p', 40) . $n; // built at run time: not interned
        $this->SetBuffer("Last$n:" . 'A', $packet);
        $this->SetBuffer("Last$n:" . 'B', $packet); // the same string again (shared)
        $name = 'Last' . $n . ':A'; // another string with the same name
        $out[] = $this->GetBuffer($name) === $packet ? 'same' : 'differs';
        $packet[0] = 'X'; // changed after the hand-over (PHP separates it)
        $out[] = $this->GetBuffer("Last$n:A")[0] . $this->GetBuffer("Last$n:B")[0];
        $this->SetBuffer($name, $packet); // the changed text set again under one of the names
        $out[] = $this->GetBuffer("Last$n:" . 'A')[0] . $this->GetBuffer("Last$n:B")[0];
        for ($i = 0; $i < 6; $i++) { // more texts than the kernel holds strings of, each freed after
            $text = "text $i " . str_repeat('t', 30);
            $this->SetBuffer('Round', $text);
            unset($text);
        }
        $out[] = substr($this->GetBuffer('Round'), 0, 6);
        $data = 'debug ' . str_repeat('d', 40);
        $this->SendDebug('Texts', $data, 0);
        $data[0] = 'X'; // the kept entry is a copy
        $this->SendDebug('Texts', $data, 0);
        unset($data);
        return implode(',', $out);
    }

    // $kernel: a kernel function, else a module API op on $id. The calls stand on one line, so a
    // warning's line is the same either way.
    private function outcome(string $way, $id, string $function, array $args, bool $kernel = false): string
    {
        $warnings = [];
        set_error_handler(static function (int $type, string $message, string $file, int $line) use (&$warnings): bool {
            $warnings[] = $type . ' ' . $message . ' @' . $line;
            return true;
        });
        try {
            $result = $way === 'array' ? ($kernel ? symemu_kernel($function, $args) : symemu_module($id, $function, $args)) : ($kernel ? $function(...$args) : ('__symemu_' . $function)($id, ...$args));
            $text = 'ok ' . self::describe($result);
        } catch (\Throwable $e) {
            $text = get_class($e) . ': ' . $e->getMessage();
        } finally {
            restore_error_handler();
        }
        return $text . ($warnings === [] ? '' : ' | ' . implode(' | ', $warnings));
    }

    private static function describe($value): string
    {
        return is_object($value) ? 'object' : (is_array($value) ? json_encode($value) : var_export($value, true));
    }
}
