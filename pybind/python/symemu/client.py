"""symemu.Client: a running emulator's JSON-RPC API and message stream, from another process.

    client = symemu.Client("http://127.0.0.1:3777/api/")
    client.IPS_GetObject(0)["ObjectName"]          # 'IP-Symcon'
    client.call("SetValueFloat", var_id, 21.5)    # same as client.SetValueFloat(var_id, 21.5)
    for message in client.messages():             # {"Message": 10603, "SenderID": ..., "Data": [...], ...}
        ...

Pure Python: http.client for calls (one keep-alive connection), python3-websocket for the stream.
Results are what the JSON-RPC API returns: records with Symcon's field names, exactly what
symemu.Kernel returns in process. Errors raise ApiError with Symcon's message and the JSON-RPC code.
A Client is not thread-safe; use one per thread.
"""
import base64
import http.client
import json
import ssl
import urllib.parse

__all__ = ["Client", "ApiError", "MessageStream"]


class ApiError(Exception):
    """A JSON-RPC error: `code` (-32601 unknown function, -32602 wrong parameters, -32603 refused
    by the kernel, -32000 access refused, ...) and Symcon's `message`."""

    def __init__(self, code, message, method=None, http_status=None):
        super().__init__(f"{method}: {message}" if method else message)
        self.code = code
        self.message = message
        self.method = method
        self.http_status = http_status


class MessageStream:
    """The kernel's messages as they happen: iterate to get one dict per message. Ends when the
    emulator closes the stream; `close_code`/`close_reason` then say why (1008 "client too slow",
    1001 shutting down)."""

    def __init__(self, ws):
        self._ws = ws
        self.close_code = None
        self.close_reason = None

    def __iter__(self):
        return self

    def __next__(self):
        import websocket  # python3-websocket

        while True:
            try:
                opcode, data = self._ws.recv_data(control_frame=True)
            except websocket.WebSocketConnectionClosedException:
                raise StopIteration
            if opcode == websocket.ABNF.OPCODE_CLOSE:
                self.close_code = int.from_bytes(data[:2], "big") if len(data) >= 2 else 1005
                self.close_reason = data[2:].decode("utf-8", "replace")
                try:
                    self._ws.close()
                except Exception:  # noqa: BLE001 - already closing
                    pass
                raise StopIteration
            if opcode == websocket.ABNF.OPCODE_TEXT:
                return json.loads(data.decode("utf-8"))

    def settimeout(self, seconds):
        """Seconds next() waits for a message before raising websocket.WebSocketTimeoutException."""
        self._ws.settimeout(seconds)

    def close(self):
        try:
            self._ws.close()
        except Exception:  # noqa: BLE001 - the connection may be gone already
            pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class Client:
    """Calls a running emulator's functions over JSON-RPC (`POST /api/`).

    url: the API, e.g. "http://127.0.0.1:3777/api/" or "https://host:3778/api/".
    auth: (user, password) for HTTP Basic auth (needed from other machines).
    cafile: for https, the certificate to trust (the emulator's own); verify=False trusts any.
    """

    def __init__(self, url="http://127.0.0.1:3777/api/", auth=None, timeout=30.0, cafile=None, verify=True):
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in ("http", "https"):
            raise ValueError(f"url must be http:// or https://, not {url!r}")
        self.url = url
        self._secure = parts.scheme == "https"
        self._host = parts.hostname
        self._port = parts.port or (3778 if self._secure else 3777)
        self._path = parts.path if parts.path not in ("", "/") else "/api/"
        self._timeout = timeout
        self._auth_header = None
        if auth is not None:
            user, password = auth
            token = base64.b64encode(f"{user}:{password}".encode("utf-8")).decode("ascii")
            self._auth_header = "Basic " + token
        self._context = None
        if self._secure:
            self._context = ssl.create_default_context(cafile=cafile)
            if not verify:
                self._context.check_hostname = False
                self._context.verify_mode = ssl.CERT_NONE
        self._connection = None
        self._next_id = 1

    # --- JSON-RPC ---------------------------------------------------------------------------
    def call(self, method, *params):
        """Calls a kernel or module function with positional parameters and returns its result."""
        request_id = self._next_id
        self._next_id += 1
        answer, status = self._post({"jsonrpc": "2.0", "method": method, "params": list(params), "id": request_id})
        return self._result(answer, method, status)

    def batch(self, calls):
        """Several calls in one request: calls is a list of (method, params...) tuples. Returns
        their results in order; a failed call's place holds its ApiError instead."""
        requests = []
        for index, (method, *params) in enumerate(calls):
            requests.append({"jsonrpc": "2.0", "method": method, "params": params, "id": index})
        answers, status = self._post(requests)
        if isinstance(answers, dict):  # the whole batch was refused
            self._result(answers, None, status)
        by_id = {a.get("id"): a for a in answers}
        out = []
        for index, (method, *_params) in enumerate(calls):
            try:
                out.append(self._result(by_id[index], method, status))
            except ApiError as e:
                out.append(e)
        return out

    def __getattr__(self, name):
        # client.IPS_GetObject(0) is client.call("IPS_GetObject", 0)
        if name.startswith("_"):
            raise AttributeError(name)
        return lambda *params: self.call(name, *params)

    def _post(self, payload):
        body = json.dumps(payload).encode("utf-8")
        headers = {"Content-Type": "application/json"}
        if self._auth_header:
            headers["Authorization"] = self._auth_header
        for attempt in (0, 1):
            connection = self._connect()
            try:
                connection.request("POST", self._path, body=body, headers=headers)
                response = connection.getresponse()
                data = response.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # the server closed an idle keep-alive connection: once more on a new one
                self.close()
                if attempt:
                    raise
        if response.getheader("Connection", "").lower() == "close":
            self.close()
        if response.status == 204 or not data:
            return None, response.status
        try:
            return json.loads(data.decode("utf-8")), response.status
        except ValueError:
            raise ApiError(None, f"HTTP {response.status}, not JSON: {data[:200]!r}", http_status=response.status)

    @staticmethod
    def _result(answer, method, status):
        if answer is None:
            return None
        if "error" in answer:
            error = answer["error"]
            raise ApiError(error.get("code"), error.get("message"), method, status)
        return answer.get("result")

    def _connect(self):
        if self._connection is None:
            if self._secure:
                self._connection = http.client.HTTPSConnection(self._host, self._port, timeout=self._timeout,
                                                               context=self._context)
            else:
                self._connection = http.client.HTTPConnection(self._host, self._port, timeout=self._timeout)
        return self._connection

    # --- message stream ----------------------------------------------------------------------
    def messages(self, timeout=None):
        """Opens the message stream (WebSocket on the same path) and returns a MessageStream:
        iterate it for one dict per kernel message. timeout: seconds to wait for each message
        (None: wait as long as it takes)."""
        import websocket  # python3-websocket

        scheme = "wss" if self._secure else "ws"
        url = f"{scheme}://{self._host}:{self._port}{self._path}"
        header = [f"Authorization: {self._auth_header}"] if self._auth_header else []
        sslopt = None
        if self._secure:
            sslopt = {"context": self._context, "check_hostname": self._context.check_hostname}
        try:
            ws = websocket.create_connection(url, header=header, timeout=self._timeout, sslopt=sslopt)
        except websocket.WebSocketBadStatusException as e:
            raise ApiError(-32000 if e.status_code == 401 else None, str(e), http_status=e.status_code) from e
        ws.settimeout(timeout)
        return MessageStream(ws)

    def close(self):
        """Closes the keep-alive connection (a later call opens a new one)."""
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
