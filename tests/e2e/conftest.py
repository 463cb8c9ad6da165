import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from symemu_process import SymemuServer  # noqa: E402


@pytest.fixture
def echo_server(tmp_path):
    """symemu_testserve with the Echo Device (echo/# -> reply/#, /hook/echo) on free ports."""
    with SymemuServer(tmp_path / "e2e.db", binary_name="symemu_testserve") as server:
        yield server


@pytest.fixture
def server_factory(tmp_path):
    started = []

    def make(*args, binary_name="symemu_testserve", env=None, db=None):
        s = SymemuServer(db or tmp_path / "e2e.db", binary_name=binary_name, extra_args=args, env=env).start()
        started.append(s)
        return s

    yield make
    for s in started:
        s.kill()
