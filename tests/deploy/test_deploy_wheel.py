"""The wheel on its own: built from pyproject.toml and service/ alone (what
the container build copies), installed with its runtime dependencies into a
fresh virtual environment, and run from a directory with no checkout in it
(only gunicorn.conf.py, as in the image).  It serves the spec and passes
``quotes smoke`` run from that environment."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from service.benchmark import Server, free_port
from service.smoke import CHECKS

ROOT = Path(__file__).resolve().parents[2]
SPEC_PATH = ROOT / "service" / "openapi.yaml"


def _pip(*args: str) -> None:
    """This interpreter's pip (so pip's own cache and configuration)."""
    result = subprocess.run(
        [sys.executable, "-m", "pip", "--disable-pip-version-check", *args],
        capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _clean_env() -> dict[str, str]:
    """This environment without anything that would point Python at the
    checkout or at another environment."""
    env = {k: v for k, v in os.environ.items()
           if k not in {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PYTHONSTARTUP"}
           and not k.lower().endswith("_proxy")}
    return env


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A fresh virtual environment holding the wheel and its runtime
    dependencies (not editable); its directory."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"
    source.mkdir()
    shutil.copy2(ROOT / "pyproject.toml", source)
    shutil.copytree(ROOT / "service", source / "service",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    wheels = work / "wheels"
    _pip("wheel", "--quiet", "--no-deps", "--wheel-dir", str(wheels), str(source))
    (wheel,) = wheels.glob("quote_attribution_service-*.whl")

    venv = work / "venv"
    # No pip inside: this interpreter's pip installs into it (--python), so
    # the environment gets nothing but the wheel and what it depends on.
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    _pip("--python", str(venv / "bin" / "python"), "install", "--quiet", str(wheel))
    return venv


@pytest.fixture(scope="module")
def rundir(tmp_path_factory) -> Path:
    """Where the installed service runs: gunicorn.conf.py and nothing else."""
    directory = tmp_path_factory.mktemp("run")
    shutil.copy2(ROOT / "gunicorn.conf.py", directory)
    return directory


@pytest.fixture(scope="module")
def served(installed, rundir):
    """The Procfile's gunicorn command, from the fresh environment."""
    port = free_port()
    argv = [str(installed / "bin" / "gunicorn"), "--config", "gunicorn.conf.py",
            "--bind", f"127.0.0.1:{port}", "service.app:create_app()"]
    server = Server(argv, port, cwd=rundir)
    # The fresh environment's programs first on PATH, nothing pointing at the checkout.
    server.env = {**_clean_env(), "PORT": str(port), "PATH": f"{installed / 'bin'}{os.pathsep}{os.environ['PATH']}"}
    with server:
        yield server


def test_the_package_is_imported_from_the_environment_not_the_checkout(installed, rundir):
    result = subprocess.run(
        [str(installed / "bin" / "python"), "-c", "import service; print(service.__file__)"],
        cwd=rundir, env=_clean_env(), capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    where = Path(result.stdout.strip())
    assert where.is_relative_to(installed / "lib"), where
    assert not where.is_relative_to(ROOT)


def test_the_installed_service_serves_the_spec(served):
    with urllib.request.urlopen(served.base_url + "/openapi.yaml", timeout=10) as answer:
        assert answer.status == 200
        body = answer.read()
    assert yaml.safe_load(body) == yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))


def test_quotes_smoke_from_the_environment_passes_against_it(installed, rundir, served):
    report = rundir / "smoke.xml"
    result = subprocess.run(
        [str(installed / "bin" / "quotes"), "smoke", "--url", served.base_url, "--junit", str(report)],
        cwd=rundir, env=_clean_env(), capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr + served.log()
    assert result.stdout.splitlines()[-1] == f"smoke: {len(CHECKS)} passed, 0 failed against {served.base_url}"
    suite = ET.parse(report).getroot().find("testsuite")
    assert (suite.get("tests"), suite.get("failures")) == (str(len(CHECKS)), "0")


def test_quotes_bench_from_the_environment_measures_it_at_url(installed, rundir, served):
    result = subprocess.run(
        [str(installed / "bin" / "quotes"), "bench", "http", "--url", served.base_url,
         "--requests", "3", "--concurrency", "1"],
        cwd=rundir, env=_clean_env(), capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"server                    {served.base_url}" in result.stdout.splitlines()
    assert "errors                    0" in result.stdout.splitlines()


def test_quotes_bench_without_a_checkout_asks_for_url(installed, rundir):
    result = subprocess.run(
        [str(installed / "bin" / "quotes"), "bench", "load", "--requests", "1"],
        cwd=rundir, env=_clean_env(), capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith("bench: ") and line.endswith("give --url BASE_URL to measure a running instance")
