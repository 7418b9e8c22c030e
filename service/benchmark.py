"""Throughput and latency figures for the engine and for the running service.

Modes (``quotes bench MODE ...``, ``python -m service bench MODE ...`` or
``python -m service.benchmark MODE ...``):

``engine FILE.jsonl [--repeat N]``
    Loads the ``"text"`` of every JSON object in FILE (one per line), warms
    up, then times only ``extract`` over all texts N times in this process.
    Also measures start-up: ``import service.engine`` in a fresh interpreter.

``linear [--size N] [--doublings D] [--through engine|api] [--runs R] [--max-ratio X]``
    Times adversarial inputs (quote-mark soup, runs of apostrophes,
    thousands of speakers or of short quotations in one paragraph, one huge
    paragraph, ...) at N, 2N, ... 2**D N characters (D = 2 unless told), in
    process CPU time, the median of R runs: ``extract`` alone, or the whole
    API in this process (``POST /v1/quotes`` through the Flask app: JSON in,
    offsets and JSON out).  The ``verify:`` families time the quote check
    (``verify``, or ``POST /v1/quotes/verify``) of one draft against
    sources of N, 2N, ... characters: one word repeated, and thousands of
    near-copies of the draft's quotation.  Linear work doubles with each doubling.  With
    ``--max-ratio``, exits 1 when any input's time grows more than X times
    over a doubling.

``http [--article FILE|builtin] [--requests N] [--concurrency C] [--url BASE_URL]``
    Starts the real server (the Procfile ``web:`` command, bound to a free
    loopback port), POSTs the article to ``/v1/quotes`` N times from C
    threads, reports requests/s and p50/p95/p99 latency, then stops the server.
    With ``--url`` it starts nothing and measures the instance at BASE_URL.

``load [--sizes 1000,5000,...] [--requests N] [--concurrency C] [--seconds S] [--url BASE_URL]``
    The real server again (or the instance at BASE_URL), loaded with
    articles of several sizes in turn (each at most N requests or S seconds
    from C threads): requests/s and p50/p95/p99 latency by article size, as
    a table.

``slow [--per-kind N] [--seconds S] [--busy] [--gunicorn-args ARGS]``
    The real server again, with N connections of each kind of slow client
    open (headers a byte a second, a body a byte a second, a reader that
    never reads; see :mod:`service.slow_clients`), and optionally two
    clients keeping the engine busy with large batches.  For S seconds,
    ``GET /health`` and ``POST /v1/quotes`` are timed from a new connection
    every quarter second; then how many slow connections the server still
    holds and how long it held the others.  ``--gunicorn-args`` is passed as
    ``GUNICORN_CMD_ARGS`` (``--worker-class sync``, ``--threads 4``...) to
    measure other ways of serving.  Loopback only.

Figures are printed as plain ``label  value`` lines, one per figure.

The server helpers (:func:`procfile_web_command`, :class:`Server`) are also
what the deployment tests use to start gunicorn.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import itertools
import json
import logging
import math
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from service.smoke import base_url_arg

REPO_ROOT = Path(__file__).resolve().parent.parent
PROCFILE = REPO_ROOT / "Procfile"

MAX_REQUESTS = 10_000
MAX_CONCURRENCY = 64
LABEL_WIDTH = 26


# --------------------------------------------------------------------------
# Starting and stopping the real server


def procfile_web_command(procfile: Path = PROCFILE) -> str:
    """The command of the single ``web:`` process in the Procfile."""
    try:
        lines = procfile.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise RuntimeError(
            f"{procfile} not found: starting a server needs a source checkout; "
            "give --url BASE_URL to measure a running instance"
        ) from None
    web = [line.split(":", 1)[1].strip() for line in lines if line.startswith("web:")]
    if len(web) != 1:
        raise RuntimeError(f"{procfile} must have exactly one web: line, found {len(web)}")
    return web[0]


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port on ``host`` that nothing is listening on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def _env_with_venv(extra: dict[str, str] | None = None) -> dict[str, str]:
    """This environment, with the running interpreter's bin directory first on PATH
    (so ``gunicorn`` is the one installed next to this Python)."""
    env = dict(os.environ)
    bindir = os.path.dirname(sys.executable)
    env["PATH"] = bindir + os.pathsep + env.get("PATH", "")
    if extra:
        env.update(extra)
    return env


class Server:
    """A server subprocess on a loopback port, started and awaited on ``/health``.

    ``argv`` is run in its own session with ``PORT`` set in its environment;
    use :meth:`from_procfile` for the Procfile's ``web:`` command.
    """

    def __init__(self, argv: list[str], port: int, cwd: Path = REPO_ROOT,
                 env: dict[str, str] | None = None):
        self.argv = argv
        self.port = port
        self.cwd = cwd
        self.env = _env_with_venv({"PORT": str(port), **(env or {})})
        self.base_url = f"http://127.0.0.1:{port}"
        self.proc: subprocess.Popen | None = None
        self._log = tempfile.TemporaryFile(mode="w+b")

    @classmethod
    def from_procfile(cls, port: int | None = None, procfile: Path = PROCFILE,
                      env: dict[str, str] | None = None) -> "Server":
        """The Procfile ``web:`` command, bound to 127.0.0.1 instead of 0.0.0.0.

        It runs under ``sh`` as a Procfile runner would, so ``${PORT:-8000}``
        expands to ``port``."""
        command = procfile_web_command(procfile).replace("0.0.0.0", "127.0.0.1")
        port = port or free_port()
        return cls(["/bin/sh", "-c", "exec " + command], port, procfile.parent, env)

    def start(self, timeout: float = 60.0) -> "Server":
        self.proc = subprocess.Popen(
            self.argv, cwd=self.cwd, env=self.env, stdin=subprocess.DEVNULL,
            stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(
                    f"server exited with {self.proc.returncode} before it was healthy:\n{self.log()}"
                )
            try:
                with urllib.request.urlopen(self.base_url + "/health", timeout=2) as resp:
                    if resp.status == 200:
                        return self
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
                pass
            if time.monotonic() > deadline:
                self.kill()
                raise RuntimeError(f"server not healthy within {timeout:.0f}s:\n{self.log()}")
            time.sleep(0.1)

    def stop(self, timeout: float = 30.0) -> int:
        """SIGTERM, wait for a graceful exit, and return the exit status.
        A server that does not exit in time is killed and reported."""
        if self.proc is None:
            return 0
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.kill()
                raise RuntimeError(f"server did not stop within {timeout:.0f}s:\n{self.log()}")
        return self.proc.returncode

    def kill(self) -> None:
        """Kill the server and its workers (its own process group)."""
        if self.proc is not None and self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.proc.wait()

    def log(self) -> str:
        """Everything the server wrote to stdout and stderr (also after ``with``)."""
        if self._log.closed:
            return self._final_log
        self._log.flush()
        self._log.seek(0)
        return self._log.read().decode("utf-8", "replace")

    def __enter__(self) -> "Server":
        return self.start()

    def __exit__(self, *exc) -> None:
        try:
            self.stop()
        finally:
            self.kill()
            self._final_log = self.log()
            self._log.close()


def post_json(url: str, payload: dict, timeout: float = 30.0) -> tuple[int, dict | None]:
    """POST ``payload`` as JSON; the status and the decoded JSON body (None if not JSON)."""
    data = json.dumps(payload).encode("utf-8")
    request = urllib.request.Request(
        url, data=data, method="POST",
        headers={"Content-Type": "application/json", "Accept": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as resp:
            status, body = resp.status, resp.read()
    except urllib.error.HTTPError as err:
        status, body = err.code, err.read()
    try:
        return status, json.loads(body)
    except ValueError:
        return status, None


# --------------------------------------------------------------------------
# Output


def _line(label: str, value) -> str:
    if isinstance(value, float):
        value = f"{value:.3f}" if value < 100 else f"{value:.1f}" if value < 10_000 else f"{value:.0f}"
    return f"{label:<{LABEL_WIDTH}}{value}"


def _print(label: str, value) -> None:
    print(_line(label, value), flush=True)


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


# --------------------------------------------------------------------------
# engine mode


def load_texts(path: Path) -> list[str]:
    texts = []
    with open(path, encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            obj = json.loads(line)
            if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
                raise ValueError(f"{path}:{number}: expected an object with a \"text\" string")
            texts.append(obj["text"])
    if not texts:
        raise ValueError(f"{path}: no texts")
    return texts


def measure_import() -> tuple[float, float]:
    """Seconds for ``import service.engine`` in a fresh interpreter, and the
    wall time of that whole interpreter run (start-up included)."""
    code = (
        "import time; t = time.perf_counter(); import service.engine; "
        "print(time.perf_counter() - t)"
    )
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO_ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    started = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=REPO_ROOT,
        capture_output=True, text=True, check=True, timeout=120,
    )
    wall = time.perf_counter() - started
    return float(out.stdout.strip().splitlines()[-1]), wall


def bench_engine(path: Path, repeat: int) -> int:
    from service.engine import LEXICON_VERSION, extract

    texts = load_texts(path)
    chars = sum(len(t) for t in texts)

    for text in texts[:5]:
        extract(text)

    quotes = 0
    passes = []
    for _ in range(repeat):
        quotes = 0
        started = time.perf_counter()
        for text in texts:
            quotes += len(extract(text).quotes)
        passes.append(time.perf_counter() - started)
    elapsed = sum(passes)
    # on a shared machine other work slows some passes down, never speeds one up:
    # the fastest pass is the figure that repeats best, the median the typical one
    fastest, median = min(passes), statistics.median(passes)

    import_s, process_s = measure_import()

    _print("lexicon version", LEXICON_VERSION)
    _print("articles", len(texts))
    _print("total chars", chars)
    _print("repeat", repeat)
    _print("quotes per pass", quotes)
    _print("elapsed s", elapsed)
    _print("chars/s", chars * repeat / elapsed if elapsed else float("inf"))
    _print("chars/s median pass", chars / median if median else float("inf"))
    _print("chars/s fastest pass", chars / fastest if fastest else float("inf"))
    _print("articles/s", len(texts) * repeat / elapsed if elapsed else float("inf"))
    _print("import service.engine s", import_s)
    _print("fresh process s", process_s)
    return 0


# --------------------------------------------------------------------------
# http mode


BUILTIN_ARTICLE = """\
HARBOUR CITY — The city council voted 7–2 on Tuesday night to approve a \
$48 million plan to rebuild the crumbling Eastgate seawall, ending a dispute \
that has split neighbourhood groups, shop owners and the port authority for \
almost three years.

“This is the most important vote this council has taken in a decade,” said \
Mayor Helena Okafor, who had pushed for the plan since her first week in \
office. “Every winter we have gambled with the homes and livelihoods of \
four thousand people. Tonight we stopped gambling.”

The seawall, built in 1958, has been patched at least eleven times since a \
storm surge broke through its northern section in 2019. Engineers hired by \
the city warned last spring that two further sections could fail in a \
single severe storm.

Councillor Marcus Webb, who voted against the plan, said the price was too \
high for a city still paying off the new ferry terminal. “Nobody on this \
council wants to see Eastgate under water,” Webb said. “But we are being \
asked to borrow every cent of this money, and the people who will pay it \
back have not been told what it will cost them.”

Webb and Councillor Priya Raman proposed a smaller repair of the two \
weakest sections, at roughly a third of the cost. Their amendment was \
defeated by the same 7–2 margin.

The port authority, which owns the land behind a quarter of the wall, will \
contribute $9 million under the agreement. Its chief executive, Tomasz \
Lindqvist, told reporters after the vote that the authority had “always \
been ready to pay its share” and that the remaining questions were about \
timing rather than money.

“We will start on the northern section as soon as the permits are signed,” \
Lindqvist said. “If the weather is kind to us, the worst of it will be \
finished before next winter.”

Shop owners on Harbour Road, many of whom lost stock in the 2019 flood, \
packed the public gallery. Some cheered when the result was read out; \
others left before the vote, frustrated by a debate that ran past midnight.

“I have been coming to these meetings for three years,” said Ana Ferreira, \
who runs a bakery two streets from the water. “I was starting to think I \
would be coming to them for the rest of my life.”

Not everyone was satisfied. Daniel Osei, a spokesman for the Eastgate \
Residents’ Association, said the group welcomed the decision but remained \
worried about the eighteen months of construction. “A wall is no use to \
the families who have to move out while it is being built,” he said, \
adding that the association would ask the council for temporary housing \
grants.

According to Okafor, the city will hold three public sessions on the \
construction schedule before work begins. She said the council would \
publish the full engineering report, which has so far been released only \
in summary, within a month.

The state’s environment agency has yet to approve the plan. A spokeswoman \
for the agency, Ruth Castellanos, said its review was “well advanced” and \
should be complete by the end of the summer.

Finance director Samuel Achebe told the council that the city could borrow \
the money at a fixed rate over thirty years. He warned, however, that the \
estimate assumed steel prices would stay close to their current level. \
“If steel goes up by a fifth, this project goes up by about four million \
dollars,” Achebe said. “I would rather the council heard that from me \
tonight than from a contractor next year.”

Raman said she would keep pressing for a cap on the total cost. “I voted \
no because I think we can do this for less,” she said. “Now that it has \
passed, my job is to make sure it does not cost more.”

Webb struck a similar note. He said he would not try to reopen the vote, \
but that he expected monthly reports on spending. “The council has made \
its decision, and I respect it,” he said. “What I will not accept is a \
blank cheque.”

Outside the council chamber, a small group of students from Eastgate High \
School held up hand-painted signs showing the water line of the 2019 flood. \
Their teacher, Grace Mbeki, said the class had followed the debate as part \
of a civics project. “They wanted to see how a decision like this actually \
gets made,” Mbeki said. “I think tonight they learned that it takes a very \
long time.”

Historians have also weighed in. Professor Elliot Harrington of Harbour \
City University, who has written about the original construction, said the \
1958 wall was “a remarkable piece of engineering for its day, and a \
warning about what happens when maintenance is left for the next \
generation.”

The council’s vote still needs a second reading, scheduled for next \
month, but members on both sides said they did not expect the result to \
change. “The argument is over,” said Deputy Mayor Oliver Brandt. “Now the \
hard part starts.”

Work on the first section is expected to begin in October.
"""


def load(url: str, payload: dict, requests: int, concurrency: int,
         max_seconds: float) -> tuple[list[float], list[str], float]:
    """POST ``payload`` to ``url`` up to ``requests`` times from
    ``concurrency`` threads, for at most ``max_seconds``: the latencies of
    the 200s, the errors, and the elapsed wall time."""
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    counter = itertools.count()
    deadline = time.monotonic() + max_seconds

    def worker() -> None:
        while True:
            with lock:
                index = next(counter)
            if index >= requests or time.monotonic() > deadline:
                return
            t0 = time.perf_counter()
            try:
                status, _ = post_json(url, payload)
                problem = None if status == 200 else f"HTTP {status}"
            except OSError as err:
                problem = f"{type(err).__name__}: {err}"
            took = time.perf_counter() - t0
            with lock:
                if problem:
                    errors.append(problem)
                else:
                    latencies.append(took)

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(concurrency)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, errors, time.perf_counter() - started


@contextlib.contextmanager
def target(base_url: str | None, env: dict[str, str] | None = None) -> Iterator[tuple[str, str]]:
    """Where to send the load, and how to name it: the instance at
    ``base_url`` when one is given, else the Procfile's server started on
    a loopback port for the duration (with ``env``)."""
    if base_url:
        yield base_url.rstrip("/"), base_url.rstrip("/")
        return
    with Server.from_procfile(env=env) as server:
        workers = server.env.get("WEB_CONCURRENCY", "2")
        yield server.base_url, f"Procfile web (gunicorn, WEB_CONCURRENCY={workers}) on 127.0.0.1:{server.port}"


def bench_http(article: str, requests: int, concurrency: int, max_seconds: float,
               base_url: str | None = None) -> int:
    payload = {"text": article}

    with target(base_url) as (base, name):
        url = base + "/v1/quotes"
        for _ in range(min(concurrency, requests)):
            post_json(url, payload)  # warm every worker before timing
        latencies, errors, elapsed = load(url, payload, requests, concurrency, max_seconds)

    done = len(latencies)
    _print("server", name)
    _print("article chars", len(article))
    _print("requests", done + len(errors))
    _print("concurrency", concurrency)
    _print("errors", len(errors))
    _print("elapsed s", elapsed)
    _print("requests/s", done / elapsed if elapsed else float("inf"))
    if latencies:
        _print("latency p50 ms", percentile(latencies, 50) * 1000)
        _print("latency p95 ms", percentile(latencies, 95) * 1000)
        _print("latency p99 ms", percentile(latencies, 99) * 1000)
    if errors:
        print(f"first error: {errors[0]}", file=sys.stderr)
        return 1
    return 0


def article_of_size(chars: int) -> str:
    """News text of about ``chars`` characters: the built-in article, cut at
    a paragraph break or repeated, so every size reads like real news."""
    paragraphs = BUILTIN_ARTICLE.split("\n\n")
    out: list[str] = []
    length = 0
    for paragraph in itertools.cycle(paragraphs):
        if out and length + len(paragraph) + 2 > chars:
            break
        out.append(paragraph)
        length += len(paragraph) + 2
    return "\n\n".join(out)


DEFAULT_LOAD_SIZES = (500, 2000, 5000, 20000, 100000)


def bench_load(sizes: list[int], requests: int, concurrency: int, seconds: float,
               env: dict[str, str] | None = None, base_url: str | None = None) -> int:
    """Load the real server (or the instance at ``base_url``) with each
    article size in turn; one table row a size."""
    rows = []
    failed = []
    with target(base_url, env) as (base, name):
        url = base + "/v1/quotes"
        for size in sizes:
            payload = {"text": article_of_size(size)}
            for _ in range(concurrency):
                post_json(url, payload)  # warm every worker before timing
            latencies, errors, elapsed = load(url, payload, requests, concurrency, seconds)
            rows.append((len(payload["text"]), latencies, errors, elapsed))
            failed += errors

    print(f"server: {name}; {concurrency} client threads; {os.cpu_count()} cores here")
    print(f"{'chars':>8} {'requests':>9} {'errors':>7} {'req/s':>8} "
          f"{'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
    for chars, latencies, errors, elapsed in rows:
        done = len(latencies)
        if latencies:
            cells = " ".join(f"{percentile(latencies, p) * 1000:8.1f}" for p in (50, 95, 99))
        else:
            cells = " ".join(f"{'-':>8}" for _ in range(3))
        rate = done / elapsed if elapsed else float("inf")
        print(f"{chars:>8} {done + len(errors):>9} {len(errors):>7} {rate:>8.1f} {cells}", flush=True)
    if failed:
        print(f"first error: {failed[0]}", file=sys.stderr)
        return 1
    return 0


# --------------------------------------------------------------------------
# slow mode


#: A batch that keeps a worker's engine busy for a few seconds.
BUSY_BATCH_DOCUMENTS = 4
BUSY_BATCH_CHARS = 400_000
#: Probes in the first seconds after the slow clients connect are reported
#: apart: the server is then still writing the readers' answers.
OPENING_SECONDS = 5.0


def bench_slow(per_kind: int, seconds: float, busy: bool, gunicorn_args: str | None) -> int:
    from service.slow_clients import KINDS, SlowClients, probe

    env = {"QUOTES_MAX_BODY_BYTES": "20000000"}
    if gunicorn_args:
        env["GUNICORN_CMD_ARGS"] = gunicorn_args
    busy_results: list[tuple[int | None, float]] = []
    stop = threading.Event()
    batch = {"documents": [{"id": i, "text": article_of_size(BUSY_BATCH_CHARS)}
                           for i in range(BUSY_BATCH_DOCUMENTS)]}

    with Server.from_procfile(env=env) as server:
        def keep_busy() -> None:
            while not stop.is_set():
                started = time.monotonic()
                try:
                    status, _ = post_json(server.base_url + "/v1/quotes/batch", batch, timeout=60)
                except OSError:
                    status = None
                busy_results.append((status, time.monotonic() - started))

        busy_threads = [threading.Thread(target=keep_busy, daemon=True) for _ in range(2 if busy else 0)]
        counts = {kind: per_kind for kind in KINDS}
        with SlowClients(server.port, counts, max_seconds=seconds + 60) as slow:
            opened = time.monotonic()
            for thread in busy_threads:
                thread.start()
            probes = probe(server.port, seconds, interval=0.25, timeout=10)
            still = slow.still_open()
            lifetimes = slow.lifetimes()
            stop.set()
            for thread in busy_threads:
                thread.join(timeout=70)

    _print("server", f"Procfile web (gunicorn{', ' + gunicorn_args if gunicorn_args else ''})")
    _print("slow connections", f"{per_kind} of each: {', '.join(KINDS)}")
    _print("probed for s", seconds)
    _print("engine kept busy", "2 clients, " + (
        f"{BUSY_BATCH_DOCUMENTS} x {BUSY_BATCH_CHARS} chars a batch" if busy else "no"))
    for path in ("/health", "/v1/quotes"):
        mine = [p for p in probes if p.path == path]
        failed = [p for p in mine if p.status != 200 or p.error]
        answered = [p.seconds for p in mine if p.seconds is not None and p.status == 200]
        later = [p.seconds for p in mine if p.seconds is not None and p.status == 200
                 and p.started - opened >= OPENING_SECONDS]
        _print(f"{path} probes", len(mine))
        _print(f"{path} failed", len(failed))
        if answered:
            _print(f"{path} median ms", statistics.median(answered) * 1000)
            _print(f"{path} worst ms", max(answered) * 1000)
        if later:
            _print(f"{path} worst ms >{OPENING_SECONDS:g}s", max(later) * 1000)
    for kind in KINDS:
        _print(f"{kind} open at the end", still.get(kind, 0))
        if lifetimes[kind]:
            _print(f"{kind} closed after s", f"{min(lifetimes[kind]):.1f}-{max(lifetimes[kind]):.1f}")
    if busy_results:
        ok = [t for status, t in busy_results if status == 200]
        _print("busy batches", f"{len(ok)} of {len(busy_results)} answered 200")
        if ok:
            _print("busy batch median s", statistics.median(ok))
    return 0


# --------------------------------------------------------------------------
# command line


def _coined(i: int) -> str:
    """A distinct made-up capitalised word for each number ("Bab", "Bac", …),
    so that every speaker in an adversarial text is someone new."""
    letters = ""
    while True:
        i, digit = divmod(i, 26)
        letters += chr(ord("a") + digit)
        if not i:
            break
    return "Ba" + letters.ljust(3, "a")


def _numbered(n: int, make) -> str:
    """Sentences made by ``make(k)`` for k = 0, 1, … until ``n`` characters."""
    parts, size, k = [], 0, 0
    while size < n:
        part = make(k)
        parts.append(part)
        size += len(part)
        k += 1
    return "".join(parts)


ADVERSARIAL = {
    "unclosed double marks": lambda n: "“a " * (n // 3),
    "straight quote soup": lambda n: '"a "b ' * (n // 6),
    "apostrophe runs": lambda n: "'" * n,
    "commas": lambda n: "a, " * (n // 3),
    "spaces": lambda n: " " * n,
    "cues without subjects": lambda n: "said told added " * (n // 16),
    "capitalised names": lambda n: "John Smith " * (n // 11),
    "pronoun-attributed quotes": lambda n: "“Go now,” she said.\n" * (n // 20),
    "many speakers": lambda n: "".join(f"“Go now,” said Jane Doe{i}x. " for i in range(n // 30)),
    "one huge paragraph": lambda n: "The minister said the plan, which is new, would work. " * (n // 54),
    # one paragraph each: the work per paragraph must not grow with the
    # number of quotations or sentences in it
    "short quotations, one para": lambda n: "“Yes.” “No.” " * (n // 13),
    "quoted terms after naming": lambda n: "He called it “bad”. " * (n // 20),
    "sentence-dense paragraph": lambda n: "Rain. Fog. Ice. “Go.” " * (n // 22),
    "mixed and direct quotes": lambda n: "“We will win,” she said. Smith said the plan “would fail badly.” " * (n // 65),
    "run-on quoted fragments": lambda n: "Officials called it “a big mess” and " * (n // 37),
    # thousands of different speakers in one paragraph: resolving each must
    # not compare it with every speaker before it
    "distinct named speakers": lambda n: _numbered(n, lambda k: f"{_coined(k)} Oxley said it was fine. She said so. "),
    "distinct speaking bodies": lambda n: _numbered(n, lambda k: f"The {_coined(k)} Council said it was fine. It said so. "),
    "distinct described speakers": lambda n: _numbered(n, lambda k: f"The {_coined(k).lower()} said it was fine. "),
    "pronouns after many names": lambda n: _numbered(n // 2, lambda k: f"It was backed by {_coined(k)} Oxley. ")
                                            + "“Fine,” she said. " * (n // 36),
}

#: The draft the quote check's families check: a quotation the sources hold
#: only near-copies of, and one made of the word a source repeats.
VERIFY_DRAFT = (
    "“We will open the harbour bridge in May and not a day later,” said Ada Quill, the port's director.\n\n"
    "“Bridge bridge bridge bridge bridge bridge harbour,” she added."
)


def _near_copies(n: int) -> str:
    """A transcript of ``n`` characters: the draft's first quotation again and
    again, one word changed in each copy, never the draft's wording."""
    words = "We will open the harbour bridge in June and not a day later.".split()
    lines, size, k = [], 0, 0
    while size < n:
        copy = list(words)
        copy[k % len(words)] = f"w{k}"
        line = "ADA QUILL: " + " ".join(copy) + "\n"
        lines.append(line)
        size += len(line)
        k += 1
    return "".join(lines)[:n]


#: The quote check's families: ``n`` -> (draft, sources), sources of ``n``
#: characters.
VERIFY_ADVERSARIAL = {
    "verify: one word repeated": lambda n: (VERIFY_DRAFT, ["bridge " * (n // 7)]),
    "verify: near-copies of quote": lambda n: (VERIFY_DRAFT, [_near_copies(n)]),
}

#: A timed sample shorter than this repeats the run, so that no input is
#: too quick to time well.
MIN_SAMPLE_S = 0.02


def _api_runner():
    """A function that sends one text through the whole API in this process."""
    from werkzeug.test import Client

    from service.app import create_app
    from service.config import Config

    # No time budget to speak of: this measures the work, not the deadline.
    client = Client(create_app(Config(environ={}, ENGINE_TIMEOUT_S=3600.0, MAX_SOURCE_CHARS=10**9)))

    def run(case) -> None:
        if isinstance(case, tuple):  # a quote check's draft and sources
            draft, sources = case
            path = "/v1/quotes/verify"
            data = json.dumps({"text": draft, "sources": [{"id": f"s{k}", "text": t} for k, t in enumerate(sources)]})
        else:
            path, data = "/v1/quotes", json.dumps({"text": case})
        response = client.post(path, data=data, content_type="application/json")
        if response.status_code != 200:
            raise RuntimeError(f"POST {path} answered {response.status_code}")
        response.close()
    return run


def _engine_runner():
    """A function that runs one case through the library: ``extract`` for a
    text, ``verify`` for a draft and its sources."""
    from service import engine
    from service.verify import verify

    def run(case) -> None:
        if isinstance(case, tuple):
            verify(case[0], [(f"s{k}", t) for k, t in enumerate(case[1])])
        else:
            engine.extract(case)
    return run


def time_adversarial(sizes: tuple[int, ...], through: str = "engine", runs: int = 1,
                     names: list[str] | None = None) -> dict[str, list[float]]:
    """CPU seconds of one run (median of ``runs`` samples) for each
    adversarial input at each size.

    Made to compare sizes on a busy machine: process CPU time, which other
    processes do not add to; one warm-up run per size; a run shorter than
    ``MIN_SAMPLE_S`` repeated within its sample; the sizes sampled in turn,
    so that a spell of load slows them alike; and the garbage collector
    paused while timing, as ``timeit`` does (its full collections cost what
    the whole process holds, not what the run does)."""
    run = _api_runner() if through == "api" else _engine_runner()
    table = {}
    for name, make in {**ADVERSARIAL, **VERIFY_ADVERSARIAL}.items():
        if names is not None and name not in names:
            continue
        texts = [make(n) for n in sizes]
        repeats = []
        for text in texts:
            took = _cpu_time(run, text, 1)  # also the warm-up
            repeats.append(max(1, math.ceil(MIN_SAMPLE_S / max(took, 1e-6))))
        samples: list[list[float]] = [[] for _ in sizes]
        for _ in range(runs):
            for k, text in enumerate(texts):
                samples[k].append(_cpu_time(run, text, repeats[k]) / repeats[k])
        table[name] = [statistics.median(cell) for cell in samples]
    return table


def _cpu_time(run, text, repeat: int) -> float:
    """Process CPU seconds for ``repeat`` runs of ``run(text)``, the garbage
    collector paused."""
    gc.collect()
    paused = gc.isenabled()
    gc.disable()
    try:
        started = time.process_time()
        for _ in range(repeat):
            run(text)
        return time.process_time() - started
    finally:
        if paused:
            gc.enable()


def doubling_ratios(times: list[float]) -> list[float]:
    """How many times longer each size took than the one half its size."""
    return [large / max(small, 1e-9) for small, large in zip(times, times[1:])]


def bench_linear(size: int, through: str = "engine", runs: int = 1, doublings: int = 2,
                 max_ratio: float | None = None) -> int:
    """Time adversarial text at size, 2x, 4x ...: each doubling should
    roughly double the time (a ratio near 2, not 4).  With ``max_ratio``,
    1 when any doubling multiplies an input's time by more."""
    sizes = tuple(size * 2**k for k in range(doublings + 1))
    if through == "api":
        logging.getLogger("service.access").setLevel(logging.WARNING)  # no line per request
    width = max(len(name) for name in {**ADVERSARIAL, **VERIFY_ADVERSARIAL}) + 2
    heads = " ".join(f"{n:>9d}" for n in sizes)
    print(f"{'input':{width}s} {heads}  worst ratio"
          f"  [through {through}; process CPU time, median of {runs}]")
    failed = []
    for name, times in time_adversarial(sizes, through, runs).items():
        cells = " ".join(f"{t * 1000:7.1f}ms" for t in times)
        worst = max(doubling_ratios(times))
        print(f"{name:{width}s} {cells}  {worst:5.2f}", flush=True)
        if max_ratio is not None and worst > max_ratio:
            failed.append(f"{name} ({worst:.2f})")
    if failed:
        print(f"bench: time grew more than {max_ratio:g}x over a doubling: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


def _bounded_int(low: int, high: int):
    def parse(text: str) -> int:
        value = int(text)
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"must be between {low} and {high}")
        return value
    return parse


def build_parser(prog: str = "quotes bench") -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=prog, description=__doc__.split("\n\n")[0])
    modes = parser.add_subparsers(dest="mode", required=True)

    engine = modes.add_parser("engine", help="time extract() over the texts of a JSONL file")
    engine.add_argument("file", type=Path, help='JSONL file, one {"text": ...} object per line')
    engine.add_argument("--repeat", type=_bounded_int(1, 1000), default=3,
                        help="passes over all texts (default 3)")

    linear = modes.add_parser("linear", help="time extract() on adversarial input at growing sizes")
    linear.add_argument("--size", type=_bounded_int(1000, 1_000_000), default=20000,
                        help="smallest input in characters (default 20000)")
    linear.add_argument("--through", choices=("engine", "api"), default="engine",
                        help="time extract() alone, or POST /v1/quotes in this process (default engine)")
    linear.add_argument("--runs", type=_bounded_int(1, 25), default=1,
                        help="runs per cell; the median is shown (default 1)")
    linear.add_argument("--doublings", type=_bounded_int(1, 6), default=2,
                        help="sizes after the first, each twice the one before (default 2: N, 2N, 4N)")
    linear.add_argument("--max-ratio", type=float, default=None,
                        help="exit 1 when a doubling multiplies any input's time by more than this")

    http = modes.add_parser("http", help="load the real gunicorn server over loopback")
    http.add_argument("--article", default="builtin",
                      help='plain-text file to send, or "builtin" for a ~5 KB news article (default)')
    http.add_argument("--requests", type=_bounded_int(1, MAX_REQUESTS), default=200,
                      help=f"requests to send, at most {MAX_REQUESTS} (default 200)")
    http.add_argument("--concurrency", type=_bounded_int(1, MAX_CONCURRENCY), default=4,
                      help=f"client threads, at most {MAX_CONCURRENCY} (default 4)")
    http.add_argument("--max-seconds", type=float, default=120.0,
                      help="stop sending after this long (default 120)")
    http.add_argument("--url", metavar="BASE_URL", type=base_url_arg, default=None,
                      help="measure the instance at BASE_URL instead of starting a server")

    loadp = modes.add_parser("load", help="latency by article size against the real gunicorn server")
    loadp.add_argument("--sizes", type=_sizes, default=list(DEFAULT_LOAD_SIZES),
                       help="article sizes in characters, comma-separated "
                            f"(default {','.join(map(str, DEFAULT_LOAD_SIZES))})")
    loadp.add_argument("--requests", type=_bounded_int(1, MAX_REQUESTS), default=300,
                       help=f"at most this many requests per size, at most {MAX_REQUESTS} (default 300)")
    loadp.add_argument("--concurrency", type=_bounded_int(1, MAX_CONCURRENCY), default=4,
                       help=f"client threads, at most {MAX_CONCURRENCY} (default 4)")
    loadp.add_argument("--seconds", type=float, default=20.0,
                       help="at most this long per size (default 20)")
    loadp.add_argument("--workers", type=_bounded_int(1, 32), default=None,
                       help="WEB_CONCURRENCY for the server (default: the environment's, else 2)")
    loadp.add_argument("--url", metavar="BASE_URL", type=base_url_arg, default=None,
                       help="measure the instance at BASE_URL instead of starting a server")

    slowp = modes.add_parser("slow", help="normal clients' latency while slow clients hold connections")
    slowp.add_argument("--per-kind", type=_bounded_int(0, 1000), default=200,
                       help="slow connections of each kind (default 200)")
    slowp.add_argument("--seconds", type=float, default=30.0,
                       help="how long to probe /health and /v1/quotes (default 30)")
    slowp.add_argument("--busy", action="store_true",
                       help="also keep the engine busy with large batches from two clients")
    slowp.add_argument("--gunicorn-args", default=None,
                       help="passed as GUNICORN_CMD_ARGS, e.g. '--worker-class sync'")
    return parser


def _sizes(text: str) -> list[int]:
    try:
        sizes = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError("sizes are whole numbers of characters, like 1000,5000") from None
    if not sizes or any(not 100 <= n <= 500_000 for n in sizes):
        raise argparse.ArgumentTypeError("each size must be between 100 and 500000 characters")
    return sizes


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(sys.argv[1:] if argv is None else argv)
    try:
        if args.mode == "engine":
            return bench_engine(args.file, args.repeat)
        if args.mode == "linear":
            return bench_linear(args.size, args.through, args.runs, args.doublings, args.max_ratio)
        if args.mode == "slow":
            if not 0 < args.seconds <= 600:
                raise ValueError("--seconds must be between 0 and 600")
            return bench_slow(args.per_kind, args.seconds, args.busy, args.gunicorn_args)
        if args.mode == "load":
            if not 0 < args.seconds <= 600:
                raise ValueError("--seconds must be between 0 and 600")
            if args.url and args.workers:
                raise ValueError("--workers sizes the server bench starts; it cannot change the one at --url")
            env = {"WEB_CONCURRENCY": str(args.workers)} if args.workers else None
            return bench_load(args.sizes, args.requests, args.concurrency, args.seconds, env, args.url)
        if args.article == "builtin":
            article = BUILTIN_ARTICLE
        else:
            article = Path(args.article).read_text(encoding="utf-8")
        return bench_http(article, args.requests, args.concurrency, args.max_seconds, args.url)
    except (OSError, ValueError, RuntimeError, subprocess.SubprocessError) as err:
        print(f"bench: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
