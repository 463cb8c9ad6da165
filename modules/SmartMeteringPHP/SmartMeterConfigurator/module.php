<?php

declare(strict_types=1);

require_once __DIR__ . '/../libs/Guids.php';
require_once __DIR__ . '/../libs/Text.php';
require_once __DIR__ . '/../libs/MeterList.php';
require_once __DIR__ . '/../libs/MeterInstances.php';

use SmartMetering\Guids;
use SmartMetering\MeterInstances;
use SmartMetering\MeterList;
use SmartMetering\Text;

/**
 * SmartMeterConfigurator: lists the meters its gateway (SmartLog or SmartLogHTTPS) has seen and
 * creates their SmartMeter/System instances. SM_CreateMeter(id, meterId) -> instance ID,
 * SM_CreateAll(id) -> number created, SM_MarkAllAsSeen(id), SM_GetRows(id) -> the Configurator
 * element's `values` as JSON.
 */
class SmartMeterConfigurator extends IPSModule
{
    public function Create()
    {
        parent::Create();
        // Install flow: Configurator -> SmartLog -> MQTT Server -> Server Socket.
        $this->RequireParent(Guids::SMART_LOG);
    }

    public function ApplyChanges()
    {
        parent::ApplyChanges();
        $this->SetReceiveDataFilter(Guids::RECEIVE_NOTHING); // the gateway's meter packets are not for us
        $this->SetStatus(102);
    }

    public function ReceiveData($JSONString)
    {
        return '';
    }

    public function GetConfigurationForm()
    {
        $form = json_decode(file_get_contents(__DIR__ . '/form.json'), true);
        $values = MeterInstances::rowsToValues($this->Rows());
        foreach (['elements', 'actions'] as $section) {
            foreach ($form[$section] as &$element) {
                if (($element['name'] ?? '') === 'Configurator') {
                    $element['values'] = $values;
                }
            }
            unset($element);
        }
        return Text::json($form);
    }

    /** Creates the instance of a seen meter (or returns the existing one). */
    public function CreateMeter(string $MeterID): int
    {
        $gateway = $this->Gateway();
        if ($gateway === 0) {
            throw new Exception('Instance #' . $this->InstanceID . ' has no gateway');
        }
        $existing = 0;
        foreach ($this->Rows() as $row) {
            if ($row['MeterId'] !== $MeterID || $row['Waiting']) {
                continue;
            }
            if ($row['InstanceID'] !== 0) {
                $existing = $existing ?: $row['InstanceID'];
                continue;
            }
            return MeterInstances::createRowInstance($gateway, $row);
        }
        if ($existing !== 0) {
            return $existing;
        }
        throw new Exception('Meter ' . $MeterID . ' has not been seen by the gateway #' . $gateway);
    }

    /** Creates every seen meter that has no instance yet; returns how many were created. */
    public function CreateAll(): int
    {
        $gateway = $this->Gateway();
        if ($gateway === 0) {
            return 0;
        }
        $created = 0;
        foreach ($this->Rows() as $row) {
            if ($row['Waiting'] || $row['InstanceID'] !== 0) {
                continue;
            }
            MeterInstances::createRowInstance($gateway, $row);
            $created++;
        }
        return $created;
    }

    public function MarkAllAsSeen(): bool
    {
        $this->AskGateway('MarkAllSeen');
        return true;
    }

    public function GetRows(): string
    {
        return Text::json(MeterInstances::rowsToValues($this->Rows()));
    }

    private function Gateway(): int
    {
        return (int) IPS_GetInstance($this->InstanceID)['ConnectionID'];
    }

    private function AskGateway(string $function): string
    {
        if ($this->Gateway() === 0) {
            return '';
        }
        $answer = $this->SendDataToParent(Text::json(['DataID' => Guids::TO_GATEWAY, 'Function' => $function]));
        return is_string($answer) ? $answer : '';
    }

    private function Rows(): array
    {
        $gateway = $this->Gateway();
        if ($gateway === 0) {
            return [];
        }
        $smartLogId = '';
        $meters = new MeterList();
        $answer = $this->AskGateway('GetMeters');
        if ($answer !== '') {
            $decoded = json_decode($answer, true);
            try {
                if (!is_array($decoded) || !is_array($decoded['Meters'] ?? null)) {
                    throw new UnexpectedValueException('not a GetMeters answer');
                }
                $smartLogId = (string) ($decoded['SmartLogID'] ?? '');
                $meters = MeterList::fromArray($decoded['Meters']);
            } catch (UnexpectedValueException $e) {
                $this->SendDebug('GetMeters answer refused', $e->getMessage(), 0);
            }
        }
        return MeterInstances::buildRows($gateway, $smartLogId, $meters);
    }
}
