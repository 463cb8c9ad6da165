<?php
declare(strict_types=1);

// Messages, actions, forms and hooks (IPSModuleStrict: RegisterHook keeps WebHook Control's list).
class PHPWatcher extends IPSModuleStrict
{
    public function Create(): void
    {
        parent::Create();
        $this->RegisterPropertyInteger('Watch', 0);
        $this->RegisterPropertyString('Hook', 'watcher');
        $this->RegisterAttributeString('Seen', '');
    }

    public function ApplyChanges(): void
    {
        parent::ApplyChanges();
        $this->RegisterVariableInteger('Level', 'Level');
        $this->EnableAction('Level');
        $watch = $this->ReadPropertyInteger('Watch');
        if ($watch > 0) {
            $this->RegisterMessage($watch, VM_UPDATE);
        }
        $this->RegisterMessage(0, IPS_KERNELSTARTED);
        $this->RegisterHook($this->ReadPropertyString('Hook'));
    }

    public function MessageSink(int $TimeStamp, int $SenderID, int $Message, array $Data): void
    {
        $this->WriteAttributeString('Seen', $this->ReadAttributeString('Seen') . "$SenderID:$Message:" . json_encode($Data[0] ?? null) . ';');
    }

    public function RequestAction(string $Ident, mixed $Value): void
    {
        if ($Ident !== 'Level') {
            throw new Exception("Invalid ident $Ident");
        }
        $this->SetValue('Level', $Value * 10);
        $this->UpdateFormField('Level', 'caption', "Level $Value");
    }

    public function GetConfigurationForm(): string
    {
        $form = json_decode(parent::GetConfigurationForm(), true);
        $form['elements'][] = ['type' => 'Label', 'caption' => $this->Translate('Watching') . ' ' . $this->ReadPropertyInteger('Watch')];
        return json_encode($form);
    }

    public function Seen(): string
    {
        return $this->ReadAttributeString('Seen');
    }

    public function Messages(): array
    {
        return $this->GetMessageList();
    }

    protected function ProcessHookData()
    {
        if (!isset($_SERVER['PHP_AUTH_USER']) || $_SERVER['PHP_AUTH_PW'] !== 'secret') {
            header('WWW-Authenticate: Basic realm="watcher"');
            http_response_code(401);
            echo 'authorization required';
            return;
        }
        header('Content-Type: application/json');
        header('X-Hook: ' . $_SERVER['HOOK']);
        echo json_encode([
            'hook'   => $_SERVER['HOOK'],
            'method' => $_SERVER['REQUEST_METHOD'],
            'user'   => $_SERVER['PHP_AUTH_USER'],
            'get'    => $_GET,
            'body'   => file_get_contents('php://input'),
            'uri'    => $_SERVER['REQUEST_URI'],
        ]);
    }
}
