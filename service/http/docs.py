"""The API description for people and programs: ``GET /docs`` (Swagger UI
over ``openapi.yaml``), its assets under ``/docs/``, and ``GET
/openapi.json`` (the same document as JSON).

Swagger UI's files come from the ``flask-swagger-ui`` package, which ships
Swagger UI's own distribution; this service serves them itself, so the page
asks nothing of any other server.  Only its page and start-up script are
this project's (``static/docs.html``, ``static/docs.js``): its loader reads
no configuration from an inline script, so the page keeps the same
Content-Security-Policy as the demo page.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

import yaml
from flask import Blueprint, current_app, send_from_directory
from werkzeug.exceptions import NotFound

from .routes import PAGE_POLICY

bp = Blueprint("docs", __name__)

#: Where the installed Swagger UI distribution is.
SWAGGER_UI_DIST = Path(str(files("flask_swagger_ui") / "dist"))
#: The files of that distribution the page loads; nothing else there is served.
DOCS_ASSETS = frozenset({"swagger-ui.css", "swagger-ui-bundle.js"})
#: Seconds a browser may keep an asset (they change only with the package).
ASSET_MAX_AGE = 3600


def _spec_path() -> Path:
    path = Path(current_app.config["OPENAPI_PATH"])
    if not path.is_file():
        raise NotFound("The API description is not installed on this server.")
    return path


@lru_cache(maxsize=4)
def _spec_as_json(path: str, mtime_ns: int) -> bytes:
    """The YAML document at ``path`` as JSON bytes; read again when its
    modification time changes."""
    document = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    return json.dumps(document, ensure_ascii=True, indent=1).encode("ascii")


@bp.get("/openapi.json")
def openapi_json():
    """The OpenAPI description of this API, as JSON."""
    path = _spec_path()
    body = _spec_as_json(str(path), path.stat().st_mtime_ns)
    response = current_app.response_class(body, mimetype="application/json")
    response.cache_control.public = True
    response.cache_control.max_age = 300
    return response


@bp.get("/docs")
def docs_page():
    """Swagger UI showing ``/openapi.json``."""
    _spec_path()
    response = current_app.send_static_file("docs.html")
    response.headers["Content-Security-Policy"] = PAGE_POLICY
    return response


@bp.get("/docs/<asset>")
def docs_asset(asset: str):
    """One of Swagger UI's files, from the installed package."""
    if asset not in DOCS_ASSETS:
        raise NotFound(f"The documentation page has no file named {asset[:60]!r}.")
    return send_from_directory(SWAGGER_UI_DIST, asset, max_age=ASSET_MAX_AGE)
