"""Every marshmallow schema of the HTTP API, each instantiated once.

``openapi.yaml`` describes the same shapes under ``components/schemas``; a
component is named after its schema class without the ``Schema`` suffix, and
``tests/api/test_spec_drift.py`` fails when the two disagree.  Request
schemas reject unknown keys (marshmallow's default), so a client's typo is a
422 rather than silently ignored.
"""

from __future__ import annotations

import difflib

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from service.engine import DEFAULT_ACTS, QUOTE_ACTS, QUOTE_TYPES, SPEAKER_KINDS
from service.engine.offsets import UNITS as OFFSET_UNITS


def _distinct(values: list) -> None:
    if len(set(values)) != len(values):
        raise ValidationError("Values must be distinct.")


class BoundedList(fields.List):
    """A list whose length is checked before its items are.

    marshmallow validates every item before the list's own validators run,
    so a list of a million bad values costs a million errors; here a list
    over ``max_items`` is one error and its items are never looked at.  The
    bound is also a ``Length`` validator, so the API description gets its
    ``maxItems``.
    """

    def __init__(self, cls_or_instance, *, max_items: int, **kwargs):
        self.max_items = max_items
        self.too_long = f"Must have at most {max_items} items."
        others = kwargs.pop("validate", None) or []
        others = [others] if callable(others) else list(others)
        bound = validate.Length(max=max_items, error=self.too_long)
        super().__init__(cls_or_instance, validate=[bound, *others], **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, list) and len(value) > self.max_items:
            raise ValidationError(self.too_long)
        return super()._deserialize(value, attr, data, **kwargs)


# --- request -----------------------------------------------------------------

#: Unknown keys of one object that get a "did you mean" suggestion; an answer
#: lists at most 20 fields, and a body of a million unknown keys must not
#: cost a million comparisons.
MAX_SUGGESTIONS = 20
#: difflib's cutoff: how alike (0..1) an unknown key and a field must be.
SUGGESTION_CUTOFF = 0.6


def closest_field(key: str, known: list[str]) -> str | None:
    """The known field name ``key`` was most likely a typo of, or None.

    A key more than four times as long as every name cannot reach the
    cutoff (difflib's ratio is at most 2·len(short)/(len(a)+len(b))), so
    it is not compared at all: a key as long as the body costs nothing.
    """
    if not known or len(key) > 4 * max(len(name) for name in known):
        return None
    matches = difflib.get_close_matches(key, known, n=1, cutoff=SUGGESTION_CUTOFF)
    return matches[0] if matches else None


def unknown_field_message(key: str, suggestion: str) -> str:
    """The 422 message for an unknown key that looks like a typo of ``suggestion``."""
    return f"Unknown field `{key}`; did you mean `{suggestion}`?"


class _RequestSchema(Schema):
    """A request object whose unknown keys are answered with the closest
    known field, when one is close: ``txt`` → "did you mean `text`?"."""

    def handle_error(self, error: ValidationError, data, *, many: bool, **kwargs):
        """Rewrite the plain "Unknown field." of up to ``MAX_SUGGESTIONS``
        unknown keys in ``error.messages`` (in place) when a known field is
        close; the error is raised as before."""
        if many or not isinstance(error.messages, dict):
            return
        plain = [self.error_messages["unknown"]]
        known = [f.data_key or name for name, f in self.load_fields.items()]
        suggested = 0
        for key, messages in error.messages.items():
            if suggested >= MAX_SUGGESTIONS:
                break
            if messages != plain or not isinstance(key, str):
                continue
            suggested += 1
            match = closest_field(key, known)
            if match is not None:
                error.messages[key] = [unknown_field_message(key, match)]


def _choices(values, default, noun: str, description: str) -> BoundedList:
    """A list option of distinct values from ``values`` (``types``, ``acts``),
    bounded in length before it is validated."""
    return BoundedList(
        fields.String(validate=validate.OneOf(values)),
        max_items=len(values),
        load_default=lambda: list(default),
        validate=[validate.Length(min=1, error=f"Must contain at least one {noun}."), _distinct],
        metadata={"uniqueItems": True, "default": list(default), "description": description},
    )


class QuoteOptionsSchema(_RequestSchema):
    """``options`` of a quotes request.  New options are new fields here,
    each with a ``load_default`` so that old requests keep their meaning."""

    types = _choices(QUOTE_TYPES, QUOTE_TYPES, "quote type", "Kinds of quotation to return.")
    acts = _choices(QUOTE_ACTS, DEFAULT_ACTS, "act", "What the returned quotations report: speech, positions or both.")
    offsets = fields.String(
        load_default=OFFSET_UNITS[0],
        validate=validate.OneOf(OFFSET_UNITS),
        metadata={
            "default": OFFSET_UNITS[0],
            "description": "Unit of every start/end in the response.",
        },
    )


ONE_SOURCE = "Exactly one of text and html is required."


class _ArticleSchema(_RequestSchema):
    """``text`` or ``html``, exactly one of them."""

    #: ``_one_source`` as JSON Schema: the drift test adds this to the
    #: generated component before comparing it with openapi.yaml.
    OPENAPI = {"oneOf": [{"required": ["text"]}, {"required": ["html"]}]}

    text = fields.String(metadata={"description": "The article as plain text."})
    html = fields.String(metadata={"description": "The article as HTML."})

    @validates_schema
    def _one_source(self, data, **kwargs):
        if ("text" in data) == ("html" in data):
            raise ValidationError(ONE_SOURCE)


class QuoteRequestSchema(_ArticleSchema):
    """Body of ``POST /v1/quotes``."""

    options = fields.Nested(
        QuoteOptionsSchema,
        load_default=lambda: QUOTE_OPTIONS.load({}),
    )


class DocumentId(fields.Field):
    """A caller's name for a document: a string or an integer (not a boolean)."""

    default_error_messages = {"invalid": "Must be a string or an integer."}

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            raise self.make_error("invalid")
        return value


class BatchDocumentSchema(_ArticleSchema):
    """One document of a batch."""

    id = DocumentId(required=True, metadata={"type": ["string", "integer"]})


class BatchRequestSchema(_RequestSchema):
    """Body of ``POST /v1/quotes/batch``.

    The documents are left unchecked here: each is loaded on its own with
    ``BatchDocumentSchema`` so that one bad document does not reject the
    others, and the API description says so (any item is accepted).
    """

    documents = fields.List(
        fields.Raw(allow_none=True, metadata={
            "anyOf": [{"$ref": "#/components/schemas/BatchDocument"}, {}],
            "description": (
                "A `BatchDocument`.  Anything else is accepted too, and answered "
                "with that document's own problem as its result."
            ),
        }),
        required=True,
    )
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


SPEAKER_KIND_DESCRIPTION = "Who the speaker is: a person, an organisation, a group, an anonymous source, or a pronoun nobody could be found for."


class QuoteSpeakerSchema(Schema):
    id = fields.String(required=True)
    name = fields.String(required=True)
    kind = fields.String(
        required=True, validate=validate.OneOf(SPEAKER_KINDS), metadata={"description": SPEAKER_KIND_DESCRIPTION}
    )
    text = fields.String(required=True)
    start = fields.Integer(required=True)
    end = fields.Integer(required=True)
    role = fields.String(required=True, allow_none=True)
    affiliation = fields.String(required=True, allow_none=True)


class QuoteSchema(Schema):
    id = fields.String(required=True)
    type = fields.String(required=True, validate=validate.OneOf(QUOTE_TYPES))
    act = fields.String(
        required=True,
        validate=validate.OneOf(QUOTE_ACTS),
        metadata={"description": "What the quotation reports: someone's words (speech) or a position attributed to them."},
    )
    text = fields.String(required=True)
    start = fields.Integer(required=True)
    end = fields.Integer(required=True)
    speaker = fields.Nested(QuoteSpeakerSchema, required=True, allow_none=True)
    verb = fields.Nested(VerbSchema, required=True, allow_none=True)
    confidence = fields.Float(
        required=True,
        validate=validate.Range(min=0, max=1),
        metadata={"description": "How the attribution was made (table in openapi.yaml and the README)."},
    )
    html_start = fields.Integer(metadata={"description": "Only for html input."})
    html_end = fields.Integer(metadata={"description": "Only for html input."})


class MentionSchema(Schema):
    text = fields.String(required=True)
    start = fields.Integer(required=True)
    end = fields.Integer(required=True)


class SpeakerSchema(Schema):
    id = fields.String(required=True)
    name = fields.String(required=True)
    kind = fields.String(
        required=True, validate=validate.OneOf(SPEAKER_KINDS), metadata={"description": SPEAKER_KIND_DESCRIPTION}
    )
    role = fields.String(required=True, allow_none=True)
    affiliation = fields.String(required=True, allow_none=True)
    mentions = fields.List(fields.Nested(MentionSchema), required=True)
    quote_ids = fields.List(fields.String(), required=True)


class _RunFacts(Schema):
    """What every answer says about the run that made it."""

    quote_count = fields.Integer(required=True)
    elapsed_ms = fields.Float(required=True)
    version = fields.String(required=True)
    lexicon_version = fields.String(required=True)
    offsets = fields.String(required=True, validate=validate.OneOf(OFFSET_UNITS))


class MetaSchema(_RunFacts):
    characters = fields.Integer(required=True)


class QuotesResponseSchema(Schema):
    """Body of a 200 from ``POST /v1/quotes``."""

    text = fields.String(metadata={"description": "Only for html input: the text extracted from it."})
    quotes = fields.List(fields.Nested(QuoteSchema), required=True)
    speakers = fields.List(fields.Nested(SpeakerSchema), required=True)
    meta = fields.Nested(MetaSchema, required=True)


class BatchQuotesSchema(Schema):
    """The result for one document of a batch that could be read."""

    id = fields.Raw(required=True, metadata={"type": ["string", "integer"]})
    text = fields.String()
    quotes = fields.List(fields.Nested(QuoteSchema), required=True)
    speakers = fields.List(fields.Nested(SpeakerSchema), required=True)


class BatchErrorSchema(Schema):
    """The result for one document of a batch that could not be read."""

    id = fields.Raw(required=True, allow_none=True, metadata={"type": ["string", "integer"]})
    error = fields.Nested(lambda: ProblemSchema(), required=True)


class BatchResult(fields.Field):
    """A ``BatchQuotes`` or a ``BatchError``, told apart by ``error``."""

    def _serialize(self, value, attr, obj, **kwargs):
        schema = BATCH_ERROR if "error" in value else BATCH_QUOTES
        return schema.dump(value)


class BatchMetaSchema(_RunFacts):
    documents = fields.Integer(required=True)
    errors = fields.Integer(required=True)


class BatchResponseSchema(Schema):
    """Body of a 200 from ``POST /v1/quotes/batch``."""

    results = fields.List(
        BatchResult(metadata={"oneOf": [
            {"$ref": "#/components/schemas/BatchQuotes"},
            {"$ref": "#/components/schemas/BatchError"},
        ]}),
        required=True,
    )
    meta = fields.Nested(BatchMetaSchema, required=True)


class VersionSchema(Schema):
    version = fields.String(required=True)
    lexicon_version = fields.String(required=True)


class HealthSchema(Schema):
    status = fields.String(required=True, validate=validate.OneOf(["ok"]))


class ReadySchema(Schema):
    status = fields.String(required=True, validate=validate.OneOf(["ready"]))
    version = fields.String(required=True)
    lexicon_version = fields.String(required=True)


class ProblemSchema(Schema):
    """An RFC 9457 problem detail; ``errors`` only on validation problems."""

    type = fields.String(required=True, metadata={"format": "uri-reference"})
    title = fields.String(required=True)
    status = fields.Integer(required=True)
    detail = fields.String(required=True)
    errors = fields.Dict(keys=fields.String(), values=fields.List(fields.String()))


class ProblemTypeSchema(Schema):
    """Body of ``GET /problems/<name>`` asked for as JSON: what a problem type means."""

    type = fields.String(required=True, metadata={"format": "uri-reference"})
    title = fields.String(required=True)
    status = fields.Integer(required=True)
    when = fields.String(required=True, metadata={"description": "When the service answers with this problem."})
    remedy = fields.String(required=True, metadata={"description": "What a client can do about it."})


QUOTE_OPTIONS = QuoteOptionsSchema()
QUOTE_REQUEST = QuoteRequestSchema()
QUOTES_RESPONSE = QuotesResponseSchema()
QUOTE = QuoteSchema()
SPEAKER = SpeakerSchema()
MENTION = MentionSchema()
BATCH_ENVELOPE = BatchRequestSchema()
BATCH_DOCUMENT = BatchDocumentSchema()
BATCH_QUOTES = BatchQuotesSchema()
BATCH_ERROR = BatchErrorSchema()
BATCH_RESPONSE = BatchResponseSchema()
VERSION = VersionSchema()
HEALTH = HealthSchema()
READY = ReadySchema()
PROBLEM = ProblemSchema()
PROBLEM_TYPE = ProblemTypeSchema()

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
        BatchRequestSchema,
        BatchDocumentSchema,
        BatchResponseSchema,
        BatchQuotesSchema,
        BatchErrorSchema,
        BatchMetaSchema,
        VersionSchema,
        HealthSchema,
        ReadySchema,
        ProblemSchema,
        ProblemTypeSchema,
    )
}


# --- the quote check: POST /v1/quotes/verify ----------------------------------

from service.verify import STATUSES as CHECK_STATUSES  # noqa: E402 - the quote check's block
from service.verify.model import DIFFERENCE_OPS  # noqa: E402


class VerifySourceSchema(Schema):
    """A text the draft's quotations may come from."""

    id = fields.String(required=True, metadata={"description": "The caller's name for the source, returned as a check's source_id."})
    text = fields.String(required=True, metadata={"description": "A transcript, press release, earlier article or wire copy."})


class VerifyRequestSchema(_ArticleSchema):
    """Body of ``POST /v1/quotes/verify``: the draft as ``text`` or ``html``."""

    sources = fields.List(fields.Nested(VerifySourceSchema), required=True)
    options = fields.Nested(
        QuoteOptionsSchema,
        load_default=lambda: QUOTE_OPTIONS.load({}),
    )


class DifferenceSchema(Schema):
    """One word-level edit from the source to the draft."""

    op = fields.String(required=True, validate=validate.OneOf(DIFFERENCE_OPS))
    draft = fields.String(required=True, metadata={"description": "The draft's words (empty for delete)."})
    source = fields.String(required=True, metadata={"description": "The source's words (empty for insert)."})
    draft_start = fields.Integer(required=True)
    draft_end = fields.Integer(required=True)
    source_start = fields.Integer(required=True)
    source_end = fields.Integer(required=True)


class BracketedSchema(Schema):
    """An editorial insertion in square brackets, not looked for in the sources."""

    text = fields.String(required=True)
    start = fields.Integer(required=True)
    end = fields.Integer(required=True)


class SpeakerMismatchSchema(Schema):
    """Who the source says spoke the matched words, when not the draft's speaker."""

    speaker = fields.String(required=True)
    source_start = fields.Integer(required=True)
    source_end = fields.Integer(required=True)


class _CheckFields(Schema):
    status = fields.String(required=True, validate=validate.OneOf(CHECK_STATUSES))
    source_id = fields.String(required=True, allow_none=True)
    source_index = fields.Integer(
        required=True, allow_none=True,
        metadata={"description": "The matched source's place in the request's sources, from 0."},
    )
    source_start = fields.Integer(required=True, allow_none=True)
    source_end = fields.Integer(required=True, allow_none=True)
    similarity = fields.Float(required=True, allow_none=True, validate=validate.Range(min=0, max=1))
    differences = fields.List(fields.Nested(DifferenceSchema), required=True)
    bracketed = fields.List(fields.Nested(BracketedSchema), required=True)
    speaker_mismatch = fields.Nested(SpeakerMismatchSchema, required=True, allow_none=True)


class FragmentCheckSchema(_CheckFields):
    """The check of one quoted fragment of a mixed quotation."""

    text = fields.String(required=True)
    start = fields.Integer(required=True)
    end = fields.Integer(required=True)


class CheckSchema(_CheckFields):
    """The check of one quotation against the sources."""

    fragments = fields.List(fields.Nested(FragmentCheckSchema), required=True)


class CheckedQuoteSchema(QuoteSchema):
    """A quotation as ``POST /v1/quotes`` returns it, with its check."""

    check = fields.Nested(CheckSchema, required=True)


class CheckCountsSchema(Schema):
    """How many quotations have each status."""

    verbatim = fields.Integer(required=True)
    altered = fields.Integer(required=True)
    not_found = fields.Integer(required=True)
    not_checked = fields.Integer(required=True)


class VerifyMetaSchema(MetaSchema):
    sources = fields.Integer(required=True)
    source_characters = fields.Integer(required=True)
    checks = fields.Nested(CheckCountsSchema, required=True)


class VerifyResponseSchema(Schema):
    """Body of a 200 from ``POST /v1/quotes/verify``."""

    text = fields.String(metadata={"description": "Only for html input: the text extracted from it."})
    quotes = fields.List(fields.Nested(CheckedQuoteSchema), required=True)
    speakers = fields.List(fields.Nested(SpeakerSchema), required=True)
    meta = fields.Nested(VerifyMetaSchema, required=True)


VERIFY_REQUEST = VerifyRequestSchema()
VERIFY_RESPONSE = VerifyResponseSchema()
CHECK = CheckSchema()

COMPONENTS.update({
    cls.__name__.removesuffix("Schema"): cls
    for cls in (
        VerifyRequestSchema,
        VerifySourceSchema,
        VerifyResponseSchema,
        CheckedQuoteSchema,
        CheckSchema,
        FragmentCheckSchema,
        DifferenceSchema,
        BracketedSchema,
        SpeakerMismatchSchema,
        CheckCountsSchema,
        VerifyMetaSchema,
    )
})
