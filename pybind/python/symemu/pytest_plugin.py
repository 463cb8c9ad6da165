"""pytest fixtures for symemu scenarios.

Register it in a conftest.py with ``pytest_plugins = ["symemu.pytest_plugin"]``.

Fixtures:
  kernel          a fresh in-memory kernel (seed SEED, manual clock), closed after the test
  kernel_factory  makes kernels on one database file in tmp_path (for restart tests); every
                  kernel it made is closed after the test
"""
import pytest

import symemu

#: The seed the fixtures use, so IDs are the same on every run.
SEED = 1


@pytest.fixture
def kernel():
    """A fresh in-memory kernel with seed SEED and the manual clock, closed after the test."""
    k = symemu.Kernel(":memory:", seed=SEED, clock="manual")
    try:
        yield k
    finally:
        k.close()


class KernelFactory:
    """Makes kernels on one database file; call it again after close() to restart."""

    def __init__(self, path):
        self.path = path
        self.made = []

    def __call__(self, **kwargs):
        kwargs.setdefault("seed", SEED)
        kwargs.setdefault("clock", "manual")
        k = symemu.Kernel(kwargs.pop("db", str(self.path)), **kwargs)
        self.made.append(k)
        return k

    def close_all(self):
        for k in self.made:
            k.close()


@pytest.fixture
def kernel_factory(tmp_path):
    """kernel_factory(**kwargs) -> Kernel on tmp_path/"symemu.db" (db=..., seed=..., libraries=... may be given)."""
    factory = KernelFactory(tmp_path / "symemu.db")
    try:
        yield factory
    finally:
        factory.close_all()
