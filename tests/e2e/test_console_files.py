"""The web console's static files on the WebHook Control's HTTP and HTTPS listeners, fetched with
curl: the page and its scripts with the right types, the redirect to /console/, and refusals
for paths that try to leave the folder, unknown files and other methods."""
import subprocess

import pytest

from symemu_process import SymemuServer


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with SymemuServer(tmp_path_factory.mktemp("console") / "files.db") as s:
        yield s


def curl(server, path, *args, https=False):
    base = f"https://127.0.0.1:{server.https_port}" if https else f"http://127.0.0.1:{server.http_port}"
    out = subprocess.run(["curl", "-s", "--path-as-is", "--cacert", server.certificate, "-o", "-", "-w",
                          "\n%{http_code} %{content_type} %{redirect_url}", *args, base + path],
                         capture_output=True, text=True, timeout=10)
    body, _, status = out.stdout.rpartition("\n")
    code, _, rest = status.partition(" ")
    return int(code), rest, body


@pytest.mark.parametrize("https", [False, True])
def test_the_page_and_its_modules_are_served(server, https):
    code, kind, body = curl(server, "/console/", https=https)
    assert code == 200 and kind.startswith("text/html")
    assert '<script type="module" src="js/app.js">' in body
    code, kind, body = curl(server, "/console/js/app.js", https=https)
    assert code == 200 and kind.startswith("text/javascript") and "import" in body
    code, kind, _ = curl(server, "/console/css/console.css", https=https)
    assert code == 200 and kind.startswith("text/css")


def test_console_without_slash_redirects(server):
    code, rest, _ = curl(server, "/console")
    assert code == 301 and rest.strip().endswith("/console/")


@pytest.mark.parametrize("path", ["/console/../CMakeLists.txt", "/console/js/../../../README.md",
                                  "/console/%2e%2e/%2e%2e/README.md", "/console//index.html", "/console/js/",
                                  "/console/nope.js", "/console/js\\app.js"])
def test_paths_outside_or_unknown_are_404_naming_the_path(server, path):
    code, _, body = curl(server, path)
    assert code == 404 and body.startswith("No console file /console/")


def test_other_methods_are_refused(server):
    code, _, body = curl(server, "/console/", "-X", "POST", "-d", "x=1")
    assert code == 405 and "GET" in body


def test_other_paths_are_not_the_console(server):
    code, _, body = curl(server, "/consoles/index.html")
    assert code == 404 and "No hook for /consoles/index.html" in body


def remote_get(server, path, auth=None):
    """GET from 127.0.0.2, which the server counts as a remote caller (docs/api.md, Access)."""
    import base64
    import http.client
    conn = http.client.HTTPConnection("127.0.0.1", server.http_port, timeout=10, source_address=("127.0.0.2", 0))
    headers = {"Authorization": "Basic " + base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode()} if auth else {}
    try:
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        return response.status, response.read().decode(), response.getheader("WWW-Authenticate")
    finally:
        conn.close()


def test_remote_callers_follow_the_api_access_rules(tmp_path):
    with SymemuServer(tmp_path / "open.db") as server:
        status, body, challenge = remote_get(server, "/console/")
        assert status == 401 and challenge.startswith("Basic") and "--api-user" in body
    args = ("--api-user", "admin", "--api-password", "console-secret")
    with SymemuServer(tmp_path / "auth.db", extra_args=args) as server:
        assert remote_get(server, "/console/js/app.js", ("admin", "wrong"))[0] == 401
        status, body, _ = remote_get(server, "/console/js/app.js", ("admin", "console-secret"))
        assert status == 200 and "import" in body
        assert curl(server, "/console/")[0] == 200  # loopback needs nothing


def test_symemu_console_dir_replaces_the_installed_files(tmp_path):
    # By default the files come from share/symemu/console beside the binary; the variable points
    # at another folder (e.g. the source tree while editing the page).
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "index.html").write_text("<p>my console</p>")
    with SymemuServer(tmp_path / "dir.db", env={"SYMEMU_CONSOLE_DIR": str(tmp_path / "mine")}) as s:
        code, kind, body = curl(s, "/console/")
        assert code == 200 and kind.startswith("text/html") and body == "<p>my console</p>"
        code, _, body = curl(s, "/console/js/app.js")
        assert code == 404 and body.startswith("No console file /console/js/app.js")
