"""The HTTP layer: one blueprint, its schemas, and problem+json errors."""

from .errors import register_error_handlers
from .routes import bp

__all__ = ["bp", "register_error_handlers"]
