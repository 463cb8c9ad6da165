"""WebHook Control over HTTP and HTTPS with curl."""
import subprocess

from symemu_process import variable_value


def curl(*args):
    r = subprocess.run(["curl", "-s", "-o", "-", "-w", "\n%{http_code}", *args], capture_output=True, text=True, timeout=20)
    body, _, code = r.stdout.rpartition("\n")
    return int(code or 0), body, r


def test_http_and_https_reach_the_hook(echo_server):
    code, body, _ = curl(f"http://127.0.0.1:{echo_server.http_port}/hook/echo/sub?x=1", "-d", "plain")
    assert code == 200
    assert body == "POST /hook/echo/sub user=(none) body=plain"
    code, body, r = curl("--cacert", echo_server.certificate, f"https://localhost:{echo_server.https_port}/hook/echo",
                         "-d", "secure")
    assert code == 200, r.stderr
    assert body == "POST /hook/echo user=(none) body=secure"
    assert variable_value(echo_server.db, "LastPayload") == "secure"  # 200 came after the commit


def test_https_certificate_is_verified_by_curl(echo_server):
    code, _, r = curl(f"https://localhost:{echo_server.https_port}/hook/echo", "-d", "x")  # no --cacert
    assert code == 0
    assert r.returncode == 60  # "peer certificate cannot be authenticated"


def test_basic_auth_is_passed_to_the_module(server_factory):
    server = server_factory(env={"SYMEMU_ECHO_USER": "logger", "SYMEMU_ECHO_PASSWORD": "pw"})
    base = f"http://127.0.0.1:{server.http_port}/hook/echo"
    code, _, _ = curl(base, "-d", "no-auth")
    assert code == 401
    code, _, _ = curl("-u", "logger:wrong", base, "-d", "bad-auth")
    assert code == 401
    code, body, _ = curl("-u", "logger:pw", base, "-d", "good")
    assert code == 200
    assert "user=logger" in body
    assert variable_value(server.db, "LastPayload") == "good"
    code, _, _ = curl("--cacert", server.certificate, "-u", "logger:pw", f"https://localhost:{server.https_port}/hook/echo",
                      "-d", "tls")
    assert code == 200
    assert server.stop() == 0


def test_unknown_hook_is_404_and_oversized_body_413(echo_server):
    code, body, _ = curl(f"http://127.0.0.1:{echo_server.http_port}/hook/nothing", "-d", "x")
    assert code == 404
    assert "/hook/nothing" in body
    big = "x" * (9 * 1024 * 1024)
    r = subprocess.run(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "--data-binary", "@-",
                        f"http://127.0.0.1:{echo_server.http_port}/hook/echo"], input=big, capture_output=True,
                       text=True, timeout=30)
    assert r.stdout == "413"
