<?php
class PHPBrokenCreate extends IPSModule
{
    public function Create()
    {
        parent::Create();
        $this->RegisterPropertyString('Name', '');
        throw new LogicException('Create refuses');
    }
}
