<?php

declare(strict_types=1);


use PHPUnit\Framework\TestCase;

/**
 * Every Smart Metering fixture played into the FakeKernel with this library gives the objects of
 * the snapshot the C++ edition wrote (fixtures/<name>.expected.json): the same paths, variables
 * (ident, type, value, profile) and instances (module, status, properties, parent), apart from
 * the emulator's own core instances. The same check against symemu itself is
 * tests/e2e/test_smartmetering_php_replay.py.
 */
final class FixturesTest extends TestCase
{
    private const FIXTURES = __DIR__ . '/../../../fixtures/';
    private const CORE = ['MQTT Server', 'Server Socket', 'WebHook Control'];

    public function fixtures(): array
    {
        return [
            'examples_mqtt' => ['examples_mqtt', '', true],
            'examples_https' => ['examples_https', 'logger-secret', false],
            'faults' => ['faults', 'logger-secret', true],
            'day_in_the_life' => ['day_in_the_life', 'day-secret', true],
        ];
    }

    /** @dataProvider fixtures */
    public function testFixtureGivesTheCppEditionsObjects(string $name, string $password, bool $autoCreate): void
    {
        $command = [PHP_BINARY, __DIR__ . '/harness/replay_fixture.php', self::FIXTURES . $name . '.jsonl', $password, $autoCreate ? '1' : '0'];
        $output = shell_exec(implode(' ', array_map('escapeshellarg', $command)) . ' 2>&1');
        $result = json_decode((string) $output, true);
        $this->assertIsArray($result, (string) $output);
        $this->assertSame([], $result['failures']);

        $expected = json_decode(file_get_contents(self::FIXTURES . $name . '.expected.json'), true);
        $tree = $result['tree'];
        $keep = static fn (array $snapshot) => array_keys(array_filter($snapshot, static fn ($o) => !in_array($o['module'] ?? '', self::CORE, true)));
        $want = $keep($expected);
        $have = $keep($tree);
        sort($want);
        sort($have);
        $this->assertSame($want, $have);
        foreach ($want as $path) {
            $w = $expected[$path];
            $h = $tree[$path];
            if ($w['type'] === 'variable') {
                $this->assertSame([$w['ident'], $w['variableType'], $w['value'], $w['profile']],
                    [$h['ident'], $h['variableType'], $h['value'], $h['profile']], $path);
            } elseif ($w['type'] === 'instance') {
                ksort($h['properties']);
                $this->assertSame([$w['module'], $w['status'], $w['properties'], $w['parent']],
                    [$h['module'], $h['status'], $h['properties'], $h['parent']], $path);
            }
        }
    }
}
