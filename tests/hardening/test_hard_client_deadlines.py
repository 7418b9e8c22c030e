"""service.server.DeadlineSocket on a local socket pair: one deadline for
all the reads of a request, however the bytes trickle in, and one for all
the writes of an answer, however slowly they are taken."""

from __future__ import annotations

import socket
import threading
import time

import pytest

from service.server import READING, WRITING, ClientTimeout, DeadlineSocket


@pytest.fixture
def pair():
    server, client = socket.socketpair()
    server.settimeout(None)
    yield DeadlineSocket(server, limit=0.6), client
    server.close()
    client.close()


def _trickle(sock: socket.socket, count: int, every: float, stop: threading.Event) -> threading.Thread:
    def run():
        for _ in range(count):
            if stop.wait(every):
                return
            try:
                sock.send(b"x")
            except OSError:
                return
    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def test_reads_share_one_deadline_however_the_bytes_trickle(pair):
    sock, client = pair
    stop = threading.Event()
    _trickle(client, 40, 0.05, stop)  # a byte every 50 ms: no single read waits long
    sock.begin_request()
    started = time.monotonic()
    got = b""
    with pytest.raises(ClientTimeout) as caught:
        while True:
            got += sock.recv(1)
    stop.set()
    assert 0.55 <= time.monotonic() - started < 1.5
    assert 5 <= len(got) <= 15
    assert sock.timed_out == READING and isinstance(caught.value, TimeoutError)


def test_a_new_request_has_a_new_deadline(pair):
    sock, client = pair
    sock.begin_request()
    client.send(b"a")
    assert sock.recv(1) == b"a"
    time.sleep(0.7)
    sock.begin_request()
    client.send(b"b")
    assert sock.recv(1) == b"b"
    assert sock.timed_out is None


def test_a_shorter_timeout_of_the_callers_own_is_kept_and_is_not_the_clients_fault(pair):
    sock, _ = pair
    sock.begin_request()
    sock.settimeout(0.1)
    with pytest.raises(TimeoutError):
        sock.recv(1)
    assert sock.timed_out is None  # the caller's timeout, not the client's deadline
    assert sock.gettimeout() == 0.1


def test_a_non_blocking_socket_stays_non_blocking(pair):
    sock, _ = pair
    sock.begin_request()
    sock.setblocking(False)
    with pytest.raises(BlockingIOError):
        sock.recv(1)


def test_writing_an_answer_nobody_takes_stops_at_the_deadline(pair):
    sock, client = pair
    client.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1024)
    sock.begin_request()
    started = time.monotonic()
    with pytest.raises(ClientTimeout):
        for _ in range(1000):
            sock.sendall(b"x" * 65536)
    assert 0.55 <= time.monotonic() - started < 1.5
    assert sock.timed_out == WRITING and sock.answered


def test_closing_is_idempotent_and_what_follows_a_close_is_harmless(pair):
    sock, _ = pair
    sock.abort()
    sock.close()
    sock.setblocking(True)  # gunicorn's own close path does this
    with pytest.raises(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    assert sock.closed
