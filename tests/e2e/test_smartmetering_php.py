"""The PHP edition of the Smart Metering library (modules/SmartMeteringPHP) against the C++ edition.

Its php-cli tests (PHPUnit) run here, and its report parser and variable mapper are compared with
the C++ edition's on every payload of the fixtures, the design examples, the fuzz seeds and tens of
thousands of mutations (smartmetering_php_corpus.py): both dump their view of each payload
(report_dump.cpp / report_dump.php: every field, every issue, every variable, doubles as bits) and
the dumps must be equal.
"""
import json
import shutil
import subprocess

import pytest

from smartmetering_php_corpus import ROOT, payloads
from symemu_process import binary

PHP_LIB = f"{ROOT}/modules/SmartMeteringPHP"

# Where the two editions may word a refusal differently: texts json_decode() and Poco refuse for
# the same reason (invalid UTF-8, unpaired surrogates) but describe in their own words.
PHP_ONLY_WORDING = ("not JSON: Malformed UTF-8 characters", "not JSON: Single unpaired UTF-16 surrogate")

pytestmark = pytest.mark.skipif(shutil.which("php") is None, reason="php-cli is not installed")


def _dump(command, tmp_path, name, inputs):
    source = tmp_path / "payloads.hex"
    source.write_text("".join(p.hex() + "\n" for p in inputs))
    result = subprocess.run(command + [str(source)], capture_output=True, timeout=600)
    assert result.returncode == 0, result.stderr.decode(errors="replace")[-2000:]
    lines = result.stdout.decode().splitlines()
    assert len(lines) == len(inputs), f"{name}: {len(lines)} answers for {len(inputs)} payloads"
    return [json.loads(line) for line in lines]


def _text(hex_text):
    return bytes.fromhex(hex_text).decode("utf-8", errors="replace")


def test_phpunit_tests_of_the_library_pass():
    phpunit = shutil.which("phpunit")
    if phpunit is None:
        pytest.skip("phpunit is not installed")
    result = subprocess.run([phpunit, "-c", f"{PHP_LIB}/tests/phpunit.xml"], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "OK (" in result.stdout


def test_parser_and_mapper_match_the_cpp_edition_on_every_payload(tmp_path):
    inputs = payloads()
    assert len(inputs) > 20000
    cpp = _dump([str(binary("smartmetering_report_dump"))], tmp_path, "C++", inputs)
    php = _dump(["php", f"{PHP_LIB}/tests/report_dump.php"], tmp_path, "PHP", inputs)
    differences = []
    refused = applied = 0
    for payload, c, p in zip(inputs, cpp, php):
        if "error" in c:
            refused += 1
            if "error" in p and _text(p["error"]).startswith(PHP_ONLY_WORDING) and _text(c["error"]).startswith("not JSON: "):
                continue
        else:
            applied += 1
        if c != p:
            differences.append((payload[:200], c.get("error") and _text(c["error"]), p.get("error") and _text(p["error"])))
    assert not differences, f"{len(differences)} payloads differ, first: {differences[:3]}"
    # The corpus exercises both paths.
    assert refused > 500 and applied > 10000


def test_a_bad_report_never_throws_out_of_the_parser(tmp_path):
    """Every payload gets an answer (a report or a refusal) from the PHP parser: no PHP error escapes."""
    inputs = [b"", b"\xff\xfe", b"{" * 5000, b'{"muc":{"meter":[' + b"1," * 10000 + b"1]}}", b"\x00", b'{"muc":{"meter":[{"METER_ID":"\\u0000"}]}}']
    php = _dump(["php", f"{PHP_LIB}/tests/report_dump.php"], tmp_path, "PHP", inputs)
    assert [("error" in p) for p in php] == [True, True, True, False, True, False]
