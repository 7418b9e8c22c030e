"""The gate every role and affiliation passes before an entity takes it:
clause words left out, clause fragments refused, noun phrases kept."""

import pytest

from service.engine.plausible import plausible_affiliation, plausible_role


@pytest.mark.parametrize(
    "role, kept",
    [
        pytest.param("harbour master", "harbour master", id="noun-phrase"),
        pytest.param("head of the audit unit", "head of the audit unit", id="head-before-of"),
        pytest.param("former chief engineer", "former chief engineer", id="role-modifier"),
        pytest.param("visiting lecturer", "visiting lecturer", id="participle-before-a-person-noun"),
        pytest.param("managing partner", "managing partner", id="participle-before-a-noun"),
        pytest.param("distinguished professor of botany", "distinguished professor of botany", id="participle-head-before-of"),
        pytest.param("and husband", "husband", id="conjunction-left-out"),
        pytest.param("now director", "director", id="adverb-left-out"),
        pytest.param("with senator", "senator", id="preposition-left-out"),
        pytest.param("nor", None, id="function-word-alone"),
        pytest.param("then", None, id="modifier-alone"),
        pytest.param("she never", None, id="pronoun-and-verb"),
        pytest.param("two of the four owners", None, id="quantity"),
        pytest.param("recalling long dinners", None, id="participle-clause"),
        pytest.param("casting herself", None, id="participle-and-reflexive"),
        pytest.param("forced out", None, id="participle-and-particle"),
        pytest.param("based", None, id="participle-alone"),
        pytest.param(None, None, id="none"),
    ],
)
def test_plausible_role(role, kept):
    assert plausible_role(role) == kept


@pytest.mark.parametrize(
    "affiliation, kept",
    [
        pytest.param("Corran Water", "Corran Water", id="name"),
        pytest.param("US", "US", id="capitals-are-no-pronoun"),
        pytest.param("parent company", "parent company", id="lower-case-body-word"),
        pytest.param("state parties", "state parties", id="lower-case-plural-body-word"),
        pytest.param("guild", "guild", id="one-lower-case-word-left-to-the-resolver"),
        pytest.param("the Fenwick Institute", "the Fenwick Institute", id="leading-article"),
        pytest.param("it", None, id="pronoun"),
        pytest.param("I’m", None, id="contraction"),
        pytest.param("on Radio Kell", None, id="preposition-first"),
        pytest.param("praised Ostrom", None, id="verb-and-object"),
        pytest.param("verdict about", None, id="no-body-word"),
        pytest.param("Mrs. Ostrom", "Ostrom", id="a-person-without-the-title"),
        pytest.param("Cardinal Hill University", "Cardinal Hill University", id="a-title-word-inside-a-body-name"),
        pytest.param("Shortly after", None, id="a-capitalised-clause-opening"),
        pytest.param("Harwick Foods trainee 25", None, id="a-name-then-a-clause"),
        pytest.param("Harwick Foods’ press office", "Harwick Foods’ press office", id="a-name-then-a-body-word"),
    ],
)
def test_plausible_affiliation(affiliation, kept):
    assert plausible_affiliation(affiliation) == kept

