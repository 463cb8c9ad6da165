<?php

declare(strict_types=1);

require_once __DIR__ . '/../libs/GatewayTrait.php';

use SmartMetering\Guids;
use SmartMetering\Text;

/**
 * SmartLogHTTPS: the gateway of one SE-LOG 2.0 that POSTs its JSON report to a WebHook (Report
 * Mode TLS). Registers /hook/smartlog/<SmartLogID> in WebHook Control's "Hooks" (at KR_READY)
 * and checks Basic auth when a user name is set. TLS is WebHook Control's job.
 */
class SmartLogHTTPS extends IPSModule
{
    use \SmartMetering\GatewayTrait;

    public function Create()
    {
        parent::Create();
        $this->RegisterGatewayProperties();
        $this->RegisterPropertyString('WebHookUsername', '');
        $this->RegisterPropertyString('WebHookPassword', '');
        $this->RegisterMessage(0, IPS_KERNELMESSAGE);
    }

    public function ApplyChanges()
    {
        parent::ApplyChanges();
        $this->SetStatus($this->ReadPropertyString('SmartLogID') === '' ? 104 : 102);
        if (IPS_GetKernelRunlevel() == KR_READY) {
            $this->UpdateHooks(false);
        }
    }

    public function Destroy()
    {
        try {
            $this->UpdateHooks(true);
        } catch (Throwable $e) {
            $this->LogMessage('Could not remove the hook: ' . $e->getMessage(), KL_WARNING);
        }
        parent::Destroy();
    }

    public function MessageSink($TimeStamp, $SenderID, $Message, $Data)
    {
        if ($SenderID == 0 && $Message == IPS_KERNELMESSAGE && ($Data[0] ?? null) == KR_READY) {
            $this->UpdateHooks(false);
        }
    }

    public function GetConfigurationForm()
    {
        $form = json_decode(file_get_contents(__DIR__ . '/form.json'), true);
        $address = $this->ReportAddress();
        $directory = $this->HookPath() === '' ? '(set the SmartLog ID first)' : $this->HookPath();
        foreach ($form['actions'] as &$element) {
            if (($element['name'] ?? '') === 'ReportAddress') {
                $element['caption'] = 'Report address: ' . $address;
            }
            if (($element['name'] ?? '') === 'ReportDirectory') {
                $element['caption'] = 'Report directory: ' . $directory;
            }
        }
        return Text::json($form);
    }

    protected function ProcessHookData()
    {
        $path = $this->HookPath();
        $requestPath = rawurldecode(explode('?', $_SERVER['REQUEST_URI'] ?? ($_SERVER['SCRIPT_NAME'] ?? ''), 2)[0]);
        header('Content-Type: text/plain; charset=utf-8');
        // WebHook Control matches the longest prefix, so /hook/smartlog/SL-12 may arrive at SL-1.
        if ($path === '' || ($requestPath !== $path && $requestPath !== $path . '/')) {
            http_response_code(404);
            echo 'Not Found';
            return;
        }
        $user = $this->ReadPropertyString('WebHookUsername');
        if ($user !== '' && (!isset($_SERVER['PHP_AUTH_USER']) || $_SERVER['PHP_AUTH_USER'] !== $user
                || ($_SERVER['PHP_AUTH_PW'] ?? '') !== $this->ReadPropertyString('WebHookPassword'))) {
            $this->SendDebug('Hook', 'authorization failed', 0);
            http_response_code(401);
            header('WWW-Authenticate: Basic realm="SmartLog ' . $this->ReadPropertyString('SmartLogID') . '"');
            echo 'Unauthorized';
            return;
        }
        if (($_SERVER['REQUEST_METHOD'] ?? '') !== 'POST') {
            http_response_code(405);
            header('Allow: POST');
            echo 'Method Not Allowed';
            return;
        }
        [$outcome, $message] = $this->ProcessReport('', file_get_contents('php://input'));
        if ($outcome === 'Applied') {
            echo 'OK';
            return;
        }
        // A malformed report or another logger's report: make the misconfiguration visible.
        http_response_code(400);
        echo $message;
    }

    /** A hook names its logger by this instance's SmartLogID (it has no topic). */
    protected function TransportLoggerId(string $transport): string
    {
        return $this->ReadPropertyString('SmartLogID');
    }

    /**
     * The address the logger must be given: WebHook Control's HTTPS listener as it is bound now
     * (WC_GetHTTPSPort, an ephemeral port resolved), not the configured port.
     */
    private function ReportAddress(): string
    {
        $control = $this->WebHookControl(false);
        if ($control === 0) {
            return '(no WebHook Control instance)';
        }
        $port = -1;
        if (function_exists('WC_GetHTTPSPort')) {
            try {
                $port = (int) WC_GetHTTPSPort($control);
            } catch (Throwable $e) {
                $port = -1;
            }
        }
        if ($port <= 0) {
            return '(WebHook Control #' . $control . ' is not listening for HTTPS)';
        }
        $configuration = json_decode(IPS_GetConfiguration($control), true);
        $bind = is_array($configuration) && is_string($configuration['BindAddress'] ?? null) ? $configuration['BindAddress'] : '';
        $anyAddress = $bind === '' || $bind === '0.0.0.0' || $bind === '::';
        $loopback = str_starts_with($bind, '127.') || $bind === '::1' || $bind === 'localhost';
        $host = $anyAddress ? gethostname() : $bind;
        if (strpos($host, ':') !== false) {
            $host = '[' . $host . ']';
        }
        return 'https://' . $host . ':' . $port
            . ($loopback ? ' (only the loopback address is bound: a logger on the network cannot reach it)' : '');
    }

    /** "/hook/smartlog/<SmartLogID>", "" while no SmartLogID is set. */
    private function HookPath(): string
    {
        $smartLogId = $this->ReadPropertyString('SmartLogID');
        return $smartLogId === '' ? '' : '/hook/smartlog/' . $smartLogId;
    }

    private function WebHookControl(bool $createIfMissing): int
    {
        $ids = IPS_GetInstanceListByModuleID(Guids::WEBHOOK_CONTROL);
        if (count($ids) > 0) {
            return $ids[0];
        }
        if (!$createIfMissing || !IPS_ModuleExists(Guids::WEBHOOK_CONTROL)) {
            return 0;
        }
        return IPS_CreateInstance(Guids::WEBHOOK_CONTROL);
    }

    /**
     * Puts this instance's hook into the first WebHook Control (creating one if none exists) and
     * removes hooks of this instance with another path; $remove drops them all.
     */
    private function UpdateHooks(bool $remove): void
    {
        $path = $remove ? '' : $this->HookPath();
        $control = $this->WebHookControl($path !== '');
        if ($control === 0) {
            if ($path !== '') {
                $this->LogMessage('No WebHook Control available; hook ' . $path . ' is not registered', KL_WARNING);
            }
            return;
        }
        $hooks = json_decode((string) IPS_GetProperty($control, 'Hooks'), true);
        if (!is_array($hooks) || !array_is_list($hooks)) {
            $hooks = []; // an empty or broken list is replaced
        }
        $updated = [];
        $present = false;
        $changed = false;
        foreach ($hooks as $entry) {
            if (!is_array($entry) || ($entry !== [] && array_is_list($entry))) {
                $changed = true;
                continue;
            }
            $hook = is_scalar($entry['Hook'] ?? null) ? (string) $entry['Hook'] : '';
            $target = (int) ($entry['TargetID'] ?? 0);
            if ($path !== '' && $hook === $path) {
                $present = true;
                if ($target !== $this->InstanceID) {
                    $entry['TargetID'] = $this->InstanceID;
                    $changed = true;
                }
            } elseif ($target === $this->InstanceID) {
                $changed = true; // an old path of this instance
                continue;
            }
            $updated[] = $entry;
        }
        if ($path !== '' && !$present) {
            $updated[] = ['Hook' => $path, 'TargetID' => $this->InstanceID];
            $changed = true;
        }
        if (!$changed) {
            return;
        }
        foreach ($updated as &$entry) {
            ksort($entry, SORT_STRING); // keys in order, as WebHook Control writes them
        }
        unset($entry);
        IPS_SetProperty($control, 'Hooks', Text::json($updated));
        IPS_ApplyChanges($control);
    }
}
