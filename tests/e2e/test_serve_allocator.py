"""The symemu command allocates with tcmalloc (cmake/SymemuAllocator.cmake) and still loads PHP's
shared extensions, which PHP 8.2 opens with RTLD_DEEPBIND: the command's dlopen drops that flag
(emulator/cli/dlopen_without_deepbind.cpp), else the extensions free tcmalloc's memory with glibc's
free and the process aborts while PHP starts."""
import re

import pytest

from api_support import api_url, curl, rpc
from symemu_process import BUILD, ROOT, SymemuServer

PHP_EDITION = ROOT / "modules" / "SmartMeteringPHP"


def configured_with_tcmalloc():
    cache = (BUILD / "CMakeCache.txt").read_text()
    enabled = re.search(r"^SYMEMU_TCMALLOC:BOOL=(\w+)", cache, re.M)
    sanitized = re.search(r"^SYMEMU_SANITIZE:BOOL=ON", cache, re.M)
    return (enabled is None or enabled.group(1) == "ON") and not sanitized


def mapped_files(pid):
    with open(f"/proc/{pid}/maps") as maps:
        return {line.split()[-1] for line in maps if "/" in line}


@pytest.mark.skipif(not configured_with_tcmalloc(), reason="built with -DSYMEMU_TCMALLOC=OFF or sanitizers")
def test_serve_with_php_runs_on_tcmalloc_with_the_shared_extensions_loaded(tmp_path):
    with SymemuServer(tmp_path / "alloc.db", extra_args=["--library", str(PHP_EDITION)]) as s:
        files = {name.rsplit("/", 1)[-1] for name in mapped_files(s.proc.pid)}
        assert any(name.startswith("libtcmalloc_minimal.so") for name in files), sorted(files)
        # Debian's embed SAPI loads these from its conf.d: the DEEPBIND case the shim is for.
        assert {"pdo.so", "ctype.so", "opcache.so"} <= files, sorted(files)
        status, answer = curl(api_url(s), rpc("IPS_GetModuleList"))
        assert status == 200 and len(answer["result"]) > 5, answer
    assert s.proc.returncode == 0, s.stderr()
