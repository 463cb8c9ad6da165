<?php

declare(strict_types=1);

// The official stubs define IPSModuleStrict here. With symemu they come
// from the emulator itself (the symemu extension and its prelude), so this file only boots it.
require_once __DIR__ . '/symemu.php';
