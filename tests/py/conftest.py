# The fixtures (kernel, kernel_factory, smartlog, served) ship with the module: symemu/pytest_plugin.py.
import json
import pathlib

import pytest

pytest_plugins = ["symemu.pytest_plugin"]

FIXTURES = pathlib.Path(__file__).resolve().parents[2] / "fixtures"


@pytest.fixture
def example():
    """example(n) -> the payload dict of fixtures/examples/example<n>.json (docs/selog-format.md section 5)."""
    def load(n):
        return json.loads((FIXTURES / "examples" / f"example{n}.json").read_text())
    return load
