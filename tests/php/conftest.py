"""PHP host tests: small PHP libraries of our own (tests/php_libs) in a kernel, through Python."""
import pytest

import symemu
from php_helpers import lib


@pytest.fixture(autouse=True)
def fast_limits():
    """Short limits so the endless-loop and memory tests take a second; Symcon's defaults after."""
    symemu.set_php_limits(time_limit=2, memory_limit="64M")
    yield
    symemu.set_php_limits(time_limit=30, memory_limit="128M")


@pytest.fixture
def php():
    """A manual-clock kernel with the basic, faults and flow test libraries loaded."""
    with symemu.Kernel(seed=11, libraries=[lib("basic"), lib("faults"), lib("flow")]) as k:
        yield k
