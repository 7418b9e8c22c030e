"""The HTTP layer: one blueprint, its schemas, and problem+json errors."""

from .errors import register_error_handlers
from .routes import bp
from . import verify as _verify  # noqa: F401 - adds POST /v1/quotes/verify to bp

__all__ = ["bp", "register_error_handlers"]
