<?php

declare(strict_types=1);

use PHPUnit\Framework\TestCase;

/**
 * The library calls only PHP functions every PHP build has (Core, standard, json, pcre, date, SPL,
 * Reflection, hash): symemu's embedded PHP loads no optional extensions (no ctype, no mbstring),
 * and a Symcon user's PHP need not have them either. Symcon's own functions (IPS_*, SetValue, SM_*,
 * WC_*) are the kernel's.
 */
final class PortabilityTest extends TestCase
{
    private const BUILT_IN = ['Core', 'standard', 'json', 'pcre', 'date', 'SPL', 'Reflection', 'hash'];

    public function testOnlyFunctionsOfEveryPhpBuildAreCalled(): void
    {
        $files = array_merge(glob(__DIR__ . '/../libs/*.php'), glob(__DIR__ . '/../*/module.php'));
        $this->assertGreaterThan(10, count($files));
        $foreign = [];
        foreach ($files as $file) {
            $tokens = token_get_all(file_get_contents($file));
            foreach ($tokens as $i => $token) {
                if (!is_array($token) || $token[0] !== T_STRING) {
                    continue;
                }
                $next = $tokens[$i + 1] ?? '';
                $previous = $tokens[$i - 1] ?? '';
                $isCall = $next === '(' && !(is_array($previous) && in_array($previous[0], [T_OBJECT_OPERATOR, T_DOUBLE_COLON, T_FUNCTION, T_NEW, T_NULLSAFE_OBJECT_OPERATOR], true));
                $name = $token[1];
                if (!$isCall || preg_match('/^(IPS_|SM_|WC_|SetValue|GetValue)/', $name)) {
                    continue;
                }
                if (!function_exists($name)) {
                    continue; // a method of ours called as self::/static, or a class name
                }
                $extension = (new ReflectionFunction($name))->getExtensionName();
                if ($extension !== false && !in_array($extension, self::BUILT_IN, true)) {
                    $foreign[] = basename(dirname($file)) . '/' . basename($file) . ': ' . $name . ' (' . $extension . ')';
                }
            }
        }
        $this->assertSame([], array_values(array_unique($foreign)));
    }
}
