"""The house rules for C++ files (docs/architecture.md, "Files, names and include paths"):
snake_case file names, Catch2 tests in test_*.cpp, and project headers included as
"symemu/<area>/<file>.h" (symemu/<area> is emulator/<area>, symemu/smartmetering is
modules/SmartMetering). clang-format covers the rest."""
import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
AREAS = ("emulator", "modules", "tests", "pybind")
QUOTED_INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def cpp_files():
    listed = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard", *AREAS],
                            cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    return [Path(p) for p in listed if p.endswith((".cpp", ".h")) and (ROOT / p).exists()]


def test_file_names_are_snake_case():
    bad = [str(p) for p in cpp_files() if not re.fullmatch(r"[a-z0-9_]+\.(cpp|h)", p.name)]
    assert bad == []


def test_catch2_tests_live_in_test_files():
    bad = [str(p) for p in cpp_files()
           if p.suffix == ".cpp" and "TEST_CASE" in (ROOT / p).read_text() and not p.name.startswith("test_")]
    assert bad == []


TEST_CASE_NAME = re.compile(r'\bTEST_CASE\(\s*"((?:[^"\\]|\\.)*)"')


def test_catch2_test_names_survive_ctest():
    # catch_discover_tests hands each name to CMake, which splits it at ';' into two entries that
    # match no test and pass without running one (--warn NoTests now fails them as well).
    bad = [f"{p}: {name}" for p in cpp_files() if p.suffix == ".cpp"
           for name in TEST_CASE_NAME.findall((ROOT / p).read_text()) if ";" in name]
    assert bad == []


def test_every_catch2_executable_fails_when_no_test_runs():
    lists = list((ROOT / "tests").rglob("CMakeLists.txt"))
    calls = [(p, line) for p in lists for line in p.read_text().splitlines() if "catch_discover_tests(" in line]
    assert calls, "no catch_discover_tests calls found"
    assert [str(p.relative_to(ROOT)) for p, line in calls if "--warn NoTests" not in line] == []


def project_header(include, including):
    """The emulator or library header a quoted include names, if any."""
    if include.startswith("symemu/"):
        return None
    for base in (ROOT / including.parent, ROOT / "emulator", ROOT / "modules/SmartMetering"):
        target = (base / include).resolve()
        if target.exists() and target.is_relative_to(ROOT) and target.relative_to(ROOT).parts[0] in ("emulator", "modules"):
            return target
    return None


def test_project_headers_are_included_from_the_symemu_root():
    bad = []
    for path in cpp_files():
        for include in QUOTED_INCLUDE.findall((ROOT / path).read_text()):
            if path.parts[0] in ("emulator", "modules") and not include.startswith("symemu/"):
                bad.append(f"{path}: \"{include}\"")
            elif project_header(include, path) is not None:
                bad.append(f"{path}: \"{include}\"")
    assert bad == []


def test_symemu_includes_name_existing_headers():
    roots = {"smartmetering": ROOT / "modules/SmartMetering"}
    bad = []
    for path in cpp_files():
        for include in QUOTED_INCLUDE.findall((ROOT / path).read_text()):
            if not include.startswith("symemu/"):
                continue
            area, _, rest = include[len("symemu/"):].partition("/")
            base = roots.get(area, ROOT / "emulator" / area)
            if not (base / rest).is_file():
                bad.append(f"{path}: \"{include}\"")
    assert bad == []
