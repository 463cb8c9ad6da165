"""Debian's mosquitto as a real upstream broker for the MQTT Client tests: started on a free
loopback port with its own configuration, restartable on the same port."""
import os
import socket
import subprocess
import time
from pathlib import Path


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Mosquitto:
    def __init__(self, workdir, users=None, tls=None, log_all=False, persistence=False):
        self.log_all = log_all  # `log_type all`: every packet in mosquitto.log (see log_text())
        self.persistence = persistence  # queued messages and sessions survive a restart
        self.dir = Path(workdir)
        self.dir.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.users = users or {}
        self.tls = tls  # (ca, cert, key) paths: the listener speaks TLS only
        self.proc = None

    def _config(self):
        lines = [f"listener {self.port} 127.0.0.1"]
        if os.geteuid() == 0:
            lines.append("user root")  # else it drops to user mosquitto, who cannot read our temp dir
        if self.log_all:
            lines.append("log_type all")
        if self.persistence:
            lines += ["persistence true", f"persistence_location {self.dir}/"]
        if self.tls:
            ca, cert, key = self.tls
            lines += [f"cafile {ca}", f"certfile {cert}", f"keyfile {key}"]
        if self.users:
            pw = self.dir / "passwd"
            pw.write_text("")
            for user, password in self.users.items():
                subprocess.run(["mosquitto_passwd", "-b", str(pw), user, password], check=True)
            lines += ["allow_anonymous false", f"password_file {pw}"]
        else:
            lines.append("allow_anonymous true")
        conf = self.dir / "mosquitto.conf"
        conf.write_text("\n".join(lines) + "\n")
        return conf

    def start(self):
        self.log = open(self.dir / "mosquitto.log", "a")
        self.proc = subprocess.Popen(["mosquitto", "-c", str(self._config())], stdout=self.log, stderr=self.log)
        deadline = time.time() + 10
        while time.time() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return self
            except OSError:
                if self.proc.poll() is not None:
                    raise RuntimeError(f"mosquitto exited: {(self.dir / 'mosquitto.log').read_text()}")
                time.sleep(0.05)
        raise TimeoutError("mosquitto did not start listening")

    def log_text(self):
        self.log.flush()
        return (self.dir / "mosquitto.log").read_text(errors="replace")

    def wait_log(self, text, count=1, timeout=15):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.log_text().count(text) >= count:
                return True
            time.sleep(0.05)
        return False

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=10)
        self.log.close()

    def publish_file(self, topic, path, qos=1, user=None, password=None, tls_ca=None):
        cmd = ["mosquitto_pub", "-h", "127.0.0.1", "-p", str(self.port), "-t", topic, "-f", str(path), "-q", str(qos)]
        if tls_ca:
            cmd += ["--cafile", str(tls_ca)]
        if user:
            cmd += ["-u", user, "-P", password]
        subprocess.run(cmd, check=True, timeout=10)


def make_ca_and_server_cert(directory, host_ip="127.0.0.1"):
    """A self-made CA and a server certificate for `host_ip` signed by it (openssl)."""
    d = Path(directory)
    d.mkdir(parents=True, exist_ok=True)
    run = lambda *a: subprocess.run(a, check=True, capture_output=True, cwd=d)  # noqa: E731
    run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=symemu test CA",
        "-keyout", "ca.key", "-out", "ca.pem")
    run("openssl", "req", "-newkey", "rsa:2048", "-nodes", "-subj", f"/CN={host_ip}", "-keyout", "server.key", "-out",
        "server.csr")
    (d / "san.ext").write_text(f"subjectAltName=IP:{host_ip}\n")
    run("openssl", "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
        "-days", "2", "-extfile", "san.ext", "-out", "server.pem")
    return d / "ca.pem", d / "server.pem", d / "server.key"
