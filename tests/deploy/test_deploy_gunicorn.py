"""gunicorn.conf.py: settings from the environment, timeouts that nest, and
metrics kept where every worker can add to them."""

from __future__ import annotations

import os
import runpy
from pathlib import Path

import pytest

from service.config import Config

CONF = Path(__file__).resolve().parents[2] / "gunicorn.conf.py"


def _load(monkeypatch, **env) -> dict:
    for name in ("WEB_CONCURRENCY", "GUNICORN_TIMEOUT", "GUNICORN_GRACEFUL_TIMEOUT",
                 "GUNICORN_MAX_REQUESTS", "GUNICORN_MAX_REQUESTS_JITTER", "PORT",
                 "GUNICORN_THREADS", "GUNICORN_WORKER_CONNECTIONS", "GUNICORN_CLIENT_TIMEOUT"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", env.pop("PROMETHEUS_MULTIPROC_DIR", "/tmp/x"))
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(CONF))


def test_defaults(monkeypatch):
    conf = _load(monkeypatch)
    assert conf["workers"] == 2 and conf["worker_class"] == "service.server.Worker"
    # Slow clients hold threads, not processes; more connections than threads
    # leaves room for kept-alive ones.
    assert conf["threads"] == 500 and conf["worker_connections"] == 1000
    assert conf["sendfile"] is False  # files are written under the client timeout too
    assert (conf["timeout"], conf["graceful_timeout"]) == (30, 25)
    assert (conf["max_requests"], conf["max_requests_jitter"]) == (10_000, 1_000)
    assert conf["bind"] == ["0.0.0.0:8000"]
    assert conf["preload_app"] is True
    assert conf["accesslog"] is None  # the app logs each request itself, as JSON


def test_the_timeouts_nest(monkeypatch):
    conf = _load(monkeypatch)
    budget = Config(environ={}).ENGINE_TIMEOUT_S
    # A slow text gets a 503 long before the worker could be killed, and a
    # request in flight at SIGTERM finishes inside the graceful timeout,
    # which fits in the 30 s platforms wait before SIGKILL.
    assert budget < conf["graceful_timeout"] < conf["timeout"] <= 30


def test_settings_from_the_environment(monkeypatch):
    conf = _load(monkeypatch, WEB_CONCURRENCY="5", GUNICORN_TIMEOUT="60",
                 GUNICORN_GRACEFUL_TIMEOUT="40", GUNICORN_MAX_REQUESTS="0",
                 GUNICORN_MAX_REQUESTS_JITTER="0", PORT="9000", GUNICORN_THREADS="64",
                 GUNICORN_WORKER_CONNECTIONS="128")
    assert conf["workers"] == 5
    assert (conf["threads"], conf["worker_connections"]) == (64, 128)
    assert (conf["timeout"], conf["graceful_timeout"]) == (60, 40)
    assert (conf["max_requests"], conf["max_requests_jitter"]) == (0, 0)
    assert conf["bind"] == ["0.0.0.0:9000"]


@pytest.mark.parametrize(("name", "value"), [("WEB_CONCURRENCY", "0"), ("GUNICORN_TIMEOUT", "soon"),
                                             ("GUNICORN_MAX_REQUESTS", "-1"), ("GUNICORN_THREADS", "1"),
                                             ("GUNICORN_WORKER_CONNECTIONS", "500"),
                                             ("GUNICORN_CLIENT_TIMEOUT", "0"),
                                             ("GUNICORN_CLIENT_TIMEOUT", "never")])
def test_bad_settings_stop_the_server(monkeypatch, name, value):
    with pytest.raises(ValueError, match=name):
        _load(monkeypatch, **{name: value})


def test_a_metrics_directory_is_made_when_none_is_given(monkeypatch):
    # (setenv first, so that the variable the file sets is undone afterwards)
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", "placeholder")
    monkeypatch.delenv("PROMETHEUS_MULTIPROC_DIR")
    conf = runpy.run_path(str(CONF))
    made = os.environ["PROMETHEUS_MULTIPROC_DIR"]
    assert os.path.isdir(made) and os.path.basename(made).startswith("quotes-metrics-")

    class Server:
        pass

    conf["on_exit"](Server())
    assert not os.path.exists(made)


def test_a_given_metrics_directory_is_emptied_at_start_and_kept(monkeypatch, tmp_path):
    (tmp_path / "counter_123.db").write_bytes(b"old")
    (tmp_path / "keep.txt").write_text("not ours")
    conf = _load(monkeypatch, PROMETHEUS_MULTIPROC_DIR=str(tmp_path))

    class Log:
        def __init__(self):
            self.warnings = []

        def info(self, *args):
            pass

        def warning(self, *args):
            self.warnings.append(args[0] % args[1:])

    class Cfg:
        timeout, graceful_timeout = 30, 25

    class Server:
        log, cfg = Log(), Cfg()

    conf["on_starting"](Server())
    assert not (tmp_path / "counter_123.db").exists()
    assert (tmp_path / "keep.txt").exists()
    assert Server.log.warnings == []
    conf["on_exit"](Server())
    assert tmp_path.exists()


def test_a_budget_longer_than_the_worker_timeout_is_warned_about(monkeypatch, tmp_path):
    conf = _load(monkeypatch, PROMETHEUS_MULTIPROC_DIR=str(tmp_path), QUOTES_ENGINE_TIMEOUT_S="45")
    warnings = []

    class Log:
        def info(self, *args):
            pass

        def warning(self, *args):
            warnings.append(args[0] % args[1:])

    class Cfg:
        timeout, graceful_timeout = 30, 25

    class Server:
        log, cfg = Log(), Cfg()

    conf["on_starting"](Server())
    assert len(warnings) == 2 and "worker timeout" in warnings[0]
