<?php
// SetValue() with every kind of argument a module may pass, each outcome (result, exception,
// the value afterwards) written down, so the host's direct SetValue can be compared with the
// kernel function table's.
class PHPValueSetter extends IPSModule
{
    public function ApplyChanges()
    {
        parent::ApplyChanges();
        $this->RegisterVariableBoolean('B', 'B');
        $this->RegisterVariableInteger('I', 'I');
        $this->RegisterVariableFloat('F', 'F');
        $this->RegisterVariableString('S', 'S');
    }

    public function Cases(): string
    {
        $ids = [];
        foreach (['B' => false, 'I' => 0, 'F' => 0.0, 'S' => ''] as $ident => $start) {
            $ids[] = $this->GetIDForIdent($ident);
            $this->SetValue($ident, $start); // every run starts alike
        }
        $values = [true, false, 0, 7, -3, PHP_INT_MAX, 1.5, -0.0, 1e300, NAN, INF, '', '12', '12abc', 'abc', ' 5 ',
            "\xff", null, [1], ['a' => 1], new stdClass()];
        $targets = array_merge($ids, [(string) $ids[1], (float) $ids[2], $ids[0] + 0.5, true, null, 0, $this->InstanceID,
            99999, -1, PHP_INT_MAX, 4294967296, 'abc']);
        $out = [];
        error_clear_last();
        foreach ($targets as $t => $target) {
            foreach ($values as $value) {
                try {
                    $result = @SetValue($target, $value);
                    $outcome = 'ok ' . var_export($result, true);
                } catch (\Throwable $e) {
                    $outcome = get_class($e) . ': ' . $e->getMessage();
                }
                $after = [];
                foreach ($ids as $id) {
                    $after[] = var_export(GetValue($id), true);
                }
                $out[] = $t . ' <- ' . (is_object($value) ? 'object' : var_export($value, true))
                    . ': ' . $outcome . ' | ' . implode(', ', $after) . ' | ' . var_export(error_get_last()['message'] ?? null, true);
                error_clear_last();
            }
        }
        // Named and too few or too many arguments
        foreach ([fn () => SetValue($ids[1]), fn () => SetValue($ids[1], 1, 2), fn () => SetValue(VariableID: $ids[1], Value: 9),
                     fn () => SetValue(Value: 8, VariableID: $ids[1])] as $i => $call) {
            try {
                $out[] = $i . ': ok ' . var_export(@$call(), true) . ' ' . var_export(GetValue($ids[1]), true);
            } catch (\Throwable $e) {
                $out[] = $i . ': ' . get_class($e) . ': ' . $e->getMessage();
            }
        }
        return implode("\n", $out);
    }
}
