<?php
// One method per fault a module call can end in (docs/php-modules.md, "Faults").
class PHPFaults extends IPSModule
{
    public function Create()
    {
        parent::Create();
        $this->RegisterPropertyInteger('Limit', 0);
        $this->RegisterTimer('Fail', 0, 'PFLT_Throw($_IPS[\'TARGET\']);');
    }

    public function ApplyChanges()
    {
        parent::ApplyChanges();
        $this->RegisterVariableInteger('Value', 'Value');
    }

    public function Ping(): string
    {
        return 'pong';
    }

    /** What runs this PHP: the SAPI's name and whether OPcache and its JIT are on (serve: yes). */
    public function Runtime(): string
    {
        $status = function_exists('opcache_get_status') ? opcache_get_status(false) : false;
        return json_encode(['sapi' => PHP_SAPI, 'sapiName' => php_sapi_name(),
            'opcache' => is_array($status) && $status['opcache_enabled'], 'jit' => is_array($status) && ($status['jit']['on'] ?? false)]);
    }

    public function Throw(): void
    {
        throw new RuntimeException('boom');
    }

    public function Warn(): string
    {
        $list = [];
        return 'after ' . $list['missing'];
    }

    public function Silenced(): string
    {
        $list = [];
        return 'quiet ' . @$list['missing'];
    }

    public function Fatal(): void
    {
        trigger_error('deliberately fatal', E_USER_ERROR);
    }

    public function Undefined(): void
    {
        IPS_NoSuchFunction(1);
    }

    public function Loop(): void
    {
        $i = 0;
        while (true) {
            $i++;
        }
    }

    public function Memory(): void
    {
        $blocks = [];
        while (true) {
            $blocks[] = str_repeat('x', 1024 * 1024);
        }
    }

    public function FailingTimer(int $ms): void
    {
        $this->SetTimerInterval('Fail', $ms);
    }

    public function SetThenFatal(int $v): void
    {
        $this->SetValue('Value', $v);
        trigger_error('after a write', E_USER_ERROR);
    }

    public function Recurse(int $depth): int
    {
        return PFLT_Recurse($this->InstanceID, $depth + 1);
    }

    public function NestedFatal(int $other): string
    {
        // A fatal error in another PHP module ends this call too.
        return PFLT_Fatal($other) . ' unreachable';
    }
}
