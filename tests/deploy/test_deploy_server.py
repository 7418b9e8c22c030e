"""The service as deployed: the Procfile's gunicorn command and scripts/serve,
started as real processes on a loopback port."""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path

from service.benchmark import Server, free_port, post_json

ROOT = Path(__file__).resolve().parents[2]

ARTICLE = """\
MILLBROOK — The regional water board will cut household bills by six per \
cent from April, after a wetter than expected winter left its reservoirs \
fuller than at any time in the past decade.

“We promised that if the rain came, customers would see the benefit,” said \
Jane Doe. “The rain came, so the bills are coming down.”

Doe, who chairs the board, announced the cut at a public meeting in the \
Millbrook library on Thursday evening. About sixty residents attended, many \
of them farmers who had faced hosepipe bans for two summers running.

“It’s good news, but it’s not the end of the story,” said Arthur Penhaligon, \
a dairy farmer from the Upper Vale. “One wet winter doesn’t fix a pipe \
network that loses a fifth of its water before it reaches anybody’s tap.”

The board’s chief engineer, Leila Haddad, acknowledged the leaks. She said \
the board would replace forty kilometres of mains this year, twice as many \
as last year. “Every kilometre we replace is water we no longer have to \
pump, treat and lose,” Haddad said.

Consumer groups welcomed the cut. “Families here have paid more for water \
than almost anywhere else in the country,” said Tobias Grant of the \
Millbrook Consumers’ Forum, “and this is the first time in years that the \
number on the bill has gone the right way.”
"""


def _check_quotes(server: Server) -> dict:
    status, body = post_json(server.base_url + "/v1/quotes", {"text": ARTICLE})
    assert status == 200, body
    assert isinstance(body, dict)
    assert isinstance(body["quotes"], list)
    assert isinstance(body["speakers"], list)
    assert isinstance(body["meta"], dict)
    assert body["quotes"], "no quotation found in the article"
    for quote in body["quotes"]:
        assert isinstance(quote["start"], int) and isinstance(quote["end"], int)
        assert 0 <= quote["start"] < quote["end"] <= len(ARTICLE)
        assert quote["text"] == ARTICLE[quote["start"]:quote["end"]]
    return body


def test_procfile_web_command_serves_quotes_and_stops_cleanly():
    server = Server.from_procfile(port=free_port())
    try:
        server.start(timeout=60)
        with urllib.request.urlopen(server.base_url + "/health", timeout=10) as resp:
            assert resp.status == 200
            assert json.loads(resp.read())["status"] == "ok"
        _check_quotes(server)
        status = server.stop(timeout=30)
        assert status == 0, f"gunicorn exited with {status}:\n{server.log()}"
    finally:
        server.kill()
    log = server.log()
    assert "Traceback" not in log, log


def test_serve_script_starts_the_service():
    port = free_port()
    server = Server(["bash", str(ROOT / "scripts" / "serve")], port, cwd=ROOT)
    try:
        # Generous: a first run may still have to install the package.
        server.start(timeout=240)
        _check_quotes(server)
        status = server.stop(timeout=30)
        assert status == 0, f"scripts/serve exited with {status}:\n{server.log()}"
    finally:
        server.kill()
