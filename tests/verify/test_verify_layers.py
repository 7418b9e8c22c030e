"""The quote check is a library beside the engine: no web framework, and
the adversarial sources of ``bench linear`` give sensible answers."""

from __future__ import annotations

import subprocess
import sys

from service import benchmark
from service.verify import ALTERED, NOT_FOUND, verify


def test_the_check_imports_no_web_framework():
    code = "import sys, service.verify; sys.exit('flask' in sys.modules or 'werkzeug' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], timeout=60).returncode == 0


def test_one_word_repeated():
    draft, sources = benchmark.VERIFY_ADVERSARIAL["verify: one word repeated"](50_000)
    first, second = verify(draft, [("s", t) for t in sources]).quotes
    assert first.check.status == NOT_FOUND
    assert second.check.status == ALTERED
    assert [(d.op, d.draft) for d in second.check.differences] == [("replace", "harbour")]


def test_near_copies_of_the_quotation():
    draft, sources = benchmark.VERIFY_ADVERSARIAL["verify: near-copies of quote"](50_000)
    first, second = verify(draft, [("s", t) for t in sources]).quotes
    assert first.check.status == ALTERED
    # the closest copy: the one whose changed word stands where the draft has May
    assert [(d.op, d.draft) for d in first.check.differences] == [("replace", "May")]
    assert second.check.status == NOT_FOUND
