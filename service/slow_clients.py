"""Slow clients against a running server, and probes that time normal ones.

What a slow or hostile network looks like to the server, on loopback only:

``header``
    sends a request line and headers one byte per tick, never finishing them;
``body``
    sends complete headers for a ``POST /v1/quotes`` of ``Content-Length:
    1000000``, then the body one byte per tick;
``reader``
    asks for ``/openapi.yaml`` 64 times over on one connection (pipelined,
    about 2.4 MB of answers) with a tiny receive window, and never reads.

:class:`SlowClients` opens them and keeps them trickling from one thread;
:func:`probe` times ``GET /health`` and ``POST /v1/quotes`` meanwhile.  A
connection counts as closed by the server once its TCP state is no longer
ESTABLISHED (the server sent FIN or RST), or a send on it fails.

``python -m service bench slow`` reports these figures against the real
server; tests/hardening/test_hard_slow_clients.py holds the server to them.
"""

from __future__ import annotations

import http.client
import json
import socket
import struct
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

KINDS = ("header", "body", "reader")

#: TCP states from <netinet/tcp.h>; TCP_INFO's first byte.
_ESTABLISHED = 1

_HEADER_REQUEST = (
    b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: slow-header\r\nX-Slow: "
    + b"a" * 8000
)
_BODY_HEADERS = (
    b"POST /v1/quotes HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
    b"Content-Length: 1000000\r\n\r\n"
)
_BODY = b'{"text": "' + b"a" * 999_990

#: The smallest receive buffer Linux grants; the server's answer fills it at once.
_TINY_RCVBUF = 1024


#: Requests a reader sends at once: more answers than loopback's socket
#: buffers hold (Linux lets about 1.7 MB wait in them), so the server has to
#: wait for the reader.
PIPELINED = 64


def reader_request(path: str = "/openapi.yaml", times: int = PIPELINED) -> bytes:
    return f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode() * times


@dataclass
class _Slow:
    kind: str
    sock: socket.socket
    data: bytes = b""
    sent: int = 0
    opened: float = field(default_factory=time.monotonic)
    closed_at: float | None = None


def _tcp_state(sock: socket.socket) -> int | None:
    try:
        info = sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, 8)
    except OSError:
        return None
    return struct.unpack("B", info[:1])[0]


class SlowClients:
    """``counts[kind]`` connections of each kind to ``host:port``, one byte
    per ``interval`` seconds on the sending kinds, for at most ``max_seconds``."""

    def __init__(self, port: int, counts: dict[str, int], host: str = "127.0.0.1",
                 interval: float = 1.0, max_seconds: float = 600.0,
                 reader_path: str = "/openapi.yaml"):
        unknown = set(counts) - set(KINDS)
        if unknown:
            raise ValueError(f"unknown kinds of slow client: {sorted(unknown)}")
        self.host, self.port = host, port
        self.counts = dict(counts)
        self.interval = interval
        self.max_seconds = max_seconds
        self.reader_path = reader_path
        self.clients: list[_Slow] = []
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    # --- opening -------------------------------------------------------------

    def _connect(self, kind: str) -> _Slow:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        if kind == "reader":
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, _TINY_RCVBUF)
        sock.settimeout(10)
        sock.connect((self.host, self.port))
        sock.setblocking(False)
        client = _Slow(kind, sock)
        if kind == "header":
            client.data = _HEADER_REQUEST
        elif kind == "body":
            client.data = _BODY
            self._send_all_now(sock, _BODY_HEADERS)
        else:
            self._send_all_now(sock, reader_request(self.reader_path))
        return client

    @staticmethod
    def _send_all_now(sock: socket.socket, data: bytes) -> None:
        sock.setblocking(True)
        sock.settimeout(10)
        try:
            sock.sendall(data)
        finally:
            sock.setblocking(False)

    def open(self) -> "SlowClients":
        """Open every connection (and send the first byte on the trickling
        ones), then keep them going from a background thread."""
        for kind in KINDS:
            for _ in range(self.counts.get(kind, 0)):
                client = self._connect(kind)
                self.clients.append(client)
                self._trickle(client)
        self._thread = threading.Thread(target=self._run, name="slow-clients", daemon=True)
        self._thread.start()
        return self

    # --- keeping them slow -------------------------------------------------------

    def _trickle(self, client: _Slow) -> None:
        if client.closed_at is not None or client.kind == "reader":
            return
        if client.sent >= len(client.data):
            return
        try:
            client.sent += client.sock.send(client.data[client.sent:client.sent + 1])
        except BlockingIOError:
            pass
        except OSError:
            client.closed_at = time.monotonic()

    def _run(self) -> None:
        deadline = time.monotonic() + self.max_seconds
        next_byte = time.monotonic() + self.interval
        # Closes are looked for four times per byte, so that a lifetime is
        # known to a quarter of the interval.
        while not self._stop.wait(self.interval / 4):
            now = time.monotonic()
            if now > deadline:
                return
            with self._lock:
                for client in self.clients:
                    self._check(client)
                    if now >= next_byte:
                        self._trickle(client)
            if now >= next_byte:
                next_byte += self.interval

    def _check(self, client: _Slow) -> None:
        if client.closed_at is None:
            state = _tcp_state(client.sock)
            if state is not None and state != _ESTABLISHED:
                client.closed_at = time.monotonic()

    # --- what happened -----------------------------------------------------------

    def still_open(self) -> Counter:
        """Connections the server has not closed yet, by kind."""
        with self._lock:
            for client in self.clients:
                self._check(client)
            return Counter(c.kind for c in self.clients if c.closed_at is None)

    def lifetimes(self) -> dict[str, list[float]]:
        """Seconds from opening to the server closing it, by kind (closed ones only)."""
        out: dict[str, list[float]] = {kind: [] for kind in KINDS}
        with self._lock:
            for client in self.clients:
                self._check(client)
                if client.closed_at is not None:
                    out[client.kind].append(client.closed_at - client.opened)
        return out

    def close(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
        for client in self.clients:
            try:
                client.sock.close()
            except OSError:
                pass

    def __enter__(self) -> "SlowClients":
        return self.open()

    def __exit__(self, *exc) -> None:
        self.close()


# --- probes ----------------------------------------------------------------------

PROBE_ARTICLE = '"We will rebuild the seawall," said Mayor Helena Okafor. "It is time."'


@dataclass
class Probe:
    path: str
    started: float
    seconds: float | None  # None: no answer within the timeout
    status: int | None
    error: str | None = None


def _one_probe(host: str, port: int, path: str, timeout: float) -> Probe:
    started = time.monotonic()
    conn = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        if path == "/v1/quotes":
            conn.request("POST", path, body=json.dumps({"text": PROBE_ARTICLE}),
                         headers={"Content-Type": "application/json"})
        else:
            conn.request("GET", path)
        response = conn.getresponse()
        body = response.read()
        status = response.status
        if status == 200 and path == "/v1/quotes" and not json.loads(body)["quotes"]:
            return Probe(path, started, time.monotonic() - started, status, "no quotes")
        return Probe(path, started, time.monotonic() - started, status)
    except (OSError, http.client.HTTPException, ValueError) as err:
        return Probe(path, started, None, None, f"{type(err).__name__}: {err}")
    finally:
        conn.close()


def probe(port: int, seconds: float, interval: float = 0.25, timeout: float = 5.0,
          host: str = "127.0.0.1", paths: tuple[str, ...] = ("/health", "/v1/quotes"),
          stop: threading.Event | None = None) -> list[Probe]:
    """Each of ``paths`` in turn every ``interval`` seconds for ``seconds``
    (or until ``stop`` is set): one new connection per probe."""
    results: list[Probe] = []
    deadline = time.monotonic() + seconds
    i = 0
    while time.monotonic() < deadline and not (stop and stop.is_set()):
        results.append(_one_probe(host, port, paths[i % len(paths)], timeout))
        i += 1
        time.sleep(interval)
    return results

