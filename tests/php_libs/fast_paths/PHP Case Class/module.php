<?php
// A class declared in another case than its module's name (PHP class names are case-insensitive):
// what a call sees of its class and object, so the host's kept class name can be compared with
// the name looked up at every call.
class phpcaseclass extends IPSModule
{
    public function Who(): string
    {
        return implode(' ', [static::class, get_class($this), __CLASS__, self::class, $this->InstanceID,
            (new ReflectionObject($this))->getName(), spl_object_id($this) > 0 ? 'object' : '']);
    }
}
