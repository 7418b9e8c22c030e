"""Every problem ``type`` the service can send is a page of the service:
following it from an error answer reaches a description of that problem,
as HTML for a person or as JSON for a program."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

import pytest

from service.http import errors
from service.http.problems import PAGES

#: Every problem type the errors module defines: its constants under PROBLEM_BASE.
EMITTED = sorted(
    value for name, value in vars(errors).items()
    if name.isupper() and isinstance(value, str) and value.startswith(errors.PROBLEM_BASE)
    and value != errors.PROBLEM_BASE
)


def test_every_problem_type_has_a_title_and_a_page():
    assert EMITTED and set(EMITTED) == set(errors.TITLES) == set(PAGES)


@pytest.mark.parametrize("type_", EMITTED)
def test_each_problem_type_resolves_to_an_html_page(client, type_):
    response = client.get(type_)
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert f"<h1>{errors.TITLES[type_]}</h1>" in page
    assert f"HTTP {PAGES[type_].status}" in page
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert "Accept" in response.vary


@pytest.mark.parametrize("type_", EMITTED)
def test_each_problem_type_resolves_to_json_when_asked(client, type_):
    response = client.get(type_, headers={"Accept": "application/json"})
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.get_json() == {
        "type": type_, "title": errors.TITLES[type_], "status": PAGES[type_].status,
        "when": PAGES[type_].when, "remedy": PAGES[type_].remedy,
    }


PROVOKED = {
    "malformed-json": ("/v1/quotes", b"{not json", "application/json"),
    "unsupported-media-type": ("/v1/quotes", b"text", "text/plain"),
    "validation": ("/v1/quotes", b'{"txt": "a"}', "application/json"),
}


@pytest.mark.parametrize(("path", "body", "content_type"), PROVOKED.values(), ids=PROVOKED.keys())
def test_the_type_of_a_real_error_answer_leads_to_its_page(client, path, body, content_type):
    problem = client.post(path, data=body, content_type=content_type).get_json(force=True)
    url = urljoin("http://localhost" + path, problem["type"])
    response = client.get(urlsplit(url).path, headers={"Accept": "application/json"})
    assert response.status_code == 200
    described = response.get_json()
    assert (described["type"], described["title"], described["status"]) == (
        problem["type"], problem["title"], problem["status"],
    )


@pytest.mark.parametrize("name", ["nope", "VALIDATION", "validation.json"])
def test_an_unknown_problem_name_is_a_404_problem(client, name):
    response = client.get(errors.PROBLEM_BASE + name)
    assert response.status_code == 404 and response.mimetype == "application/problem+json"


def test_problem_pages_answer_browsers_on_other_origins(client):
    response = client.get(EMITTED[0], headers={"Origin": "https://news.example"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"
