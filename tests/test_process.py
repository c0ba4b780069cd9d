"""Tests for extract_many's handling of bad input: every document gets its own result, in order."""

from __future__ import annotations

import json

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from sitrep.errors import ResourceError
from sitrep.process import _run_batch, check_text, extract_many
from sitrep.types import Article, Extraction

ENGLISH = "Mortar fire killed three civilians near the market in Kupiansk on Monday, officials said."
FRENCH = ("Trois personnes ont été tuées lundi dans un bombardement sur la ville, selon les autorités "
          "locales qui ont confirmé le bilan à la presse, et plusieurs maisons ont été détruites.")


@pytest.mark.parametrize("text, problem", [
    ("", "empty document"),
    ("  \n\t ", "empty document"),
    ("x" * 1_000_001, "document too large"),
    (FRENCH, "not English"),
    (ENGLISH, None),
])
def test_process_check_text(text, problem):
    found = check_text(text)
    assert (found is None) if problem is None else (problem in found)


@Language.component("_test_explode")
def _explode(doc: Doc) -> Doc:
    if "BOOM" in doc.text:
        raise ValueError("cannot read this one")
    return doc


@pytest.mark.parametrize("texts, failed", [
    (["First article is fine and long enough.", "BOOM goes this one.", "Third is fine too."], [1]),
])
def test_process_failing_document_does_not_sink_the_batch(texts, failed):
    nlp = spacy.blank("en")
    nlp.add_pipe("_test_explode")
    arts = [Article(id=f"a{i}", text=t) for i, t in enumerate(texts)]
    results = _run_batch(nlp, arts)
    assert [r.id for r in results] == [a.id for a in arts]
    assert [i for i, r in enumerate(results) if r.errors] == failed
    assert results[failed[0]].errors == ["extract: failed: ValueError: cannot read this one"]


@pytest.mark.model
@pytest.mark.parametrize("items, expected", [
    ([
        Article(id="read-error", text="", errors=("binary file: this looks like a PDF document",)),
        {"id": "good", "text": ENGLISH, "published": "2024-03-04"},
        {"id": "empty", "text": ""},
        Article(id="french", text=FRENCH),
        Article(id="huge", text="word " * 250_000),
        ENGLISH,
    ], [
        ("read-error", "read: binary file"), ("good", None), ("empty", "read: empty document"),
        ("french", "read: not English"), ("huge", "read: document too large"), ("5", None),
    ]),
])
def test_process_extract_many_bad_input(nlp, caplog, items, expected):
    results = list(extract_many(items, batch_size=4))
    assert all(isinstance(r, Extraction) for r in results)
    got = [(r.id, r.errors[0][: len(e)] if r.errors else None) for r, (_, e) in zip(results, expected)]
    assert got == expected
    good = results[1]
    assert good.published == "2024-03-04" and good.figures
    # Read errors are carried through, led by their stage, and each bad document is logged once.
    assert results[0].errors == ["read: binary file: this looks like a PDF document"]
    for id, error in expected:
        if error:
            assert sum(id in r.getMessage() for r in caplog.records if r.levelname == "WARNING") == 1, id


@Language.component("_test_missing_data")
def _missing_data(doc: Doc) -> Doc:
    raise ResourceError("lexicon 'x' not found")


@pytest.mark.parametrize("texts", [["One article.", "Another article."]])
def test_process_missing_data_file_stops_the_run(texts):
    # Every document would fail alike: the error is the installation's, not the articles'.
    nlp = spacy.blank("en")
    nlp.add_pipe("_test_missing_data")
    with pytest.raises(ResourceError, match="not found"):
        _run_batch(nlp, [Article(id=str(i), text=t) for i, t in enumerate(texts)])


@pytest.mark.parametrize("text, problem", [
    # a terse coder's note: few English function words, yet English
    ("On 3 May 2025, IDF shelled Beit Lahia and Jabalia (North Gaza, Gaza Strip), 2 fatalities. "
     "Deir al Balah and Khan Yunis (Gaza Strip) also hit. Casualties unknown at Al Mawasi.", None),
    ("Военные заявили во вторник, что силы взяли под контроль город после боев, в которых погибли "
     "несколько человек, сообщили местные власти и жители района сегодня утром.", "Latin alphabet"),
])
def test_process_language_check_keeps_terse_english(text, problem):
    from sitrep.process import check_text

    got = check_text(text)
    assert (got is None) if problem is None else (problem in got)


@pytest.mark.model
def test_process_extract_from_threads_matches_sequential(extract):
    """The web app's thread pool and Dask's threads call extract concurrently."""
    from concurrent.futures import ThreadPoolExecutor

    texts = [
        "An airstrike on a house in Rafah killed seven people on Tuesday, officials said.",
        "Shelling of Kharkiv injured 11 civilians overnight, the regional governor said.",
        "Police arrested 43 protesters outside parliament in Nairobi on Monday.",
    ]
    expected = [extract(t, published="2024-02-07").to_dict() for t in texts]
    with ThreadPoolExecutor(4) as pool:
        got = list(pool.map(lambda t: extract(t, published="2024-02-07").to_dict(), texts * 3))
    assert got == expected * 3


@pytest.mark.model
def test_process_parsed_articles_are_released(nlp):
    """A long batch holds no parsed article it is done with: the per-article caches of the
    extractors (text, token attributes, dates, sources) let each Doc go, so memory stays flat."""
    import gc
    import weakref

    text = ("Police said a man was shot and wounded Saturday night on Elm Street. "
            "\"We heard four shots,\" said neighbour Ana Diaz.")
    first = nlp(text)
    gone = weakref.ref(first)
    del first
    for _ in range(10):
        nlp(text)
    gc.collect()
    assert gone() is None


@pytest.mark.model
@pytest.mark.parametrize("text", [
    "Shelling killed four people in Kherson\x00 on Monday,\x07 the governor said.",
    "Shelling killed four people in Kherson \ud800on Monday, the governor said.",
    "Shelling killed four people in Kherson on Monday.\rThe governor said so.",
])
def test_process_texts_given_directly_are_cleaned_with_offsets_kept(nlp, text):
    result = list(extract_many([{"id": "x", "text": text, "published": "2024-05-20"}]))[0]
    assert not result.errors and [f.value for f in result.figures] == [4]
    fig = result.figures[0]
    assert text[fig.start:fig.end].startswith("four")  # an offset into the text as given
    json.dumps(result.to_dict()).encode("utf-8")  # writable: no lone surrogate left
