<?php

declare(strict_types=1);

// The official stubs define the message constants here. symemu's prelude defines the kernel's
// own; the ones below (event, media and link messages, instance flags) are Symcon's values for
// modules that name them, defined unless a suite defined them first.
require_once __DIR__ . '/symemu.php';

(static function (): void {
    $events = ['EM_UPDATE', 'EM_CHANGEACTIVE', 'EM_CHANGELIMIT', 'EM_CHANGESCRIPT', 'EM_CHANGETRIGGER',
        'EM_CHANGETRIGGERVALUE', 'EM_CHANGETRIGGEREXECUTION', 'EM_CHANGECYCLIC', 'EM_CHANGECYCLICDATEFROM',
        'EM_CHANGECYCLICDATETO', 'EM_CHANGECYCLICTIMEFROM', 'EM_CHANGECYCLICTIMETO', 'EM_ADDSCHEDULEACTION',
        'EM_REMOVESCHEDULEACTION', 'EM_CHANGESCHEDULEACTION', 'EM_ADDSCHEDULEGROUP', 'EM_REMOVESCHEDULEGROUP',
        'EM_CHANGESCHEDULEGROUP', 'EM_ADDSCHEDULEGROUPPOINT', 'EM_REMOVESCHEDULEGROUPPOINT',
        'EM_CHANGESCHEDULEGROUPPOINT', 'EM_ADDCONDITION', 'EM_REMOVECONDITION', 'EM_CHANGECONDITION',
        'EM_ADDCONDITIONVARIABLERULE', 'EM_REMOVECONDITIONVARIABLERULE', 'EM_CHANGECONDITIONVARIABLERULE',
        'EM_ADDCONDITIONDATERULE', 'EM_REMOVECONDITIONDATERULE', 'EM_CHANGECONDITIONDATERULE',
        'EM_ADDCONDITIONTIMERULE', 'EM_REMOVECONDITIONTIMERULE', 'EM_CHANGECONDITIONTIMERULE'];
    $values = [];
    foreach ($events as $i => $name) {
        $values[$name] = 10803 + $i; // numbered in this order after EM_DELETE (10802)
    }
    foreach (['MM_CREATE', 'MM_DELETE', 'MM_CHANGEFILE', 'MM_AVAILABLE', 'MM_UPDATE', 'MM_CHANGECACHED'] as $i => $name) {
        $values[$name] = 10901 + $i;
    }
    foreach (['LM_CREATE', 'LM_DELETE', 'LM_CHANGETARGET'] as $i => $name) {
        $values[$name] = 11001 + $i;
    }
    foreach (['IF_UNKNOWN', 'IF_NEW', 'IF_OLD', 'IF_CURRENT', 'IF_UNSUPPORTED'] as $i => $name) {
        $values[$name] = $i;
    }
    foreach ($values as $name => $value) {
        if (!defined($name)) {
            define($name, $value);
        }
    }
})();
