"""The gunicorn worker the service runs under (``worker_class`` in gunicorn.conf.py).

gunicorn's threaded worker (``gthread``) with four changes, so that nothing a
client sends or fails to send can hold the service:

* **Deadlines on clients.**  A request (line, headers and body) must arrive
  within ``GUNICORN_CLIENT_TIMEOUT`` seconds of its first byte, and an
  answer must be taken within as long again from its first byte.  A request
  that runs out is answered 408 and closed; an answer that runs out is
  abandoned and the connection reset.  gunicorn itself has no such limit: a
  client sending a byte a second holds a thread for as long as it likes.
* **No thread waits for a first byte.**  A new connection with nothing to
  read yet waits in the worker's poller, not in a thread (gunicorn waits in
  a thread for up to 5 s), and is closed after ``keepalive`` seconds.
* **Closing never stalls the worker.**  gunicorn closes a connection it
  will not keep alive from its event loop, lingering up to 2 s for the
  client's side to close: twenty clients that send a bad request and hold
  their sockets stall a stock worker for 40 s.  Here the thread that served
  the connection closes it.
* **gunicorn's own error answers are problem+json**, like the app's
  (service/http/errors.py): a bad request line or header (400), a line or
  headers over their limits (414, 431), a transfer coding it does not
  support (501), a request timeout (408), and the 503 the in-flight requests
  get when the master aborts the worker.  Each is one log line with a
  request id, which the answer carries as ``X-Request-ID``.

Threads, not processes or greenlets, are what wait for slow clients: a
thread blocked on a socket costs a little memory and no CPU, while the
engine's CPU-bound work stays in the process's other threads (see the
README's "Reliability" section for the measurements behind the choice).
"""

from __future__ import annotations

import errno
import json
import socket
import ssl
import threading
import time
import uuid

from gunicorn import util
from gunicorn.http import errors as http_errors
from gunicorn.workers import gthread

from service import metrics
from service.config import client_timeout_s
from service.http.errors import BLANK, MEDIA_TYPE, problem_body

#: Seconds a closing connection waits for the client to close its side, so
#: that the last answer is not cut off by a reset (RFC 9112 section 9.6).
CLOSE_LINGER = 2.0


class ClientTimeout(http_errors.NoMoreData, TimeoutError):
    """The client did not send its request, or take its answer, in time.

    A ``NoMoreData`` to gunicorn (the client is as good as gone: no answer
    is logged as a server error) and a ``TimeoutError`` to everyone else
    (gunicorn's body drain and close stop on it; the app answers 408).
    """

    def __init__(self, what: str, limit: float):
        super().__init__(None)
        self.what = what
        self.limit = limit

    def __str__(self) -> str:
        return f"the client took more than {self.limit:g} s to {self.what}"


READING = "send its request"
WRITING = "take the answer"


class DeadlineSocket:
    """A client socket whose reads of one request, and writes of one
    answer, must each be done within ``limit`` seconds.

    The reading deadline starts with :meth:`begin_request`, the writing one
    with the first byte of the answer.  Every blocking read or write is
    given whatever is left (or less, when the caller asked for a shorter
    timeout of its own); a non-blocking socket stays non-blocking.
    Everything else is the socket's own.
    """

    def __init__(self, sock: socket.socket, limit: float):
        self.raw = sock
        self.limit = limit
        self._timeout = sock.gettimeout()  # as the caller set it: None, 0.0 or seconds
        self.read_deadline: float | None = None
        self.write_deadline: float | None = None
        #: ``READING`` or ``WRITING`` once a deadline has passed.
        self.timed_out: str | None = None
        #: True once any byte of an answer to the current request has been sent.
        self.answered = False
        self.closed = False

    def begin_request(self) -> None:
        self.read_deadline = time.monotonic() + self.limit
        self.write_deadline = None
        self.timed_out = None
        self.answered = False

    def __getattr__(self, name):
        return getattr(self.raw, name)

    # --- the caller's view of blocking ----------------------------------------------

    def settimeout(self, value) -> None:
        self._timeout = value
        if not self.closed:
            self.raw.settimeout(value)

    def setblocking(self, flag: bool) -> None:
        self.settimeout(None if flag else 0.0)

    def gettimeout(self):
        return self._timeout

    def _wait(self, deadline: float | None, what: str) -> float | None:
        """Set the raw socket's timeout for one operation; the timeout used."""
        if self._timeout == 0.0 or deadline is None:
            self.raw.settimeout(self._timeout)
            return self._timeout
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            self.timed_out = what
            raise ClientTimeout(what, self.limit)
        wait = remaining if self._timeout is None else min(remaining, self._timeout)
        self.raw.settimeout(wait)
        return wait

    def _timed_out(self, deadline: float | None, what: str) -> ClientTimeout:
        if deadline is not None and time.monotonic() >= deadline:
            self.timed_out = what
        return ClientTimeout(what, self.limit)

    # --- reading ---------------------------------------------------------------------

    def recv(self, size: int, flags: int = 0) -> bytes:
        self._wait(self.read_deadline, READING)
        try:
            return self.raw.recv(size, flags)
        except TimeoutError:
            raise self._timed_out(self.read_deadline, READING) from None

    # --- writing ---------------------------------------------------------------------

    def send(self, data, flags: int = 0) -> int:
        """One write (gunicorn's ``100 Continue``): still the request's time."""
        self._wait(self.read_deadline, READING)
        try:
            return self.raw.send(data, flags)
        except TimeoutError:
            raise self._timed_out(self.read_deadline, READING) from None

    def sendall(self, data, flags: int = 0) -> None:
        if self._timeout == 0.0:
            return self.raw.sendall(data, flags)
        if self.write_deadline is None:
            self.write_deadline = time.monotonic() + self.limit
        self.answered = True
        self._wait(self.write_deadline, WRITING)
        try:
            # With a timeout set, sendall's timeout bounds the whole call.
            self.raw.sendall(data, flags)
        except TimeoutError:
            raise self._timed_out(self.write_deadline, WRITING) from None
        return None

    def sendfile(self, file, offset: int = 0, count: int | None = None) -> int:
        """Plain writes, so that the writing deadline holds (gunicorn.conf.py
        turns ``sendfile`` off; this is for any caller that still asks)."""
        file.seek(offset)
        sent = 0
        while count is None or sent < count:
            block = file.read(65536 if count is None else min(65536, count - sent))
            if not block:
                break
            self.sendall(block)
            sent += len(block)
        file.seek(offset + sent)
        return sent

    # --- closing ---------------------------------------------------------------------

    def shutdown(self, how: int) -> None:
        if self.closed:
            raise OSError(errno.EBADF, "socket already closed")
        self.raw.shutdown(how)

    def close(self) -> None:
        self.closed = True
        self.raw.close()

    def close_gracefully(self, linger: float = CLOSE_LINGER) -> None:
        """Send FIN, read what the client still sends for at most ``linger``
        seconds (so it sees the whole answer, not a reset), then close."""
        if self.closed:
            return
        self.closed = True
        self.read_deadline = None
        try:
            util.close_graceful(self.raw, timeout=linger)
        except OSError:
            self.raw.close()

    def abort(self) -> None:
        """Close at once with a reset: the client will not take what is unsent."""
        if self.closed:
            return
        self.closed = True
        try:
            self.raw.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
        except OSError:
            pass
        self.raw.close()


# --- gunicorn's own answers ----------------------------------------------------------

#: gunicorn's request errors -> (status, reason), most specific first; the
#: same statuses gunicorn gives them.
_CLIENT_ERRORS = (
    (http_errors.LimitRequestLine, 414, "URI Too Long"),
    (http_errors.LimitRequestHeaders, 431, "Request Header Fields Too Large"),
    (http_errors.UnsupportedTransferCoding, 501, "Not Implemented"),
    (http_errors.ExpectationFailed, 417, "Expectation Failed"),
    (http_errors.ForbiddenProxyRequest, 403, "Forbidden"),
    (ssl.SSLError, 403, "Forbidden"),
    (http_errors.ConfigurationProblem, 500, "Internal Server Error"),
    # An invalid header the *application* tried to send is a bug, not the client's.
    (http_errors.InvalidResponseHeader, None, None),
    (http_errors.InvalidResponseHeaderName, None, None),
    (http_errors.ParseException, 400, "Bad Request"),
)

#: Longest client-supplied text repeated in an answer or a log line.
MAX_DETAIL = 200


def classify(exc: BaseException) -> tuple[int, str] | None:
    """(status, reason) for an error that is the client's, else None."""
    for cls, status, reason in _CLIENT_ERRORS:
        if isinstance(exc, cls):
            return (status, reason) if status is not None else None
    return None


def _short(text: str) -> str:
    return text if len(text) <= MAX_DETAIL else text[:MAX_DETAIL] + "..."


def problem_answer(status: int, reason: str, detail: str, request_id: str) -> bytes:
    """A complete ``problem+json`` HTTP/1.1 answer that closes the connection."""
    body = json.dumps(problem_body(status, BLANK, reason, _short(detail)),
                      ensure_ascii=True, separators=(",", ":")).encode("ascii") + b"\n"
    head = (
        f"HTTP/1.1 {status} {reason}\r\n"
        f"Content-Type: {MEDIA_TYPE}\r\n"
        f"Content-Length: {len(body)}\r\n"
        f"X-Request-ID: {request_id}\r\n"
        "Connection: close\r\n\r\n"
    )
    return head.encode("latin-1") + body


def _send_now(sock, data: bytes) -> bool:
    """Write without waiting: an answer to a client that may not be reading."""
    raw = getattr(sock, "raw", sock)
    try:
        raw.send(data, socket.MSG_DONTWAIT)
        return True
    except OSError:
        return False


class Worker(gthread.ThreadWorker):
    """gthread with client deadlines and problem+json answers (see the module)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.client_timeout = client_timeout_s()
        self._serving: set[DeadlineSocket] = set()
        self._serving_lock = threading.Lock()

    # --- connections -----------------------------------------------------------------

    def handle(self, conn):
        if not conn.initialized and not conn.data_ready and not conn.wait_for_data(0):
            return gthread._DEFER  # wait for the first byte in the poller, not here
        sock = conn.sock
        if not isinstance(sock, DeadlineSocket):
            sock = conn.sock = DeadlineSocket(sock, self.client_timeout)
        sock.begin_request()
        with self._serving_lock:
            self._serving.add(sock)
        try:
            result = super().handle(conn)
        finally:
            with self._serving_lock:
                self._serving.discard(sock)
        if result is False:
            self._close(sock, conn.client)
        return result

    def _close(self, sock: DeadlineSocket, client) -> None:
        """Close a connection that is not kept alive, here in its own thread."""
        if sock.timed_out == READING and not sock.answered:
            rid = uuid.uuid4().hex
            _send_now(sock, problem_answer(
                408, "Request Timeout",
                f"The request did not arrive within {self.client_timeout:g} s.", rid))
            self._log_client(client, 408, str(ClientTimeout(READING, self.client_timeout)), rid)
            sock.close_gracefully(linger=min(CLOSE_LINGER, self.client_timeout))
        elif sock.timed_out == WRITING:
            self.log.warning("Answer abandoned for ip=%s: %s; connection reset",
                             _ip(client), ClientTimeout(WRITING, self.client_timeout),
                             extra={"status": 0, "client_timeout_s": self.client_timeout})
            sock.abort()
        else:
            sock.close_gracefully()

    def _log_client(self, client, status: int, error: str, request_id: str,
                    method: str | None = None) -> None:
        self.log.warning("Invalid request from ip=%s: %s", _ip(client), _short(error),
                         extra={"status": status, "request_id": request_id})
        try:
            metrics.observe_request(None, method or "", status, 0.0)
        except Exception:  # metrics must never cost an answer
            pass

    # --- errors gunicorn answers itself ---------------------------------------------

    def handle_error(self, req, client, addr, exc):
        """gunicorn's own answer to a request it could not pass to the app."""
        if isinstance(client, DeadlineSocket) and client.answered:
            # The app has answered already (the error came from draining the
            # rest of a body it did not read); the connection just closes.
            self.log.debug("Connection closed after the answer: %s", _short(str(exc)))
            return
        rid = uuid.uuid4().hex
        status = classify(exc)
        if status is None:
            where = f"{req.method} {req.uri}" if hasattr(req, "method") else "(no request line read)"
            self.log.exception("Error handling request %s", _short(where), extra={"request_id": rid})
            code, reason, detail = 500, "Internal Server Error", \
                "The server hit an unexpected error; it has been logged."
        else:
            code, reason = status
            detail = str(exc) or reason
            self._log_client(addr, code, detail, rid, getattr(req, "method", None))
        _send_now(client, problem_answer(code, reason, detail, rid))

    def handle_abort(self, sig, frame):
        """The master gave up on this worker (``WORKER TIMEOUT``): the
        requests in flight that have not begun their answers get a 503."""
        with self._serving_lock:
            waiting = [s for s in self._serving if not s.answered and not s.closed]
        for sock in waiting:
            sock.answered = True
            _send_now(sock, problem_answer(
                503, "Service Unavailable",
                "The server stopped this request: it was taking too long. Try again later.",
                uuid.uuid4().hex))
            try:
                # The thread serving it may still write: it now gets EPIPE
                # rather than appending a second answer after this one.
                sock.raw.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        if waiting:
            self.log.warning("Worker aborted: %d request(s) in flight answered 503", len(waiting))
        super().handle_abort(sig, frame)


def _ip(client) -> str:
    if isinstance(client, tuple) and client:
        return str(client[0])
    return "-"
