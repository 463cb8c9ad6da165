<?php

declare(strict_types=1);

require_once __DIR__ . '/FakeKernel.php';

/**
 * Plays a symemu fixture (fixtures/*.jsonl) into the FakeKernel the way `symemu replay` plays it
 * in process: MQTT Server and WebHook Control stand-ins, an optional SmartLogDiscovery
 * (--auto-create), the kernel clock at start + t, "${PASSWORD}" and Basic auth from --password,
 * create_instance and create_all actions as emulator/cli/replay_events.cpp does them.
 */
final class FixtureReplay
{
    public int $server;
    public int $webhook;
    public array $failures = [];

    public function __construct(private string $password, bool $autoCreate)
    {
        FakeKernel::registerModule(['id' => FakeMqttServer::ID, 'name' => 'MQTT Server', 'type' => 2,
            'implemented' => ['{043EA491-0325-4ADD-8FC2-A30C8EEB4D3F}']], FakeMqttServer::class);
        FakeKernel::registerModule(['id' => FakeWebHookControl::ID, 'name' => 'WebHook Control', 'type' => 0], FakeWebHookControl::class);
        $this->server = FakeKernel::createInstance(FakeMqttServer::ID);
        $this->webhook = FakeKernel::createInstance(FakeWebHookControl::ID);
        if ($autoCreate) {
            $discovery = FakeKernel::createInstance('{9C1F2D47-3B6A-4E85-A0D2-6F4B8E17C35A}');
            FakeKernel::connect($discovery, $this->server);
            IPS_ApplyChanges($discovery);
        }
    }

    public function play(string $fixture): void
    {
        $lines = file($fixture, FILE_IGNORE_NEW_LINES | FILE_SKIP_EMPTY_LINES);
        $start = json_decode(array_shift($lines), true)['start'] ?? 1741947300;
        foreach ($lines as $n => $line) {
            $event = json_decode($line, true);
            FakeKernel::$clock = $start + (int) ($event['t'] ?? 0);
            switch ($event['type']) {
                case 'mqtt':
                    $payload = isset($event['payload_base64']) ? base64_decode($event['payload_base64']) : $event['payload'];
                    FakeMqttServer::publish($this->server, $event['topic'], $payload);
                    break;
                case 'http':
                    $status = $this->http($event);
                    $want = $event['expect_status'] ?? null;
                    if ($want === null ? ($status < 200 || $status > 299) : $status !== $want) {
                        $this->failures[] = 'event ' . ($n + 1) . ': HTTP ' . $status;
                    }
                    break;
                default:
                    $event['action'] === 'create_all' ? $this->createAll($event['smartlog_id']) : $this->createInstance($event);
            }
        }
    }

    private function http(array $event): int
    {
        $hooks = json_decode(IPS_GetProperty($this->webhook, 'Hooks'), true);
        $target = 0;
        $best = -1;
        foreach ($hooks as $hook) {
            if (str_starts_with($event['path'], $hook['Hook']) && strlen($hook['Hook']) > $best) {
                [$target, $best] = [$hook['TargetID'], strlen($hook['Hook'])];
            }
        }
        if ($target === 0) {
            return 404;
        }
        $_SERVER['REQUEST_URI'] = $event['path'];
        $_SERVER['REQUEST_METHOD'] = $event['method'] ?? 'GET';
        unset($_SERVER['PHP_AUTH_USER'], $_SERVER['PHP_AUTH_PW']);
        if (isset($event['user'])) {
            $_SERVER['PHP_AUTH_USER'] = $event['user'];
            $_SERVER['PHP_AUTH_PW'] = $this->password;
        }
        http_response_code(200);
        FakeInput::$body = $event['body'] ?? '';
        stream_wrapper_unregister('php');
        stream_wrapper_register('php', FakeInput::class);
        ob_start();
        try {
            FakeKernel::call($target, 'ProcessHookData');
        } finally {
            ob_end_clean();
            stream_wrapper_restore('php');
        }
        return (int) http_response_code();
    }

    private function createAll(string $smartLogId): void
    {
        $logger = 0;
        foreach (['{18FD30FB-84D6-4CDE-A3F0-5FE94BF4D3AE}', '{4ED14F63-E3EE-4473-B679-B61ABAA73137}'] as $module) {
            foreach (IPS_GetInstanceListByModuleID($module) as $id) {
                if ($logger === 0 && IPS_GetProperty($id, 'SmartLogID') === $smartLogId) {
                    $logger = $id;
                }
            }
        }
        $configuratorModule = '{BD958F0D-F463-4101-939D-09A85B058652}';
        $configurator = 0;
        foreach (IPS_GetInstanceListByModuleID($configuratorModule) as $id) {
            if ($configurator === 0 && FakeKernel::$instances[$id]['connection'] === $logger) {
                $configurator = $id;
            }
        }
        if ($configurator === 0) {
            // The configurator's RequireParent makes a SmartLog of its own; it is not wanted here.
            $configurator = FakeKernel::createInstance($configuratorModule);
            $made = FakeKernel::$instances[$configurator]['connection'];
            FakeKernel::connect($configurator, $logger);
            if ($made !== 0 && $made !== $logger) {
                IPS_DeleteInstance($made);
            }
            IPS_SetParent($configurator, \SmartMetering\MeterInstances::ensureCategoryPath(['SmartMetering', 'SmartLog ' . $smartLogId]));
            IPS_SetName($configurator, 'Configurator ' . $smartLogId);
            IPS_ApplyChanges($configurator);
        }
        SM_CreateAll($configurator);
    }

    private function createInstance(array $event): void
    {
        $module = '';
        foreach (FakeKernel::$modules as $guid => $info) {
            if ($info['name'] === $event['module']) {
                $module = $guid;
            }
        }
        $id = FakeKernel::createInstance($module);
        foreach ($event['properties'] as $name => $value) {
            IPS_SetProperty($id, $name, $value === '${PASSWORD}' ? $this->password : $value);
        }
        IPS_ApplyChanges($id);
    }
}

/** php://input for ProcessHookData (registered for the "php" scheme only during a hook call). */
final class FakeInput
{
    public static string $body = '';
    public $context;
    private int $at = 0;

    public function stream_open(string $path, string $mode, int $options, ?string &$opened): bool
    {
        return $path === 'php://input';
    }

    public function stream_read(int $count): string
    {
        $chunk = substr(self::$body, $this->at, $count);
        $this->at += strlen($chunk);
        return $chunk;
    }

    public function stream_eof(): bool
    {
        return $this->at >= strlen(self::$body);
    }

    public function stream_stat(): array
    {
        return ['size' => strlen(self::$body)];
    }
}
