"""The Flask application.  ``gunicorn 'service.app:create_app()'`` serves it."""

from __future__ import annotations

from collections.abc import Mapping

from flask import Flask

from .config import Config
from .http import bp, register_error_handlers


def create_app(config: Config | Mapping | None = None) -> Flask:
    """Build the app from a ``Config``, a mapping of overrides, or the environment."""
    if config is None:
        config = Config()
    elif isinstance(config, Mapping):
        config = Config(**config)

    app = Flask(__name__, static_folder=None)
    app.config.update(config.as_dict())
    app.config["MAX_CONTENT_LENGTH"] = config.MAX_BODY_BYTES
    # Only the methods openapi.yaml documents; OPTIONS gets 405 like any other.
    app.config["PROVIDE_AUTOMATIC_OPTIONS"] = False
    app.json.sort_keys = False  # keep the schemas' field order
    app.extensions["quotes"] = {"ready": False}

    register_error_handlers(app)
    app.register_blueprint(bp)
    return app
