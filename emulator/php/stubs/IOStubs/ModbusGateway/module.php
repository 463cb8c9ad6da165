<?php

declare(strict_types=1);

include_once __DIR__ . '/../VirtualIO/module.php';

// Modbus Gateway as a stand-in: the Modbus devices' requests are queued as their JSON text
// (PopText); PushText answers them. The gateway's properties are Symcon's.
class ModbusGateway extends VirtualIO
{
    protected const ACCEPTED = ['{E310B701-4AE7-458E-B618-EC13A1A6F6A8}'];
    protected const TO_CHILDREN = '{77B31ABB-18FA-4B91-BB63-E5B2AB5588F4}';

    public function Create()
    {
        parent::Create();
        // 0 Modbus TCP, 1 Modbus RTU, 2 RTU over TCP, 3 TCP over UDP, 4 SymBox with RS485
        $this->RegisterPropertyInteger('GatewayMode', 0);
        $this->RegisterPropertyInteger('DeviceID', 1);
        $this->RegisterPropertyBoolean('SwapWords', true);
    }
}
