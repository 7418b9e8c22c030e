"""The two speaker patterns and the pieces they are built of.

In: the lexicons (titles, roles, groups, person nouns, organisation words).
Out: ``SUBJECT`` — a speaker phrase that ends where a cue begins ("… Jane
Smith said") — and ``OBJECT`` — one that starts right after a cue ("said
Jane Smith, the …"), each a ``patterns.TieredPattern`` (quick to compile
first, quick to search after 500 uses), and the named pieces other readers
match with (a capitalised word, a name, an honorific, a role, an
organisation's name).  ``mentions`` turns their matches into ``Mention``s.
"""

from __future__ import annotations

import regex

from .patterns import TieredPattern, alternation
from .words import GROUPS, ORG_WORDS, PERSON_NOUNS, ROLES, TITLES

HONORIFICS = {title: gender for title, (gender, _) in TITLES.items()}

S = r"[ \t\u00a0]"  # horizontal space inside a phrase
GROUP_AFFILIATION = regex.compile(rf"{S}(?:at|from|with|of|in|for){S}+(?P<org>(?:the{S}+)?\p{{Lu}}.*)$")
CAP = r"(?:(?:\p{Lu}\.){2,}|\p{Lu}\p{M}*[\p{L}\p{M}'’\-]*\p{L}\p{M}*|\p{Lu}\.|\p{Lu}\p{M}*(?![\p{L}]))"  # marks may follow (NFD)
PARTICLE = r"(?:de|da|del|della|di|van|von|der|den|la|le|du|dos|das|bin|ibn|al|el|ter|ten|y|St\.)"
SUFFIX = rf"(?:,?{S}+(?:Jr\.?|Sr\.?|II|III|IV)(?![\p{{L}}]))"
NAME = rf"(?:{CAP}(?:{S}+(?:{PARTICLE}{S}+)?{CAP}){{0,4}}{SUFFIX}?)"
ORG_NAME = rf"(?:{CAP}(?:{S}+(?:(?:of|for|and|the|on|de|&){S}+)*{CAP}){{0,6}})"
HONORIFIC = rf"(?:{alternation(HONORIFICS)}\.?)"
ROLE = rf"(?i:{alternation(ROLES)})"
GROUP_WORD = rf"(?i:{alternation(GROUPS)})"
PERSON_NOUN = rf"(?i:{alternation(PERSON_NOUNS)})"
ORG_WORD = rf"(?i:{alternation(ORG_WORDS)})"
# the heads of a description other than a role, in one alternation: one look-up
# where three separate ones cost three
OTHER_HEAD = rf"(?i:{alternation(ORG_WORDS | GROUPS | PERSON_NOUNS)})"
DETERMINER = r"(?i:the|a|an|one|another|its|his|her|their|our|two|three|several|some|many|other)"
POSSESSIVE = rf"(?:{CAP}(?:{S}+{CAP}){{0,4}}|the{S}+[\p{{Ll}}\-]+)['’]s?"
QUANTITY = r"""(?i:(?:a|an)[ \t\u00a0]+)?(?i:(?:full|mere|only|nearly|about|almost|roughly|some|just|more[ \t\u00a0]+than|less[ \t\u00a0]+than|fewer[ \t\u00a0]+than)[ \t\u00a0]+)*
    (?:\d+(?:\.\d+)?[ \t\u00a0]*(?:percent|per[ \t\u00a0]+cent|%)
      | (?i:one|two|three|four|five|six|seven|eight|nine|ten|\d+)[ \t\u00a0]+in[ \t\u00a0]+(?i:two|three|four|five|ten|\d+)
      | (?i:a[ \t\u00a0]+)?(?i:third|quarter|half|majority|minority|plurality)
      | (?i:two-thirds|three-quarters|most|many|some|few|half))"""
PRONOUN_WORD = r"(?:he|she|they|we|it|I|He|She|They|We|It)"
ROLES_JOINED = rf"(?:{ROLE}(?:{S}+(?:and|&){S}+{ROLE})?)"
PREMODIFIER = rf"""(?:
    (?:{POSSESSIVE}{S}+|(?:{CAP}|\d+){S}+(?:{CAP}{S}+|\d+{S}+){{0,4}}|\p{{Ll}}[\p{{L}}\-]*{S}+)?{ROLES_JOINED}
  | (?:{CAP}{S}+){{1,4}}(?!(?:of|for|and|the|in|on|at|to|from|with|by|de|von|van)\b)\p{{Ll}}[\p{{L}}\-]+(?!{S}+{HONORIFIC}{S})  # Orbitra founder
)"""
# What every premodifier holds: a word in lower case or a role, at the phrase's
# start or after a space.  Looked for first, so that a phrase of capitalised
# words alone ("Jane Smith") skips the premodifier's many ways to fail.
PREMODIFIER_AHEAD = rf"(?=(?:[^\n]*?{S})?(?:\p{{Ll}}|{ROLE}))"
TITLE_PREFIX = rf"(?:(?:{CAP}{S}+){{1,3}}(?:\p{{Ll}}+{S}+)?|\p{{Ll}}+{S}+)"  # Republican state (Sen.)

# A group phrase: a group word after at most three others, and where they
# work.  SUBJECT tries it alone and after a quantity ("a third of the Russian
# officials"), so that the quantity is read once at each place, not twice.
# the words inside a group phrase and a description: each holds a letter, so a
# dash ("Syria -- United States officials") is none; each is read in one way only
WORD_OF_PHRASE = r"[\-’']*\p{L}[\p{L}\-’']*"
WORD_OF_DESCRIPTION = r"-*\p{L}[\p{L}\-]*"
GROUP_CORE = rf"""(?:
    (?:{WORD_OF_PHRASE}{S}+){{0,3}}?{GROUP_WORD}                          # Russian officials
    (?:{S}+(?:at|from|with|of|in|for){S}+(?:the{S}+)?{ORG_NAME})?      # officials at the Agency
)"""

# A speaker phrase that ends where a cue begins ("... Jane Smith said").
# Every phrase runs to the end of the window, so a description or a group has
# the same span however its words are read: those two branches may be written
# in whatever order is cheapest as long as they accept the same phrases (the
# name branch may not: which of its parts takes a word is part of the answer).
SUBJECT_SOURCE = (
    rf"""
    (?<![\p{{L}}\p{{N}}'’\-.])                                      # phrases start at a word
    (?:
        (?P<pronoun>(?<![\p{{L}}]){PRONOUN_WORD})                      # she said
      | (?:(?P<premod>{PREMODIFIER_AHEAD}{PREMODIFIER}{S}+)            # Acme spokeswoman
          | (?P<titleprefix>{TITLE_PREFIX})(?={HONORIFIC}{S}))?       # Republican state (Sen.)
        (?P<honorific>{HONORIFIC}{S}+)?                               # Dr.
        (?P<name>{NAME})                                              # Jane Smith
      | (?P<description>
            (?:{POSSESSIVE}{S}+|{DETERMINER}{S}+(?:{POSSESSIVE}{S}+)?)  # the / a / Acme's
            (?:{WORD_OF_DESCRIPTION}{S}+){{0,4}}?                              # state-run news
            (?:{ROLE}(?:{S}+{ROLE})?|{OTHER_HEAD})(?![\p{{L}}'’])          # agency / spokesman / officials
            (?:{S}+{CAP})*                                            # the Army's General Command
            (?:{S}+(?:for|at|of|with|in){S}+(?:the{S}+)?{ORG_NAME})?      # for the Ministry of X
        )
      | (?P<group>{GROUP_CORE}                                            # Russian officials
          | {QUANTITY}(?:{S}+of{S}+(?:the{S}+)?                             # a third of the
                (?:{GROUP_CORE}|(?:{WORD_OF_PHRASE}{S}+){{0,3}}?[\p{{L}}\-]+))?)  # union members / voters
    )
    [ \t\u00a0]*\Z
    """
)

# A speaker phrase that starts right after a cue ("said Jane Smith, the ...").
OBJECT_SOURCE = (
    rf"""
    [ \t\u00a0]*
    (?:
        (?P<pronoun>{PRONOUN_WORD})(?![\p{{L}}])
      | (?:(?P<premod>{PREMODIFIER}{S}+)|(?P<titleprefix>{TITLE_PREFIX})(?={HONORIFIC}{S}))?
        (?P<honorific>{HONORIFIC}{S}+)?
        (?P<name>{NAME})(?<!['’]s)(?!['’])      # not a possessor (“said Vantor’s director, ...”)
      | (?P<description>
            (?:{POSSESSIVE}{S}+|{DETERMINER}{S}+(?:{POSSESSIVE}{S}+)?)
            (?:{WORD_OF_DESCRIPTION}{S}+){{0,4}}                                # the longest: "a senior | harbour official"
            (?:{ROLE}(?:{S}+{ROLE})?|{ORG_WORD}|{GROUP_WORD}|{PERSON_NOUN})(?![\p{{L}}'’])
            (?:{S}+{CAP})*
            (?:{S}+(?:for|at|of|with|in){S}+(?:the{S}+)?{ORG_NAME})?
            (?:,{S}*(?P<appositive_name>(?:{HONORIFIC}{S}+)?{NAME})(?=,|\.|$|{S}+(?:said|told|added)))?
        )
      | (?P<group>(?:{WORD_OF_DESCRIPTION}{S}+){{0,2}}?{GROUP_WORD})
    )
    (?![\p{{L}}])
    """
)

# The word lists inside the two speaker patterns, called by name in their
# quick-to-compile form (see patterns.TieredPattern).
SPEAKER_PATTERN_LISTS = {
    "role_list": ROLE,
    "group_list": GROUP_WORD,
    "person_noun_list": PERSON_NOUN,
    "org_word_list": ORG_WORD,
    "other_head_list": OTHER_HEAD,
    "honorific_list": HONORIFIC,
}
# uses of a speaker pattern before its quick-to-search form is compiled: about
# the first 25 articles of a run
USES_BEFORE_FULL_PATTERN = 500
SUBJECT = TieredPattern(SUBJECT_SOURCE, regex.VERBOSE, SPEAKER_PATTERN_LISTS, USES_BEFORE_FULL_PATTERN)
OBJECT = TieredPattern(OBJECT_SOURCE, regex.VERBOSE, SPEAKER_PATTERN_LISTS, USES_BEFORE_FULL_PATTERN)
