"""`symemu validate`: the project's libraries are clean; broken copies name file and key."""
import json
import shutil
import subprocess

import pytest

from symemu_process import ROOT, binary


def validate(*args):
    return subprocess.run([binary(), "validate", *map(str, args)], capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("library", ["modules/SmartMetering", "emulator/core", "tests/cpp/kernel/testlib",
                                     "tests/cpp/core/testlib"])
def test_the_project_libraries_are_clean(library):
    r = validate(ROOT / library)
    assert r.returncode == 0, r.stdout
    assert ", 0 problems" in r.stdout


def broken_copy(tmp_path):
    lib = tmp_path / "lib"
    shutil.copytree(ROOT / "modules/SmartMetering", lib, ignore=shutil.ignore_patterns("*.cpp", "*.h"))
    return lib


def edit_json(path, change):
    data = json.loads(path.read_text())
    change(data)
    path.write_text(json.dumps(data, indent=2))


def test_every_problem_is_named_with_file_and_key(tmp_path):
    lib = broken_copy(tmp_path)
    edit_json(lib / "library.json", lambda d: d.update(build="1"))
    edit_json(lib / "SmartLog/module.json", lambda d: d.update(prefix="sm", id=d["id"].lower()))
    edit_json(lib / "SmartMeter/module.json", lambda d: d.update(name="_Meter", type=7, url="ftp://x"))
    edit_json(lib / "SmartMeterConfigurator/module.json", lambda d: d.update(parentRequirements=["not-a-guid"]))
    slider_index = len(json.loads((lib / "SmartLogHTTPS/form.json").read_text())["elements"])
    edit_json(lib / "SmartLogHTTPS/form.json", lambda d: d["elements"].append({"type": "Slider", "name": "X"}))
    status_index = len(json.loads((lib / "System/form.json").read_text())["status"])
    edit_json(lib / "System/form.json", lambda d: d["status"].append({"code": 150, "icon": "red", "caption": "x"}))
    (lib / "SmartLogDiscovery/form.json").write_text("{ not json")
    r = validate(lib)
    assert r.returncode == 1
    out = r.stdout
    assert f"{lib}/library.json: build: must be an integer, not a string" in out
    assert f"{lib}/SmartLog/module.json: prefix: 'sm' must match ^[A-Z0-9]+$" in out
    assert f"{lib}/SmartLog/module.json: id: '{{18fd30fb" in out
    assert f"{lib}/SmartMeter/module.json: name: '_Meter' may only use" in out
    assert f"{lib}/SmartMeter/module.json: type: 7 is not a module type" in out
    assert f"{lib}/SmartMeter/module.json: url: must start with http:// or https://" in out
    assert f"{lib}/SmartMeterConfigurator/module.json: parentRequirements[0]: 'not-a-guid' is not a GUID" in out
    assert f"{lib}/SmartLogHTTPS/form.json: elements[{slider_index}].type: 'Slider' is not a known element type" in out
    assert f"{lib}/System/form.json: status[{status_index}].code: 150 is neither" in out
    assert f"{lib}/System/form.json: status[{status_index}].icon: must be" in out
    assert f"{lib}/SmartLogDiscovery/form.json: is not valid JSON" in out
    assert out.rstrip().endswith("11 problems")


def test_a_missing_module_json_and_library_json(tmp_path):
    lib = broken_copy(tmp_path)
    (lib / "SmartMeter/module.json").unlink()
    (lib / "library.json").unlink()
    r = validate(lib)
    assert r.returncode == 1
    assert f"{lib}/library.json: is missing" in r.stdout
    assert f"{lib}/SmartMeter/module.json: is missing (the folder has form.json)" in r.stdout


def test_usage():
    assert validate().returncode == 2
    r = validate("--help")
    assert r.returncode == 0 and "usage: symemu validate" in r.stdout
    r = validate("/nonexistent/lib")
    assert r.returncode == 1 and "/nonexistent/lib: is not a folder" in r.stdout
