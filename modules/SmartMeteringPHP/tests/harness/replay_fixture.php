<?php

// php replay_fixture.php FIXTURE PASSWORD AUTOCREATE(0|1): plays a fixture into the FakeKernel
// with this library and prints {"failures": [...], "tree": {...}} as JSON. A process of its own,
// because header() and http_response_code() only work before anything has been printed.

declare(strict_types=1);

require_once __DIR__ . '/FixtureReplay.php';
require_once __DIR__ . '/Clock.php';

[, $fixture, $password, $autoCreate] = $argv;
FakeKernel::loadLibrary(__DIR__ . '/../..');
$replay = new FixtureReplay($password, $autoCreate === '1');
$replay->play($fixture);
echo json_encode(['failures' => $replay->failures, 'tree' => FakeKernel::tree()], JSON_PRESERVE_ZERO_FRACTION | JSON_UNESCAPED_UNICODE), "\n";
