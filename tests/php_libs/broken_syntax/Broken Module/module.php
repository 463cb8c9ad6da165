<?php
class BrokenModule extends IPSModule
{
    public function Create()
    {
        parent::Create()
        $this->RegisterPropertyString('Oops', '');
    }
}
