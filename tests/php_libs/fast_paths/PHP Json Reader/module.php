<?php
// Decodes texts of the same shapes and values again and again, changes what it got in place
// and decodes once more: the host's json_decode shares repeated texts and copies the tables of
// objects met before (docs/performance.md, "PHP edition", "Ninth step"), and none of that may
// show. Returns everything it saw, serialized.
class PHPJsonReader extends IPSModule
{
    public function Run(string $json, bool $assoc): string
    {
        $seen = [];
        $first = json_decode($json, $assoc);
        $seen[] = $first;
        // Every text and member of the first result changed in place.
        self::change($first);
        $seen[] = $first;
        // The same text again, and after that an object of the same keys in another order, one
        // with a key more, one with a key less, one with a repeated key.
        $seen[] = json_decode($json, $assoc);
        $seen[] = json_decode('{"MEDIUM":"Electricity","DESCRIPTION":"Energy","UNIT":"Wh"}', $assoc);
        $seen[] = json_decode('{"DESCRIPTION":"Energy","UNIT":"Wh","MEDIUM":"Electricity","X":1}', $assoc);
        $seen[] = json_decode('{"DESCRIPTION":"Energy","UNIT":"Wh"}', $assoc);
        $seen[] = json_decode('{"DESCRIPTION":"Energy","UNIT":"Wh","DESCRIPTION":"Power"}', $assoc);
        $seen[] = json_decode('{"DESCRIPTION":"Energy","UNIT":"Wh","MEDIUM":"Electricity"}', $assoc);
        // Strings of the second result changed through references and string offsets.
        $second = json_decode($json, $assoc);
        self::change($second);
        $seen[] = $second;
        $seen[] = json_decode($json, $assoc);
        $seen[] = json_last_error();
        return serialize($seen);
    }

    /** Changes every string, appends a member to every array or object, recursively. */
    private static function change(&$value): void
    {
        if (is_string($value)) {
            if ($value !== '') {
                $value[0] = '#';
            }
            $value .= '!';
        } elseif (is_array($value)) {
            foreach ($value as &$item) {
                self::change($item);
            }
            unset($item);
            $value['added'] = 'added';
        } elseif (is_object($value)) {
            foreach ($value as $name => &$item) {
                self::change($item);
            }
            unset($item);
            $value->added = 'added';
        }
    }
}
