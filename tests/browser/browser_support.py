"""Helpers of the browser tests (Chromium via Selenium, JSON-RPC calls, screenshots), in their own
module so the tests import them by a name no other test folder's conftest shadows."""
import json
import os
import shutil
import sys
import tempfile
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "e2e"))
from symemu_process import ROOT, SymemuServer  # noqa: E402,F401 (SymemuServer: for conftest)

CHROMIUM_CANDIDATES = ["/usr/lib/chromium/chromium", "/usr/bin/chromium", "/usr/bin/chromium-browser"]
# The README's screenshots live in docs/img; a normal run writes into the build folder so a test
# run leaves the work tree clean. SYMEMU_UPDATE_SCREENSHOTS=1 refreshes the README's copies.
SCREENSHOTS = (ROOT / "docs" / "img") if os.environ.get("SYMEMU_UPDATE_SCREENSHOTS") == "1" else \
    Path(os.environ.get("SYMEMU_BUILD", ROOT / "build")) / "screenshots"


def _chromium():
    for path in CHROMIUM_CANDIDATES:
        if os.path.exists(path):
            return path
    return shutil.which("chromium")


def _missing():
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "python3-selenium is not installed (scripts/setup installs it)"
    if not _chromium():
        return "chromium is not installed (scripts/setup installs it)"
    if not shutil.which("chromedriver"):
        return "chromedriver is not installed (package chromium-driver; scripts/setup installs it)"
    return None


MISSING = _missing()


def make_driver(width=1280, height=800, accept_self_signed=False):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = _chromium()
    profile = tempfile.mkdtemp(prefix="symemu-chromium-")
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                 f"--user-data-dir={profile}", f"--window-size={width},{height}"):
        options.add_argument(flag)
    if accept_self_signed:  # symemu's own self-signed certificate on 127.0.0.1
        options.add_argument("--ignore-certificate-errors")
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    driver.set_page_load_timeout(30)
    # The window size includes the browser's frame; the page itself gets exactly width x height.
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})
    driver._symemu_profile = profile
    return driver


def quit_driver(driver):
    try:
        driver.quit()
    finally:
        shutil.rmtree(getattr(driver, "_symemu_profile", ""), ignore_errors=True)


# The Form Test Device's library: its form.json has unknown element types on purpose, so it is
# kept out of the project's libraries (which `symemu validate` must find clean) and loaded here.
FORM_LIBRARY = Path(__file__).resolve().parent / "formlib"


def rpc(server, method, *params):
    """One JSON-RPC call to the server's API, as any other tool would make it."""
    body = json.dumps({"jsonrpc": "2.0", "method": method, "params": list(params), "id": 1}).encode()
    req = urllib.request.Request(f"http://127.0.0.1:{server.http_port}/api/", data=body,
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=10) as r:
        answer = json.loads(r.read())
    if "error" in answer:
        raise RuntimeError(answer["error"]["message"])
    return answer["result"]


def screenshot(driver, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    driver.execute_script("document.getElementById('toasts').replaceChildren()")  # passing notices
    driver.save_screenshot(str(SCREENSHOTS / name))
