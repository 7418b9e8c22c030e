"""Raw HTTP/1.1 over loopback sockets, for talking to the real gunicorn in
ways no HTTP client library will (broken framing, slow bytes, odd heads),
and the server's JSON log lines.  Every read has a timeout."""

from __future__ import annotations

import json
import os
import socket
import time
from pathlib import Path

from service.benchmark import Server


def start_server(tmp_path: Path, **env: str) -> Server:
    """The Procfile's gunicorn on a free loopback port, its metrics in ``tmp_path``."""
    metrics_dir = tmp_path / "metrics"
    metrics_dir.mkdir(exist_ok=True)
    return Server.from_procfile(env={"PROMETHEUS_MULTIPROC_DIR": str(metrics_dir), **env})


def exchange(port: int, data: bytes, timeout: float = 15.0, limit: int = 1_000_000) -> bytes:
    """Send ``data`` on a new connection and read until the server closes it
    (or ``timeout`` passes, or ``limit`` bytes came)."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        try:
            sock.sendall(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # answered before it read everything: the answer is still there
        return read_all(sock, timeout, limit)


def read_all(sock: socket.socket, timeout: float = 15.0, limit: int = 1_000_000) -> bytes:
    deadline = time.monotonic() + timeout
    data = b""
    while len(data) < limit and time.monotonic() < deadline:
        sock.settimeout(max(0.05, deadline - time.monotonic()))
        try:
            piece = sock.recv(65536)
        except (ConnectionResetError, TimeoutError):
            break
        if not piece:
            break
        data += piece
    return data


def parse(raw: bytes) -> tuple[int, dict[str, str], bytes]:
    """The first answer in ``raw``: status, headers (names lower-cased), body."""
    head, _, rest = raw.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length", len(rest)))
    return status, headers, rest[:length]


def problem(raw: bytes) -> tuple[int, dict[str, str], dict]:
    """The first answer, which must be a problem+json one: status, headers, problem."""
    status, headers, body = parse(raw)
    assert headers.get("content-type") == "application/problem+json", (status, headers, body[:300])
    detail = json.loads(body)
    assert detail["status"] == status and {"type", "title", "detail"} <= set(detail), detail
    return status, headers, detail


def log_lines(server: Server, since: int = 0) -> list[dict]:
    """The server's log lines after character ``since``; every one must be JSON."""
    return [json.loads(line) for line in server.log()[since:].splitlines() if line.strip()]


def lines_for(server: Server, request_id: str, since: int = 0, wait: float = 5.0) -> list[dict]:
    """The log lines carrying ``request_id``, once at least one has been written."""
    deadline = time.monotonic() + wait
    while True:
        found = [l for l in log_lines(server, since) if l.get("request_id") == request_id]
        if found or time.monotonic() > deadline:
            return found
        time.sleep(0.05)


def _stat(pid: int) -> list[str] | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat[stat.rindex(")") + 2:].split()  # the name may hold spaces and parentheses


def children(pid: int) -> set[int]:
    """Live child processes of ``pid`` (gunicorn's workers), from /proc."""
    found = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            fields = _stat(int(entry))
            if fields and fields[0] != "Z" and int(fields[1]) == pid:
                found.add(int(entry))
    return found


def wait_for_children(pid: int, count: int, old: set[int] = frozenset(), timeout: float = 30) -> set[int]:
    """``count`` live children of ``pid``, none of them in ``old``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = children(pid)
        if len(found) == count and not found & old:
            return found
        time.sleep(0.05)
    raise AssertionError(f"no {count} new workers of {pid} within {timeout}s")


def cpu_ticks(pid: int) -> int:
    """utime + stime of ``pid``, in clock ticks (0 once it is gone)."""
    fields = _stat(pid)
    return int(fields[11]) + int(fields[12]) if fields else 0
