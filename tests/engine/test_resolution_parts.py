"""Stage tests for what the resolver asks of an article: its bodies
(``bodies.ArticleBodies``) and the names outside its quotation marks
(``prose_names.ProseNames``), each fed a built article."""

import pytest

from service.engine.bodies import ArticleBodies
from service.engine.current import reading
from service.engine.document import Article
from service.engine.prose_names import ProseNames

TEXT = (
    "OSTRAVIK, Norway — The Harwick Municipal Museum reopened on Monday after a long refit of its halls.\n\n"
    "Museum director Ilse Varga said the new wing would open in May. Varga added that the town’s mayor, "
    "Per Lund, had backed the plan."
)


@pytest.fixture
def article():
    with reading(Article.read(TEXT)) as read:
        yield read


def test_a_body_is_found_by_its_head_word(article):
    assert ArticleBodies(TEXT).organisation("museum") == "Harwick Municipal Museum"


def test_every_place_the_prose_names_a_body(article):
    named = ArticleBodies(TEXT).named("harwick municipal museum")
    assert [TEXT[start:end] for start, end, _ in named] == ["Harwick Municipal Museum"]


@pytest.mark.parametrize(
    "affiliation, role, full",
    [
        pytest.param("museum", None, "Harwick Municipal Museum", id="head-word-to-full-name"),
        pytest.param("town", None, "Ostravik", id="place-body-to-the-datelines-place"),
        pytest.param(None, "spokesman", "Lead Body", id="member-role-to-the-lead-body"),
        pytest.param("its", None, None, id="its-unsettled-is-none"),
    ],
)
def test_an_affiliation_made_a_full_name(article, affiliation, role, full):
    assert ArticleBodies(TEXT).full_affiliation(affiliation, role, lambda: "Lead Body") == full


def test_a_names_description_and_subjecthood(article):
    names = ProseNames(TEXT, [], settle=lambda mention: mention)
    varga = next(p for p in names.people if p.name == "Ilse Varga")
    described = names.described(varga)
    assert (described.role, names.is_subject(varga)) == ("director", True)
    assert names.introduction("Varga", len(TEXT)).name == "Ilse Varga"
    assert [p.name for p in names.people_named("Ilse Varga")] == ["Ilse Varga"]
