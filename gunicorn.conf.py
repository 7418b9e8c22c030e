"""Gunicorn settings for the quotation service.

Read from the environment so the same file serves the Procfile, scripts/serve
and the container image (whose exec-form CMD cannot expand variables).  A
``--bind`` on the command line (as in the Procfile) takes precedence over
``bind`` here; anything else can be overridden with GUNICORN_CMD_ARGS.

====================================  =======  ====================================
Environment variable                  Default  Setting
====================================  =======  ====================================
``PORT``                              8000     listen on ``0.0.0.0:PORT``
``WEB_CONCURRENCY``                   2        worker processes (about one per core:
                                               the engine is CPU-bound)
``GUNICORN_TIMEOUT``                  30       seconds a worker may stay silent
                                               (busy on one request) before the
                                               master kills and replaces it
``GUNICORN_GRACEFUL_TIMEOUT``         25       seconds in-flight requests get to
                                               finish after SIGTERM (or a worker
                                               restart) before workers are killed
``GUNICORN_MAX_REQUESTS``             10000    requests a worker serves before it
                                               is replaced (0: never)
``GUNICORN_MAX_REQUESTS_JITTER``      1000     random extra requests per worker, so
                                               workers are not all replaced at once
``GUNICORN_THREADS``                  500      threads per worker: each request being
                                               read, analysed or written holds one
``GUNICORN_WORKER_CONNECTIONS``       1000     connections a worker holds at once
                                               (kept-alive and idle ones included)
``GUNICORN_CLIENT_TIMEOUT``           20       seconds a client has to send its whole
                                               request from its first byte, and again
                                               to take the whole answer
``PROMETHEUS_MULTIPROC_DIR``          (temp)   where workers keep their metrics
====================================  =======  ====================================

How the timeouts fit together: the app gives the engine at most
``QUOTES_ENGINE_TIMEOUT_S`` (10 s) per request and answers 503 past it, so a
worker is never silent for ``GUNICORN_TIMEOUT`` (30 s) and is never killed
mid-request for a slow text; and on SIGTERM every request already being
served finishes well within ``GUNICORN_GRACEFUL_TIMEOUT`` (25 s), which is
itself inside the 30 s most platforms wait between SIGTERM and SIGKILL.
The server warns at start-up when these do not nest.

Workers are ``service.server.Worker``: gunicorn's threaded worker (gthread),
where a slow client holds one of ``GUNICORN_THREADS`` threads (a little
memory, no CPU) instead of a whole process, and only until
``GUNICORN_CLIENT_TIMEOUT``; a connection that has sent nothing waits in the
worker's poller, not in a thread, and is closed after ``keepalive`` (5 s).
The engine is CPU-bound, so each worker runs at most two analyses at a time
(``QUOTES_ENGINE_CONCURRENCY``, see service/config.py) while its other
threads go on answering ``/health`` and reading and writing other requests;
about one worker per core uses the machine.  service/server.py says what the
worker changes in gthread and why, and the README's "Reliability" section
has the measurements that chose it.  The app is loaded once in the master
and forked (``preload_app``).

Logs: one JSON line per request from the app itself (gunicorn's access log
is off, it would repeat it in another format) and gunicorn's own messages,
also as JSON lines, all on stderr (see service/logs.py).

Metrics: unless ``PROMETHEUS_MULTIPROC_DIR`` is already set, a fresh
directory is made for it under the system temp directory before the app is
imported, and removed when the server exits.  A directory given from outside
is emptied of old metric files at start-up, as prometheus_client requires.
When a worker exits, ``child_exit`` folds its counters into one archive file
and removes its files, so the directory stays the same size however many
workers come and go.
"""

import glob
import os
import shutil
import tempfile


def _whole(name: str, default: int, minimum: int = 0) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ValueError(f"{name} must be a whole number, got {raw!r}") from None
    if value < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {value}")
    return value


bind = [f"0.0.0.0:{os.environ.get('PORT', '8000')}"]
workers = _whole("WEB_CONCURRENCY", 2, minimum=1)
worker_class = "service.server.Worker"
threads = _whole("GUNICORN_THREADS", 500, minimum=2)
worker_connections = _whole("GUNICORN_WORKER_CONNECTIONS", 1000, minimum=threads + 1)
timeout = _whole("GUNICORN_TIMEOUT", 30, minimum=1)
graceful_timeout = _whole("GUNICORN_GRACEFUL_TIMEOUT", 25, minimum=1)
keepalive = 5

# Checked here so that a bad value stops the server at start-up; the
# workers read it from the environment themselves.
from service.config import client_timeout_s  # noqa: E402

client_timeout_s()

# Static files are written like any answer, so the client timeout holds for
# them too (sendfile() would block outside it).
sendfile = False

# Every connection a worker holds is a file descriptor; the common default
# soft limit of 1024 would make a worker fail to accept long before
# worker_connections.  Raise the soft limit as far as the hard one allows.
try:
    import resource

    _soft, _hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    _wanted = worker_connections + 100
    if _soft != resource.RLIM_INFINITY and _soft < _wanted:
        _new = _wanted if _hard == resource.RLIM_INFINITY else min(_wanted, _hard)
        resource.setrlimit(resource.RLIMIT_NOFILE, (_new, _hard))
except (ImportError, ValueError, OSError):  # pragma: no cover - not POSIX, or not allowed
    pass

# Load the app (and the engine's lexicons) once in the master, then fork:
# faster worker start-up, shared memory, and an import error stops the
# server at once instead of workers crash-looping.
preload_app = True

# Replace workers now and then so a slow leak can never take the service
# down; the jitter keeps them from all restarting at the same moment.
max_requests = _whole("GUNICORN_MAX_REQUESTS", 10_000)
max_requests_jitter = _whole("GUNICORN_MAX_REQUESTS_JITTER", 1_000)

# Request line and headers stay at gunicorn's limits (4094 bytes, 100
# fields of 8190 bytes); the body limit is the app's (QUOTES_MAX_BODY_BYTES).
limit_request_line = 4094
limit_request_fields = 100
limit_request_field_size = 8190

# Workers' heartbeat files in memory, not on a disk that may stall
# (containers often have a slow overlay filesystem at /tmp).
if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK):
    worker_tmp_dir = "/dev/shm"

accesslog = None  # the app writes one JSON line per request
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
logconfig_dict = {
    "root": {"level": "WARNING", "handlers": ["json"]},
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": ["json"], "propagate": False,
                           "qualname": "gunicorn.error"},
        "gunicorn.access": {"level": "INFO", "handlers": [], "propagate": False,
                            "qualname": "gunicorn.access"},
    },
    "handlers": {"json": {"class": "service.logs.StderrHandler", "formatter": "json"}},
    "formatters": {"json": {"()": "service.logs.JsonFormatter"}},
}

# Newer gunicorn opens a control socket in $HOME by default; several
# instances on one machine would contend for it, and the container user has
# no writable home.  Nothing here uses it.
control_socket_disable = True


# --- metrics across workers ----------------------------------------------------

_OWN_PREFIX = os.path.join(tempfile.gettempdir(), "quotes-metrics-")

if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    # Before the app (and so prometheus_client) is imported: the library
    # picks its multiprocess mode at import time.
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="quotes-metrics-")


def _metrics_dir() -> str:
    return os.environ["PROMETHEUS_MULTIPROC_DIR"]


def on_starting(server):
    """Clear metrics left by an earlier run; check that the timeouts nest."""
    directory = _metrics_dir()
    os.makedirs(directory, exist_ok=True)
    for path in glob.glob(os.path.join(directory, "*.db")):
        os.remove(path)
    server.log.info("Metrics of all workers are kept in %s", directory)

    from service.config import Config

    budget = Config().ENGINE_TIMEOUT_S
    if budget >= server.cfg.timeout:
        server.log.warning(
            "QUOTES_ENGINE_TIMEOUT_S (%gs) is not below the worker timeout (%ss): a slow "
            "text can get its worker killed instead of a 503", budget, server.cfg.timeout,
        )
    if budget >= server.cfg.graceful_timeout:
        server.log.warning(
            "QUOTES_ENGINE_TIMEOUT_S (%gs) is not below the graceful timeout (%ss): a "
            "request in flight at shutdown may be cut off", budget, server.cfg.graceful_timeout,
        )


def child_exit(server, worker):
    """A worker has exited: its counters and histograms are folded into the
    archive files and its own files removed, so that the directory does not
    grow with every worker that ever lived (see service/metrics.py)."""
    from service import metrics

    try:
        metrics.absorb_dead_process(worker.pid, _metrics_dir())
    except Exception:  # the master must outlive any metrics trouble
        server.log.exception("Could not fold the metrics of worker %s", worker.pid)


def on_exit(server):
    """Remove the metrics directory if this server made it."""
    directory = _metrics_dir()
    if directory.startswith(_OWN_PREFIX):
        shutil.rmtree(directory, ignore_errors=True)
