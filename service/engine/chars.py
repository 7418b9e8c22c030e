"""Character classes: the quotation marks every stage reads, named once.

In: nothing.  Out: strings of characters, for ``in`` tests and to build regex
character classes (``rf"[{CLOSING_MARKS}]"``: none of them holds a character
that is special inside a class).  A new mark is added here, to the sets it
belongs to.  marks.py pairs every mark of ``QUOTE_MARKS`` into quoted spans;
the rules of the other stages look beside words, sentence ends and cues for the
narrower sets below, each named for what it is.
"""

from __future__ import annotations

DOUBLE_MARKS = "\"“”„‟«»「」"
SINGLE_MARKS = "'‘’‚‛‹›『』"
QUOTE_MARKS = DOUBLE_MARKS + SINGLE_MARKS
OPENING_SHAPES = "“„‟«「‘‚‛‹『"  # a mark of one of these shapes opens when its neighbours do not tell
CLOSING_SHAPES = "”»」’›』"
GUILLEMETS = "«»‹›"
STRAIGHT_SINGLE = "'"  # a quotation mark, and an apostrophe too
BACKQUOTE = "`"        # two open a quotation in archive copy: ``Hopefully,'' he said

# The marks of English news copy, straight and curly, and the guillemets: most
# rules look for these beside a word, a sentence end or a cue.  Rules that also
# read the straight single mark or the backquote add them where they do.
OPENING_MARKS = "\"“‘«"
CLOSING_MARKS = "\"”’»"
# the closing marks a comma stands inside of in English copy (“...,” he said);
# French copy sets the comma after the guillemet (« ... », dit-il)
CLOSING_AFTER_COMMA = "\"”’"
# the double marks and guillemets of English copy: no single curly mark, as
# those stand inside words too ("reporters’ notes")
DOUBLE_OPENING_CLOSING = "\"“”«»"

# Wider sets, read where a whole line or paragraph is judged.
# A paragraph that opens with one of these re-opens a quotation:
PARAGRAPH_OPENERS = OPENING_MARKS + STRAIGHT_SINGLE + "„‹"
# A line that opens with one of these (or with two straight single marks) is a
# quotation, not page furniture:
LINE_OPENERS = "\"“”„«‹‘" + BACKQUOTE
# A short line that holds none of these may be a byline (every double mark but
# ‟, and the single guillemets):
LINE_QUOTE_MARKS = "\"“”„«»‹›「」"
