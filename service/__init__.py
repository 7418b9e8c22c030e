"""Quotation attribution: find every quotation in news text, with its speaker,
the speaker's role and affiliation, and the reporting verb, at exact offsets.

``service.engine`` is the Flask-free engine; ``service.app`` is the HTTP layer
over it; ``quotes`` (or ``python -m service``) is the command line.
"""

__version__ = "0.1.0"
