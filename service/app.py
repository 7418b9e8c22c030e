"""The Flask application.  ``gunicorn 'service.app:create_app()'`` serves it."""

from __future__ import annotations

import re
import threading
from collections.abc import Mapping

from flask import Flask, request
from flask_cors import CORS

from . import logs
from .config import Config
from .http import bp, register_error_handlers
from .http.docs import bp as docs_bp
from .http.problems import bp as problems_bp
from .http.observe import HEADER as REQUEST_ID_HEADER
from .http.observe import Observer, remember_endpoint

#: Methods a browser may be allowed to send cross-origin (the API uses no others).
CORS_METHODS = ["GET", "HEAD", "POST", "OPTIONS"]
#: How long a browser may cache a preflight answer, in seconds.
CORS_MAX_AGE = 600
#: Paths that answer browsers on other origins: all but /metrics.
CORS_PATHS = re.compile(r"/(?!metrics(?:/|$))")


class _App(Flask):
    def make_default_options_response(self):
        """``OPTIONS`` on a known path: 204 with ``Allow``, and no body."""
        response = super().make_default_options_response()
        response.status_code = 204
        response.set_data(b"")
        del response.headers["Content-Type"]
        return response


def create_app(config: Config | Mapping | None = None) -> Flask:
    """Build the app from a ``Config``, a mapping of overrides, or the environment."""
    if config is None:
        config = Config()
    elif isinstance(config, Mapping):
        config = Config(**config)

    logs.configure()  # before app.logger is first used, so Flask adds no handler of its own
    app = _App(__name__, static_folder="static", static_url_path="/static")
    app.config.update(config.as_dict())
    app.config["MAX_CONTENT_LENGTH"] = config.MAX_BODY_BYTES
    # OPTIONS on a known path answers with Allow (and, for a browser's
    # preflight, the CORS headers below); any other undocumented method is 405.
    app.config["PROVIDE_AUTOMATIC_OPTIONS"] = True
    app.json.sort_keys = False  # keep the schemas' field order
    # Non-ASCII goes out as \u escapes: a lone surrogate a client sent as
    # "\ud800" has no UTF-8 form, and its offsets must still come back.
    app.json.ensure_ascii = True
    app.extensions["quotes"] = {
        "ready": False,
        # Turns at the engine (see Config.ENGINE_CONCURRENCY); made before
        # gunicorn forks, so each worker process has its own.
        "engine_turns": threading.BoundedSemaphore(config.ENGINE_CONCURRENCY),
    }

    register_error_handlers(app)
    app.before_request(remember_endpoint)
    app.register_blueprint(bp)
    app.register_blueprint(problems_bp)
    app.register_blueprint(docs_bp)
    # After the error handlers: problem responses get the headers too.
    # Every path but /metrics, which no browser page should read.
    CORS(
        app,
        resources={CORS_PATHS: {}},
        origins=config.CORS_ORIGINS,
        send_wildcard=config.CORS_ORIGINS == "*",
        supports_credentials=False,
        methods=CORS_METHODS,
        max_age=CORS_MAX_AGE,
        expose_headers=["Allow", REQUEST_ID_HEADER, "Retry-After"],
    )
    if config.CORS_ORIGINS != "*":
        # The CORS headers then depend on the request's Origin, with or
        # without one, allowed or not: a cache must keep the answers apart.
        @app.after_request
        def _vary_on_origin(response):
            if CORS_PATHS.match(request.path):
                response.vary.add("Origin")
            return response

    # Outermost: every response gets its X-Request-ID, log line and metrics.
    app.wsgi_app = Observer(app.wsgi_app)
    return app
