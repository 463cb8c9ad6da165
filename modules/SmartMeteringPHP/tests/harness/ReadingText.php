<?php

declare(strict_types=1);

require_once __DIR__ . '/../../libs/ReportParser.php';
require_once __DIR__ . '/../../libs/MeterPacket.php';

use SmartMetering\MeterPacket;
use SmartMetering\ReportParser;

/**
 * A reading of a report as comparable text: the refusal, or the report without its records plus
 * each meter's packet. FastPathTest and report_dump.php compare the gateway's reading
 * (ReportParser::parse($json, true)) with the full one through it.
 */
function readingText(string $json, bool $forPackets): string
{
    [$report, $error] = ReportParser::tryParse($json, $forPackets);
    if ($report === null) {
        return 'refused: ' . $error;
    }
    $packets = [];
    foreach ($report->meters as $meter) {
        $packets[] = MeterPacket::build($meter, 'SL-1', $report->timestamp);
        $meter->data = [];
        $meter->variables = null;
    }
    return var_export($report, true) . "\n" . implode("\n", $packets);
}
