<?php

declare(strict_types=1);

// Entry file of symemu's stubs folder: the same names the official stubs' autoload.php includes.
include_once __DIR__ . '/MessageStubs.php';
include_once __DIR__ . '/ConstantStubs.php';
include_once __DIR__ . '/GlobalStubs.php';
include_once __DIR__ . '/KernelStubs.php';
include_once __DIR__ . '/ModuleStubs.php';
include_once __DIR__ . '/ModuleStrictStubs.php';
