"""PHP modules in `symemu serve`, where PHP runs with OPcache and its tracing JIT
(emulator/php/embed_sapi.cpp): the SAPI still calls itself "embed", and the faults of a call stay
inside it as they do without the JIT (tests/php/test_php_faults.py runs those in the Python module,
which loads no shared PHP extension): an endless loop hits the time limit, a fatal error and the
memory limit end only their call, and the next call works."""
import json
import time

from api_support import api_url, curl, rpc
from symemu_process import ROOT, SymemuServer

FAULTS = ROOT / "tests" / "php_libs" / "faults"
FAULTS_MODULE = "{5E3A0002-0001-4000-8000-000000000002}"


def call(server, method, *params):
    status, answer = curl(api_url(server), rpc(method, *params))
    assert status == 200, answer
    return answer


def result(server, method, *params):
    answer = call(server, method, *params)
    assert "error" not in answer, answer
    return answer["result"]


def error(server, method, *params):
    answer = call(server, method, *params)
    assert "error" in answer, answer
    return answer["error"]["message"]


def test_faults_stay_inside_the_call_under_the_jit(tmp_path):
    with SymemuServer(tmp_path / "jit.db", extra_args=["--library", str(FAULTS), "--php-time-limit", "2"]) as s:
        module = result(s, "IPS_CreateInstance", FAULTS_MODULE)
        runtime = json.loads(result(s, "PFLT_Runtime", module))
        assert runtime == {"sapi": "embed", "sapiName": "embed", "opcache": True, "jit": True}

        started = time.monotonic()
        assert "Maximum execution time of 2 seconds exceeded" in error(s, "PFLT_Loop", module)
        assert time.monotonic() - started < 10
        assert result(s, "PFLT_Ping", module) == "pong"

        assert "deliberately fatal" in error(s, "PFLT_Fatal", module)
        assert result(s, "PFLT_Ping", module) == "pong"
        assert "Allowed memory size" in error(s, "PFLT_Memory", module)
        # Many short calls in a row, each armed with the limit: none is hit by an earlier call's.
        for _ in range(200):
            assert result(s, "PFLT_Ping", module) == "pong"
        assert json.loads(result(s, "PFLT_Runtime", module))["jit"] is True
