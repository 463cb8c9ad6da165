<?php

declare(strict_types=1);

// Lists the devices named in the Names property (one per line) with the instance that serves
// each, or how to create it.
class SampleConfigurator extends IPSModule
{
    private const DEVICE = '{5E3A0004-0002-4000-8000-000000000001}';

    public function Create()
    {
        parent::Create();
        $this->RegisterPropertyString('Names', '');
    }

    public function ApplyChanges()
    {
        parent::ApplyChanges();
        $this->SetStatus(IS_ACTIVE);
    }

    public function GetConfigurationForm()
    {
        $form = json_decode(file_get_contents(__DIR__ . '/form.json'), true);
        $form['actions'][0]['caption'] = $this->Translate('Devices');
        $form['actions'][0]['values'] = $this->DeviceRows();
        return json_encode($form);
    }

    public function DeviceRows(): array
    {
        $existing = [];
        foreach (IPS_GetInstanceListByModuleID(self::DEVICE) as $id) {
            $existing[IPS_GetProperty($id, 'Name')] = $id;
        }
        $rows = [];
        foreach (array_filter(array_map('trim', explode("\n", $this->ReadPropertyString('Names')))) as $name) {
            $rows[] = [
                'name'       => $name,
                'instanceID' => $existing[$name] ?? 0,
                'create'     => ['moduleID' => self::DEVICE, 'configuration' => ['Name' => $name]],
            ];
        }
        return $rows;
    }
}
