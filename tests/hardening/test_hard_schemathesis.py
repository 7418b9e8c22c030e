"""schemathesis against openapi.yaml: every documented operation, with
requests generated from the document (valid ones and, for bodies and
parameters, invalid ones), run against the WSGI app in this process with all
of schemathesis's default checks: no 5xx, only documented status codes,
content types and headers, bodies that match their schemas, invalid input
refused and valid input accepted.

The document is loaded the way a client would, from ``GET /openapi.yaml``.
Examples per operation are bounded so the whole module takes seconds.
"""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, settings

from service.app import create_app
from service.config import Config

APP = create_app(Config(environ={}))
SCHEMA = schemathesis.openapi.from_wsgi("/openapi.yaml", APP)


@SCHEMA.parametrize()
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_matches_its_openapi_document(case):
    case.call_and_validate()


def test_every_operation_is_exercised():
    operations = {
        (op.ok().method.upper(), op.ok().path) for op in SCHEMA.get_all_operations()
    }
    assert ("POST", "/v1/quotes") in operations
    assert ("POST", "/v1/quotes/batch") in operations
    assert ("GET", "/metrics") in operations
    assert len(operations) >= 17
