"""Verbs: what makes a stretch of prose a clause.

In: a stretch of the text.  Out: whether (and where) it holds a finite verb —
a listed finite form, a regular past tense that is no adjective ("a disabled
reporter"), a contracted auxiliary ("he’d") — or a present-tense verb in
"-s" after a word.  Read by the clause rules, by the search for a
sentence's subject, and by attribution for a participle's subject.
"""

from __future__ import annotations

import regex

from .patterns import alternation

PRESENT_VERB = regex.compile(
    r"(?<![\p{L}’'])(?<!(?<![\p{L}])(?:the|an|of|in|on|for|to|at|with|by|and|or|its|his|her|their|our|my|\d+)[ \t\u00a0]+)(?<=\p{L}+[ \t\u00a0]+)\p{Ll}{2,}s(?![\p{L}’'])"
)
# The word forms that make a clause finite.  "can't" is not among them:
# "can" comes first and has always matched it ("can" then the apostrophe).
FINITE_FORMS = """is are was were be been being am 's ’s 're ’re 'll ’ll 'd ’d
    will would shall should can could may might must had has have do does did won't won’t don't don’t
    doesn't doesn’t didn't didn’t isn't isn’t wasn't wasn’t aren't aren’t weren't weren’t
    said made went came took gave found thought told knew saw got became began left felt kept held
    brought stood struck ran won lost paid met sent built spent sold fell rose grew led meant put set
    cut hit let wrote spoke broke chose drove flew forgot hid rode shook stole swore threw woke""".split()
# a participle after a determiner or a possessive is an adjective: "a disabled
# reporter", "the party’s received wisdom", "his stated aim"
ADJECTIVE_NOT_AFTER = r"(?<!(?<![\p{L}])(?i:the|a|an|his|her|its|their|our|my|your|this|these|those)[ \t\u00a0]+)(?<!\p{L}['’]s[ \t\u00a0]+)"
FINITE_VERB = regex.compile(
    rf"""['’](?<=\p{{L}}['’])(?:d|ll|re|ve)(?![\p{{L}}])          # "he’d", "they’ll", "we’re" (the mark first: cheap to rule out)
      | ['’]s(?<=(?<![\p{{L}}])(?i:he|she|it|that|there|what|who|here)['’]s)(?![\p{{L}}])   # "he’s"; "Britain’s" is a possessive
      | (?<![\p{{L}}’'\-])(?:{alternation(FINITE_FORMS)}       # a listed form, as a trie: one pass over the letters
                           |(?=\p{{Ll}}{{4,}}+(?<=ed)(?![\p{{L}}\-]))       # or a regular past tense, a whole word: tested before
                            {ADJECTIVE_NOT_AFTER}\p{{Ll}}{{4,}}+)(?![\p{{L}}\-])  # the look-behinds, as most words are none; not inside a compound ("self-described")
    """,
    regex.VERBOSE,
)
