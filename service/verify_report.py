"""``python -m service verify DRAFT --source FILE [--source FILE ...]``.

Reads the draft (plain text, or HTML with ``--html``) and the sources (each
file's path is its id), checks every quotation, and prints a report a
person reads before publishing, or with ``--json`` the quotations and
their checks as the API returns them.  Exit status 1 when any quotation is
``altered`` or ``not_found`` (a pre-publication hook stops there), 2 when a
file cannot be read, 0 otherwise.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict

from .engine.chars import QUOTE_MARKS
from .verify import ALTERED, NOT_CHECKED, NOT_FOUND, STATUSES, VERBATIM, Check, Source, Verification, verify

#: How each status is written in the report.
LABELS = {VERBATIM: "VERBATIM", ALTERED: "ALTERED", NOT_FOUND: "NOT FOUND", NOT_CHECKED: "not checked"}
#: Characters of a quotation shown on its report line.
SHOWN_CHARS = 70


def _read(path: str) -> str:
    if path == "-":
        return sys.stdin.read()
    with open(path, encoding="utf-8") as handle:
        return handle.read()


def _clip(text: str, limit: int = SHOWN_CHARS) -> str:
    text = " ".join(text.split()).strip(QUOTE_MARKS)  # the report adds its own marks
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _check_lines(check: Check, indent: str) -> list[str]:
    """The lines under a quotation: where it was found and how it differs."""
    lines = []
    if check.source_id is not None:
        lines.append(f"{indent}in {check.source_id} at {check.source_start}-{check.source_end}, "
                     f"similarity {check.similarity:.3f}")
    elif check.status == NOT_FOUND:
        lines.append(f"{indent}in no source (best similarity {check.similarity or 0:.3f})")
    for d in check.differences:
        if d.op == "replace":
            lines.append(f"{indent}- source has “{d.source}”, draft has “{d.draft}”")
        elif d.op == "insert":
            lines.append(f"{indent}- draft adds “{d.draft}”")
        else:
            lines.append(f"{indent}- draft leaves out “{d.source}” without an ellipsis")
    for b in check.bracketed:
        lines.append(f"{indent}  bracketed: {b.text}")
    if check.speaker_mismatch is not None:
        lines.append(f"{indent}! the source gives these words to {check.speaker_mismatch.speaker}")
    return lines


def report(result: Verification) -> str:
    """The readable report: one line per quotation, its findings below it."""
    lines = []
    for item in result.quotes:
        quote, check = item.quote, item.check
        who = f" — {quote.speaker.name}" if quote.speaker is not None else ""
        lines.append(f"{quote.id} {LABELS[check.status]:<11} {quote.type:<8} “{_clip(quote.text)}”{who}")
        if check.fragments:
            for fragment in check.fragments:
                lines.append(f"     fragment {LABELS[fragment.status]} “{_clip(fragment.text)}”")
                lines += _check_lines(fragment, "       ")
        else:
            lines += _check_lines(check, "     ")
    counts = result.counts()
    summary = ", ".join(f"{counts[s]} {LABELS[s].lower()}" for s in STATUSES)
    lines.append(f"{len(result.quotes)} quotations: {summary}")
    return "\n".join(lines) + "\n"


def as_json(result: Verification) -> str:
    """The quotations with their checks, and the speakers, as JSON."""
    return json.dumps({
        "quotes": [{**asdict(item.quote), "check": asdict(item.check)} for item in result.quotes],
        "speakers": [asdict(s) for s in result.speakers],
        "checks": result.counts(),
    }, ensure_ascii=False, indent=1)


def run_verify(args) -> int:
    try:
        draft = _read(args.draft)
        sources = [Source(path, _read(path)) for path in args.source]
    except (OSError, UnicodeDecodeError) as error:
        print(f"python -m service verify: {error}", file=sys.stderr)
        return 2
    if args.html:
        from .engine.html_text import html_to_text

        draft = html_to_text(draft).text
    result = verify(draft, sources, types=args.types, acts=args.acts)
    sys.stdout.write(as_json(result) + "\n" if args.json else report(result))
    return 1 if result.failing else 0
