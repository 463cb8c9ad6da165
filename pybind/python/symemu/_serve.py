"""symemu.serve(): a kernel on the real clock with real MQTT, HTTP and HTTPS listeners."""
import os
import shutil
import tempfile
from typing import Optional

from ._symemu import _serve


class Served:
    """A running served kernel (what symemu.serve() returns and its `with` block yields).

    kernel      the symemu.Kernel (real clock: every call is routed through its kernel thread)
    mqtt_port   the MQTT Server Socket's port (0 when mqtt_port=None closed it)
    http_port   WebHook Control's HTTP port (0 when closed)
    https_port  WebHook Control's HTTPS port (0 when closed)
    certificate the PEM certificate HTTPS uses (self-signed unless the database's WebHook
                Control names one); pass it to HTTPS clients as their CA file
    bind        the listen address; database: the database file
    instances   IDs of the default chains: {"mqtt_server", "server_socket", "webhook_control"}, and
                with upstream= also {"mqtt_client", "client_socket"}
    upstream    HOST:PORT of the broker the MQTT Client connects to ("" without upstream=)
    """

    def __init__(self, db=None, seed: Optional[int] = None, mqtt_port: Optional[int] = 0,
                 http_port: Optional[int] = 0, https_port: Optional[int] = 0, bind: str = "127.0.0.1",
                 auto_create: bool = False, mqtt_user: Optional[str] = None, mqtt_password: Optional[str] = None,
                 libraries=None, upstream: Optional[str] = None, no_mqtt_server: bool = False,
                 shard=None):
        if isinstance(shard, tuple):
            shard = f"{shard[0]}/{shard[1]}"
        self._tempdir = None
        if db is None or os.fspath(db) == ":memory:":
            # Listeners need a database file: the self-signed certificate is kept beside it.
            self._tempdir = tempfile.mkdtemp(prefix="symemu-serve-")
            db = os.path.join(self._tempdir, "symemu.db")
        try:
            self.kernel, info = _serve(db, seed, libraries, mqtt_port, http_port, https_port, bind, auto_create,
                                       mqtt_user, mqtt_password, upstream, no_mqtt_server, shard)
        except BaseException:
            self._remove_tempdir()
            raise
        self.database = os.fspath(db)
        self.bind = bind
        self.mqtt_port = info["mqtt_port"]
        self.http_port = info["http_port"]
        self.https_port = info["https_port"]
        self.certificate = info["certificate"]
        self.upstream = info["upstream"]
        self.instances = {name: info[name] for name in ("mqtt_server", "server_socket", "webhook_control")}
        if info["mqtt_client"]:
            self.instances.update(mqtt_client=info["mqtt_client"], client_socket=info["client_socket"])

    @property
    def http_url(self) -> str:
        """http://<bind>:<http_port> (hooks live under /hook/...)."""
        return f"http://{self.bind}:{self.http_port}"

    @property
    def https_url(self) -> str:
        """https://<bind>:<https_port>."""
        return f"https://{self.bind}:{self.https_port}"

    @property
    def closed(self) -> bool:
        return self.kernel.closed

    def close(self) -> None:
        """Stops the listeners and the kernel thread, commits and closes the database. Idempotent."""
        try:
            self.kernel.close()
        finally:
            self._remove_tempdir()

    def _remove_tempdir(self) -> None:
        if self._tempdir:
            shutil.rmtree(self._tempdir, ignore_errors=True)
            self._tempdir = None

    def __enter__(self) -> "Served":
        return self

    def __exit__(self, *exc) -> bool:
        self.close()
        return False

    def __repr__(self) -> str:
        state = "closed" if self.closed else f"mqtt={self.mqtt_port} http={self.http_port} https={self.https_port}"
        return f"<symemu.Served {self.bind} {state}>"


def serve(db=None, seed: Optional[int] = None, mqtt_port: Optional[int] = 0, http_port: Optional[int] = 0,
          https_port: Optional[int] = 0, bind: str = "127.0.0.1", auto_create: bool = False,
          mqtt_user: Optional[str] = None, mqtt_password: Optional[str] = None, libraries=None,
          upstream: Optional[str] = None, no_mqtt_server: bool = False, shard=None) -> Served:
    """Starts a kernel with real listeners, set up as `symemu serve` sets up its database.

        with symemu.serve(seed=1, auto_create=True) as s:
            client.connect("127.0.0.1", s.mqtt_port)       # paho-mqtt, mosquitto_pub, ...
            s.kernel.snapshot()

    db: a database file (None or ":memory:": a temporary one, removed on close). seed: the ID
    seed for a new database. mqtt_port/http_port/https_port: 0 picks a free port, None keeps that
    listener closed. bind: the listen address (loopback by default). auto_create: a
    SmartLogDiscovery under the MQTT Server (`serve --auto-create`). mqtt_user/mqtt_password:
    the MQTT Server's credentials. libraries: extra library folders.
    upstream: `serve --upstream`'s URL (mqtt[s]://[USER:PASS@]HOST[:PORT][?client_id=..&topic=..]):
    a Client Socket -> MQTT Client chain to that broker (with auto_create, a SmartLogDiscovery
    under it too). no_mqtt_server: the local MQTT Server's socket stays closed (mqtt_port is 0).
    shard: "I/N" or (I, N), `--shard`: only the upstream loggers whose ID hashes to I
    (docs/mqtt-client.md). A bad URL or shard raises ValueError naming the problem.

    The kernel runs on the real clock on its own thread; `.kernel` is the usual Kernel API with
    every call routed through that thread. Use it as a context manager or call close().
    Raises KernelError when a listener cannot open.
    """
    return Served(db, seed, mqtt_port, http_port, https_port, bind, auto_create, mqtt_user, mqtt_password, libraries,
                  upstream, no_mqtt_server, shard)
