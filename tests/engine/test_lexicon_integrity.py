"""The word lists under service/engine/lexicons: every one documented in the
README there, read by the engine with the reader written for its format and
well-formed for it, no entry twice in a list, and no entry in two lists
unless overlaps.txt declares it (or the two lists are related as a whole)."""

from __future__ import annotations

import ast
import collections
import itertools
import re
from pathlib import Path

import pytest

from service.engine import lexicons

LEXICONS = Path(lexicons.__file__).parent
ENGINE = LEXICONS.parent
OVERLAPS = "overlaps"  # overlaps.txt: declarations, not a word list

#: Each list and the reader the engine reads it with.
READERS = {
    "abbreviations": "read_tagged",
    "anonymity_wording": "read_tagged",
    "belief_verbs": "read_verbs",
    "finding_sources": "read_lines",
    "group_speakers": "read_lines",
    "honorifics": "read_titles",
    "member_roles": "read_lines",
    "not_names": "read_lines",
    "organisation_words": "read_lines",
    "page_noise": "read_lines",
    "person_nouns": "read_lines",
    "place_words": "read_lines",
    "quote_verbs": "read_verbs",
    "refusal_verbs": "read_lines",
    "reporting_verbs": "read_verbs",
    "parties": "read_verbs",
    "person_endings": "read_lines",
    "role_modifiers": "read_lines",
    "role_verbs": "read_verbs",
    "roles": "read_tagged",
    "sentence_openers": "read_lines",
    "stance_verbs": "read_verbs",
    "term_markers": "read_lines",
}
#: The values a tag may take: "=m"/"=f" a gender, "=end" an abbreviation that may close a sentence.
TAGS = {"abbreviations": {"end"}, "roles": {"m", "f"}}
GENDERS = {"m", "f"}
#: Lists the engine looks words up in exactly as written; it case-folds or
#: matches case-insensitively every other, so there "Chair" and "chair" are one entry.
CASE_SENSITIVE = {"honorifics", "not_names", "sentence_openers"}
#: Lists the engine looks case-folded words up in as written: an entry with a capital would never be found.
LOWER_CASE = {
    "finding_sources", "group_speakers", "member_roles", "organisation_words",
    "person_nouns", "place_words", "refusal_verbs", "roles",
}
#: (part, whole): every entry of the first list is in the second, by design.
SUBSETS = [("member_roles", "roles"), ("sentence_openers", "not_names")]

LISTS = sorted(READERS)
VERB_LISTS = sorted(name for name, reader in READERS.items() if reader == "read_verbs")


def _lines(name: str) -> list[str]:
    return lexicons.read_lines(name)


def entries(name: str) -> list[str]:
    """What the engine takes as the list's entries, in file order, repeats kept."""
    reader = READERS[name]
    out = []
    for line in _lines(name):
        if reader == "read_verbs":
            lemma, _, forms = line.partition(":")
            lemma = lemma.strip()
            out += [] if lemma.startswith("(") else [lemma]
            out += [form.strip() for form in forms.split(",")]
        elif reader == "read_titles":
            out.append(line.partition(">")[0].partition("=")[0].strip())
        elif reader == "read_tagged":
            out.append(line.partition("=")[0].strip())
        elif name == "page_noise":
            out.append(line.rstrip("*").strip())
        else:
            out.append(line)
    return out


def key(name: str, entry: str) -> str:
    return entry if name in CASE_SENSITIVE else entry.casefold()


# --- the files and the README ------------------------------------------------


def _readme_files() -> set[str]:
    readme = (LEXICONS / "README.md").read_text(encoding="utf-8")
    return set(re.findall(r"^\| `([^`]+)` \|", readme, re.MULTILINE))


def test_every_lexicon_file_is_in_the_readme_table_and_every_file_there_exists():
    on_disk = {path.name for path in LEXICONS.glob("*.txt")}
    in_readme = _readme_files()

    assert on_disk - in_readme == set(), "files missing from lexicons/README.md's table"
    assert in_readme - on_disk == set(), "README.md's table lists files that do not exist"


def _engine_readers() -> dict[str, set[str]]:
    """Which reader the engine calls on which list, from its source: a call
    read_x("name"), or read_x(variable) in a loop over literal names."""
    found = collections.defaultdict(set)
    for path in ENGINE.rglob("*.py"):
        if path.parent == LEXICONS:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        loops = [node for node in ast.walk(tree) if isinstance(node, ast.For)]
        for call in ast.walk(tree):
            if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id in lexicons.__dict__
                    and call.func.id.startswith("read_") and call.args):
                continue
            arg = call.args[0]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                found[arg.value].add(call.func.id)
            for loop in loops:
                if any(node is call for node in ast.walk(loop)):
                    for constant in ast.walk(loop.iter):
                        if isinstance(constant, ast.Constant) and constant.value in READERS:
                            found[constant.value].add(call.func.id)
    return found


def test_every_list_is_read_by_the_engine_with_the_reader_this_test_parses_it_for():
    found = _engine_readers()
    on_disk = {path.stem for path in LEXICONS.glob("*.txt")} - {OVERLAPS}

    assert set(READERS) == on_disk
    assert {name: readers for name, readers in found.items() if name in on_disk} == {
        name: {reader} for name, reader in READERS.items()
    }


# --- each list well-formed for its reader ------------------------------------


@pytest.mark.parametrize("name", LISTS)
def test_the_list_parses_with_its_reader(name):
    parsed = getattr(lexicons, READERS[name])(name)

    assert parsed, f"{name}.txt has no entries"


@pytest.mark.parametrize("name", LISTS)
def test_no_entry_is_empty(name):
    assert all(entries(name)), f"{name}.txt has an empty entry (a bare tag or '*', or an empty form between commas)"


@pytest.mark.parametrize("name", sorted(n for n, r in READERS.items() if r == "read_lines"))
def test_a_plain_list_holds_no_tag_its_reader_would_not_read(name):
    tagged = [line for line in _lines(name) if "=" in line or ">" in line]

    assert tagged == [], f"{name}.txt is read whole-line: these tags would be part of the entry"


@pytest.mark.parametrize("name", sorted(TAGS))
def test_tags_have_allowed_values(name):
    tags = {word: tag for word, tag in lexicons.read_tagged(name).items() if tag is not None}

    assert {word: tag for word, tag in tags.items() if tag not in TAGS[name]} == {}


def test_honorifics_carry_a_gender_of_m_or_f_and_a_role_in_lower_case():
    titles = lexicons.read_titles("honorifics")

    assert {t: g for t, (g, _) in titles.items() if g is not None and g not in GENDERS} == {}
    assert {t: r for t, (_, r) in titles.items() if r is not None and (r != r.casefold() or not r.strip())} == {}


@pytest.mark.parametrize("name", VERB_LISTS)
def test_verb_entries_have_a_lemma_and_forms(name):
    for line in _lines(name):
        lemma, colon, forms = line.partition(":")
        assert colon, f"{name}.txt: {line!r} is not 'lemma: forms'"
        bare = lemma.strip().removeprefix("(").removesuffix(")").strip()
        assert bare and re.fullmatch(r"\(?[^()]+\)?", lemma.strip()), f"{name}.txt: {line!r} has no lemma"
        assert lemma.strip().startswith("(") == lemma.strip().endswith(")"), f"{name}.txt: {line!r}: unbalanced ( )"
        written = [form.strip() for form in forms.split(",")]
        assert written and all(written), f"{name}.txt: {line!r} lists no form, or an empty one"
        assert all(not set("():=>") & set(form) for form in written), f"{name}.txt: {line!r}"


@pytest.mark.parametrize("name", sorted(LOWER_CASE))
def test_lists_looked_up_case_folded_are_written_case_folded(name):
    assert [e for e in entries(name) if e != e.casefold()] == []


# --- duplicates and overlaps -------------------------------------------------


@pytest.mark.parametrize("name", LISTS)
def test_no_entry_is_listed_twice(name):
    counts = collections.Counter(key(name, e) for e in entries(name))

    assert [e for e, n in counts.items() if n > 1] == []


def test_verb_lists_also_list_each_lemma_once():
    for name in VERB_LISTS:
        lemmas = collections.Counter(
            line.partition(":")[0].strip().strip("()").strip().casefold() for line in _lines(name)
        )
        assert [lemma for lemma, n in lemmas.items() if n > 1] == [], name


def test_a_form_in_two_verb_lists_has_the_same_lemma_in_both():
    # the engine keeps one lemma per form across all verb lists
    lemma_of = {name: {f.casefold(): l for f, l in lexicons.read_verbs(name).items()} for name in VERB_LISTS}
    for a, b in itertools.combinations(VERB_LISTS, 2):
        shared = lemma_of[a].keys() & lemma_of[b].keys()
        assert {f: (lemma_of[a][f], lemma_of[b][f]) for f in shared if lemma_of[a][f] != lemma_of[b][f]} == {}, (a, b)


@pytest.mark.parametrize(("part", "whole"), SUBSETS, ids=[f"{p} within {w}" for p, w in SUBSETS])
def test_a_list_documented_as_part_of_another_is(part, whole):
    within = {key(whole, e) for e in entries(whole)}

    assert [e for e in entries(part) if key(whole, e) not in within] == []


def _declared() -> list[tuple[str, str, str]]:
    declared = []
    for line in _lines(OVERLAPS):
        a, b, entry = (line.split(None, 2) + ["", "", ""])[:3]
        declared.append((*sorted((a, b)), entry.strip()))
    return declared


def _found() -> set[tuple[str, str, str]]:
    """Every entry in two lists, case-folded.  A list that is part of another
    (SUBSETS) is left out: what it shares with a third list the whole shares
    too, and is declared for the whole."""
    parts = {part for part, _ in SUBSETS}
    folded = {name: {e.casefold() for e in entries(name)} for name in LISTS if name not in parts}
    return {
        (a, b, entry)
        for a, b in itertools.combinations(sorted(folded), 2)
        for entry in folded[a] & folded[b]
    }


def test_overlap_declarations_are_well_formed():
    declared = _declared()

    assert [d for d in declared if d[0] not in READERS or d[1] not in READERS or d[0] == d[1] or not d[2]] == []
    assert [d for d, n in collections.Counter(declared).items() if n > 1] == [], "declared twice"
    assert [d for d in declared if d[2] != d[2].casefold()] == [], "entries are written case-folded"


def test_an_entry_stands_in_two_lists_only_where_declared():
    undeclared = sorted(_found() - set(_declared()))

    assert undeclared == [], (
        "entries in two lists: fix the lists, or declare each in lexicons/overlaps.txt with the reason"
    )


def test_every_declared_overlap_still_exists():
    stale = sorted(set(_declared()) - _found())

    assert stale == [], "no longer in both lists: remove these lines from lexicons/overlaps.txt"
