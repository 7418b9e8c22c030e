"""Settings for the HTTP service, read from the environment.

Every setting has a default, so the service starts with no environment at
all.  ``create_app`` copies the upper-case attributes into ``app.config``.

=========================  ==========================  ==================
Environment variable       Attribute                   Default
=========================  ==========================  ==================
``QUOTES_MAX_BODY_BYTES``  ``MAX_BODY_BYTES``          ``2000000``
``QUOTES_MAX_TEXT_CHARS``  ``MAX_TEXT_CHARS``          ``500000``
``QUOTES_OPENAPI_PATH``    ``OPENAPI_PATH``            ``openapi.yaml`` at
                                                       the repository root
=========================  ==========================  ==================
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

DEFAULT_OPENAPI_PATH = Path(__file__).resolve().parent.parent / "openapi.yaml"


def _positive_int(environ: Mapping[str, str], name: str, default: int) -> int:
    raw = environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw.replace("_", ""))
    except ValueError:
        raise ValueError(f"{name} must be a whole number, got {raw!r}") from None
    if value <= 0:
        raise ValueError(f"{name} must be greater than zero, got {value}")
    return value


class Config:
    """Service settings: environment first, then keyword overrides.

    ``Config(TESTING=True, MAX_TEXT_CHARS=10)`` is how tests pin values; any
    other upper-case keyword is passed to Flask as is.
    """

    def __init__(self, environ: Mapping[str, str] | None = None, **overrides):
        env = os.environ if environ is None else environ
        #: Largest request body accepted, in bytes; larger bodies get 413.
        self.MAX_BODY_BYTES = _positive_int(env, "QUOTES_MAX_BODY_BYTES", 2_000_000)
        #: Longest ``text`` accepted, in code points; longer text gets 413.
        self.MAX_TEXT_CHARS = _positive_int(env, "QUOTES_MAX_TEXT_CHARS", 500_000)
        #: The OpenAPI document served at ``GET /openapi.yaml``.
        self.OPENAPI_PATH = env.get("QUOTES_OPENAPI_PATH") or str(DEFAULT_OPENAPI_PATH)
        for key, value in overrides.items():
            if not key.isupper():
                raise TypeError(f"Config keys are upper case, got {key!r}")
            setattr(self, key, value)

    def as_dict(self) -> dict:
        """The settings as a plain mapping, ready for ``app.config.update``."""
        return {k: v for k, v in vars(self).items() if k.isupper()}
