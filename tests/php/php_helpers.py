"""Helpers of the PHP host tests (imported by the test files; fixtures live in conftest.py)."""
import pathlib

import symemu

LIBS = pathlib.Path(__file__).resolve().parents[1] / "php_libs"


def lib(name):
    return str(LIBS / name)


def errors(kernel, since=0):
    return [e["Message"] for e in kernel.log()[since:] if e["Type"] == symemu.KL_ERROR]
