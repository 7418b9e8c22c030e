"""Every marshmallow schema of the HTTP API, each instantiated once.

``openapi.yaml`` describes the same shapes under ``components/schemas``; a
component is named after its schema class without the ``Schema`` suffix, and
``tests/api/test_spec_drift.py`` fails when the two disagree.  Request
schemas reject unknown keys (marshmallow's default), so a client's typo is a
422 rather than silently ignored.
"""

from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate

from service.engine import QUOTE_TYPES


def _distinct(values: list) -> None:
    if len(set(values)) != len(values):
        raise ValidationError("Values must be distinct.")


# --- request -----------------------------------------------------------------


class QuoteOptionsSchema(Schema):
    """``options`` of a quotes request.  New options are new fields here,
    each with a ``load_default`` so that old requests keep their meaning."""

    types = fields.List(
        fields.String(validate=validate.OneOf(QUOTE_TYPES)),
        load_default=lambda: list(QUOTE_TYPES),
        validate=[
            validate.Length(min=1, error="Must contain at least one quote type."),
            _distinct,
        ],
        metadata={
            "uniqueItems": True,
            "default": list(QUOTE_TYPES),
            "description": "Kinds of quotation to return.",
        },
    )


class QuoteRequestSchema(Schema):
    """Body of ``POST /v1/quotes``."""

    text = fields.String(required=True, metadata={"description": "The article text."})
    options = fields.Nested(
        QuoteOptionsSchema,
        load_default=lambda: QUOTE_OPTIONS.load({}),
    )


# --- response ----------------------------------------------------------------


class VerbSchema(Schema):
    text = fields.String(required=True)
    lemma = fields.String(required=True)
    start = fields.Integer(required=True)
    end = fields.Integer(required=True)


class QuoteSpeakerSchema(Schema):
    id = fields.String(required=True)
    name = fields.String(required=True)
    text = fields.String(required=True)
    start = fields.Integer(required=True)
    end = fields.Integer(required=True)
    role = fields.String(required=True, allow_none=True)
    affiliation = fields.String(required=True, allow_none=True)


class QuoteSchema(Schema):
    id = fields.String(required=True)
    type = fields.String(required=True, validate=validate.OneOf(QUOTE_TYPES))
    text = fields.String(required=True)
    start = fields.Integer(required=True)
    end = fields.Integer(required=True)
    speaker = fields.Nested(QuoteSpeakerSchema, required=True, allow_none=True)
    verb = fields.Nested(VerbSchema, required=True, allow_none=True)
    confidence = fields.Float(required=True, validate=validate.Range(min=0, max=1))


class MentionSchema(Schema):
    text = fields.String(required=True)
    start = fields.Integer(required=True)
    end = fields.Integer(required=True)


class SpeakerSchema(Schema):
    id = fields.String(required=True)
    name = fields.String(required=True)
    role = fields.String(required=True, allow_none=True)
    affiliation = fields.String(required=True, allow_none=True)
    mentions = fields.List(fields.Nested(MentionSchema), required=True)
    quote_ids = fields.List(fields.String(), required=True)


class MetaSchema(Schema):
    characters = fields.Integer(required=True)
    quote_count = fields.Integer(required=True)
    elapsed_ms = fields.Float(required=True)
    version = fields.String(required=True)
    lexicon_version = fields.String(required=True)


class QuotesResponseSchema(Schema):
    """Body of a 200 from ``POST /v1/quotes``."""

    quotes = fields.List(fields.Nested(QuoteSchema), required=True)
    speakers = fields.List(fields.Nested(SpeakerSchema), required=True)
    meta = fields.Nested(MetaSchema, required=True)


class HealthSchema(Schema):
    status = fields.String(required=True, validate=validate.OneOf(["ok"]))


class ReadySchema(Schema):
    status = fields.String(required=True, validate=validate.OneOf(["ready"]))
    version = fields.String(required=True)
    lexicon_version = fields.String(required=True)


class ProblemSchema(Schema):
    """An RFC 9457 problem detail; ``errors`` only on validation problems."""

    type = fields.String(required=True, metadata={"format": "uri"})
    title = fields.String(required=True)
    status = fields.Integer(required=True)
    detail = fields.String(required=True)
    errors = fields.Dict(keys=fields.String(), values=fields.List(fields.String()))


QUOTE_OPTIONS = QuoteOptionsSchema()
QUOTE_REQUEST = QuoteRequestSchema()
QUOTES_RESPONSE = QuotesResponseSchema()
HEALTH = HealthSchema()
READY = ReadySchema()
PROBLEM = ProblemSchema()

#: Component name in openapi.yaml -> schema class, for the drift test.
COMPONENTS = {
    cls.__name__.removesuffix("Schema"): cls
    for cls in (
        QuoteRequestSchema,
        QuoteOptionsSchema,
        QuotesResponseSchema,
        QuoteSchema,
        QuoteSpeakerSchema,
        VerbSchema,
        SpeakerSchema,
        MentionSchema,
        MetaSchema,
        HealthSchema,
        ReadySchema,
        ProblemSchema,
    )
}
