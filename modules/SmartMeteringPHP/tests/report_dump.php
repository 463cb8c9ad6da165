<?php

// report_dump.php: the PHP parser's and mapper's view of report payloads, in the same format as
// the C++ edition's smartmetering_report_dump (tests/cpp/smartmetering_common/report_dump.cpp),
// for the differential test tests/e2e/test_smartmetering_php.py.
//   php report_dump.php FILE   FILE: one payload per line, hex-encoded
// Strings are hex (raw bytes), doubles the hex of their IEEE bits (big-endian), so the comparison is exact.
// Each payload is also read as the gateway reads it (ReportParser::parse($json, true)); where that
// gives another report, other issues or other meter packets, the line says so (and differs from C++).

declare(strict_types=1);

require_once __DIR__ . '/../libs/ReportParser.php';
require_once __DIR__ . '/../libs/VariableMapper.php';
require_once __DIR__ . '/../libs/MeterPacket.php';
require_once __DIR__ . '/harness/ReadingText.php';

use SmartMetering\DataRecord;
use SmartMetering\MeterPacket;
use SmartMetering\MeterRecord;
use SmartMetering\ReportParser;
use SmartMetering\VariableMapper;

function bits(?float $d)
{
    return $d === null ? null : bin2hex(pack('E', $d));
}

function recordDump(DataRecord $r): array
{
    return [
        'index' => $r->index, 'description' => bin2hex($r->description), 'unit' => bin2hex($r->unit),
        'scale' => bits($r->scale), 'scaleText' => bin2hex($r->scaleText), 'medium' => bin2hex($r->medium),
        'obis' => bin2hex($r->obis), 'user' => bin2hex($r->user), 'function' => bin2hex($r->function),
        'functionKind' => $r->functionKind, 'storage' => $r->storage, 'tariff' => $r->tariff, 'subunit' => $r->subunit,
        't' => $r->entry->t, 'tMuc' => $r->entry->tMuc, 'valText' => bin2hex($r->entry->valText),
        'valNumber' => bits($r->entry->valNumber), 'valInteger' => $r->entry->valInteger,
        'scaledValue' => bits($r->scaledValue),
    ];
}

function variableDump(array $v): array
{
    $value = match ($v['Type']) {
        VariableMapper::TYPE_INTEGER => ['i' => $v['Value']],
        VariableMapper::TYPE_FLOAT => ['d' => bits($v['Value'])],
        VariableMapper::TYPE_STRING => ['s' => bin2hex($v['Value'])],
        default => ['b' => $v['Value']],
    };
    $out = ['ident' => bin2hex($v['Ident']), 'name' => bin2hex($v['Name']), 'type' => $v['Type'], 'value' => $value,
        'profile' => bin2hex($v['Profile'])];
    if (array_key_exists('Digits', $v)) {
        $out['suffix'] = bin2hex($v['Suffix']);
        $out['digits'] = $v['Digits'];
    }
    return $out;
}

function meterDump(MeterRecord $m): array
{
    return [
        'index' => $m->index, 'meterId' => bin2hex($m->meterId), 'interface' => bin2hex($m->interface),
        'user' => bin2hex($m->user), 'manufacturer' => bin2hex($m->manufacturer), 'version' => bin2hex($m->version),
        'accessNumber' => bin2hex($m->accessNumber), 'status' => bin2hex($m->status), 'medium' => bin2hex($m->medium),
        'rssi' => $m->rssi, 'isSystem' => $m->isSystem,
        'data' => array_map('recordDump', $m->data),
        'variables' => array_map('variableDump', VariableMapper::mapMeter($m)),
    ];
}

if ($argc !== 2 || ($lines = file($argv[1], FILE_IGNORE_NEW_LINES)) === false) {
    fwrite(STDERR, "usage: php report_dump.php FILE (one hex-encoded payload per line)\n");
    exit(2);
}
foreach ($lines as $line) {
    $json = (string) hex2bin($line);
    if (readingText($json, true) !== readingText($json, false)) {
        echo json_encode(['error' => bin2hex('the gateway reading differs from the full reading')]), "\n";
        continue;
    }
    [$report, $error] = ReportParser::tryParse($json);
    if ($report === null) {
        echo json_encode(['error' => bin2hex($error)]), "\n";
        continue;
    }
    echo json_encode([
        'mucId' => bin2hex($report->mucId), 'version' => bin2hex($report->version), 'timestamp' => $report->timestamp,
        'meters' => array_map('meterDump', $report->meters),
        'issues' => array_map(static fn ($i) => ['where' => bin2hex($i->where), 'what' => bin2hex($i->what),
            'effect' => $i->effect], $report->issues),
    ]), "\n";
}
