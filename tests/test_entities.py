"""The entity recogniser on short articles written for these tests."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archiver.tagging.entities import Mention, find_mentions

ARTICLE = (
    "Harbor Town Approves New Budget\n"
    "The city council of Riverton approved the budget on Tuesday, Mayor Linda Ferraro said.\n"
    "Ferraro told reporters in Boston that the Federal Bureau of Investigation had not been involved.\n"
)


def test_mentions_are_typed_spans_into_the_text():
    mentions = find_mentions(ARTICLE)
    assert mentions
    for m in mentions:
        assert isinstance(m, Mention)
        assert m.label in {"PER", "LOC", "ORG", "MISC"}
        assert ARTICLE[m.start : m.end] == m.text
        assert 0.0 <= m.score <= 1.0


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Linda Ferraro", "PER"),
        ("Boston", "LOC"),
        ("Federal Bureau of Investigation", "ORG"),
    ],
)
def test_labels(text, label):
    found = {(m.text, m.label) for m in find_mentions(ARTICLE)}
    assert (text, label) in found


def test_mentions_do_not_overlap_and_are_in_order():
    mentions = find_mentions(ARTICLE)
    for a, b in zip(mentions, mentions[1:], strict=False):
        assert a.end <= b.start


@pytest.mark.parametrize("text", ["", "no capital letters here at all.", "12 34 56"])
def test_empty_or_nameless_text(text):
    assert find_mentions(text) == []


def test_mention_is_frozen():
    m = Mention("PER", 0, 4, "Anna", 0.9)
    with pytest.raises(AttributeError):
        m.label = "LOC"  # type: ignore[misc]


def labels_of(text):
    return {m.text: m.label for m in find_mentions(text)}


@pytest.mark.parametrize(
    "text",
    [
        "Hillside Gazette\n\nPhoto note, Meltwater covered the lane near Oakby on Sunday.\n",
        "OAKBY, June 2 (Wire) - Shoppers in Oakby queued for bread on Monday, the mayor said.\n",
        "The town had two cases last year. Statewide, nurses said the clinics were busy.\n",
    ],
)
def test_common_word_at_sentence_start_is_not_a_name(text):
    assert "PER" not in {m.label for m in find_mentions(text)}


def test_law_is_not_a_person():
    text = "Officials said Vermont’s Shelter Act limits what local police can do.\n"
    assert labels_of(text).get("Shelter Act") != "PER"


def test_surname_that_is_a_document_word_stays_a_person():
    text = "Australia's Stuart Law scored a century on Friday.\n"
    assert labels_of(text).get("Stuart Law") == "PER"


def test_short_form_of_a_company_is_not_a_person():
    text = (
        "Brightmoor Robotics said on Tuesday its profit doubled.\n"
        "Brightmoor said it would hire 200 engineers next year.\n"
    )
    labels = labels_of(text)
    assert labels.get("Brightmoor") != "PER"


def test_pronoun_contraction_is_not_a_name():
    text = '"I’m tired of waiting," said Anna Kovacs, a nurse from Leeds.\n'
    assert "I’m" not in labels_of(text)


def test_bounded_caches_change_no_result(monkeypatch):
    from archiver.tagging import entities
    from tests.articles import ALL

    texts = [t if isinstance(t, str) else t.decode("utf-8") for t in ALL.values()]
    model = entities.load_model()
    expected = [entities.find_mentions(t) for t in texts]
    monkeypatch.setattr(entities, "WORD_CACHE_SIZE", 5)
    for c in (model._consts, model._entries, model._left, model._right, model._flags):
        c.clear()
    again = [entities.find_mentions(t) for t in texts * 2]
    assert again == expected * 2
    # emptied at the start of each document once full: at most one document's worth above the bound
    assert len(model._entries) < 5 + max(len(t.split()) for t in texts)


def test_a_sure_full_name_is_found_again_where_it_was_missed():
    from archiver.tagging.entities import _repeat_names

    text = "Jesper Quillan won. Later, Jesper Quillan thanked the crowd."
    first = Mention("PER", 0, 14, "Jesper Quillan", 0.99)
    found = _repeat_names(text, [first])
    assert [(m.start, m.text) for m in found] == [(0, "Jesper Quillan"), (27, "Jesper Quillan")]


def test_missing_model_file_fails_loudly(monkeypatch):
    from archiver.errors import DataFileMissing
    from archiver.tagging import entities

    monkeypatch.setattr(entities, "MODEL_FILE", "no-such-model.json.gz")
    entities.load_model.cache_clear()
    try:
        with pytest.raises(DataFileMissing, match="no-such-model.json.gz"):
            entities.load_model()
    finally:
        monkeypatch.undo()
        entities.load_model.cache_clear()
    assert entities.load_model().weights


def test_a_rulers_number_is_part_of_the_name():
    from archiver.tagging.entities import _with_regnal_numbers

    text = "Henry VIII married six times; I think so."
    found = _with_regnal_numbers(text, [Mention("PER", 0, 5, "Henry", 0.9)])
    assert [m.text for m in found] == ["Henry VIII"]


_TOKEN_ALPHABET = "aAbBzZéÉ0 \n.,'’-()\"—Mr.Co.U.S.Conn.Inc"


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=_TOKEN_ALPHABET, max_size=80))
def test_the_fast_tokeniser_finds_the_tokens_and_offsets_of_the_reference_one(text):
    from archiver.tagging.entities import TOKEN_RE, analyse, load_model

    doc = analyse(text, load_model())
    spans = [m.span() for m in TOKEN_RE.finditer(text)]
    assert doc.toks == [text[s:e] for s, e in spans]
    assert list(zip(doc.starts, doc.ends, strict=True)) == spans


@pytest.mark.parametrize(
    "text",
    [
        "Mr. Smith met Corp. officials in Hartford, Conn., at 5 p.m.",
        "U.S. Sen. Ann O'Neill-Park’s aide",
        "Zürich's",
    ],
)
def test_the_fast_tokeniser_on_names_and_abbreviations(text):
    from archiver.tagging.entities import TOKEN_RE, analyse, load_model

    doc = analyse(text, load_model())
    assert doc.toks == TOKEN_RE.findall(text)
