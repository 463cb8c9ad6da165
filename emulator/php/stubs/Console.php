<?php

declare(strict_types=1);

// IPSList: what Symcon's console hands PHP code of a form (onClick, onChange) for a list element,
// for suites that run such code. Built from the console's JSON {"list": [rows], "selected": index,
// "default": row}: string keys read and write the selected row (the default row while none is
// selected), integer keys the rows; iterating visits the rows; json_encode gives the selected row.
class IPSList implements ArrayAccess, IteratorAggregate, JsonSerializable
{
    private array $rows;
    private $selected;
    private ?array $default;

    public function __construct($value)
    {
        $data = json_decode((string) $value, true);
        if (!is_array($data) || !isset($data['list']) || !is_array($data['list'])) {
            throw new InvalidArgumentException('IPSList: expected JSON with a "list" array, got ' . var_export($value, true));
        }
        $this->rows = $data['list'];
        $this->selected = $data['selected'] ?? null;
        $this->default = $data['default'] ?? null;
    }

    public function getIterator(): Traversable
    {
        return new ArrayIterator($this->rows);
    }

    public function offsetExists(mixed $offset): bool
    {
        return is_string($offset) ? isset($this->current()[$offset]) : isset($this->rows[$offset]);
    }

    public function offsetGet(mixed $offset): mixed
    {
        return is_string($offset) ? $this->current()[$offset] : $this->rows[$offset];
    }

    public function offsetSet(mixed $offset, mixed $value): void
    {
        if (!is_string($offset)) {
            $offset === null ? $this->rows[] = $value : $this->rows[$offset] = $value;
        } elseif ($this->hasSelection()) {
            $this->rows[$this->selected][$offset] = $value;
        } else {
            $this->default[$offset] = $value;
        }
    }

    public function offsetUnset(mixed $offset): void
    {
        if (!is_string($offset)) {
            unset($this->rows[$offset]);
        } elseif ($this->hasSelection()) {
            unset($this->rows[$this->selected][$offset]);
        } else {
            unset($this->default[$offset]);
        }
    }

    public function jsonSerialize(): mixed
    {
        return $this->current();
    }

    private function hasSelection(): bool
    {
        return $this->selected !== null && isset($this->rows[$this->selected]);
    }

    private function current(): ?array
    {
        return $this->hasSelection() ? $this->rows[$this->selected] : $this->default;
    }
}
