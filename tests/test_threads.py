"""Tests that extraction runs on several threads at once with no lock, as the web app's thread pool
and a Dask worker with several threads run it: each article's state lives on its own Doc."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from sitrep.extractors.context import CONTEXT_KEY, DocContext, doc_context

#: Short articles written for these tests, each with its own places, dates, people and counts, so
#: that state leaking from one article into another changes a result.
ARTICLES = [
    ("kharkiv", "2024-05-20",
     "Two civilians were killed and nine wounded when a missile hit a bus stop in Kharkiv on Sunday, "
     "regional governor Oleh Syniehubov said. \"They struck in the middle of the day,\" he said."),
    ("rafah", "2024-02-12",
     "An air strike on a house in Rafah killed 11 people overnight, the Gaza health ministry said on "
     "Monday. Medics said four children were among the dead."),
    ("el-fasher", "2024-06-03",
     "Fighters of the Rapid Support Forces shelled a camp for displaced people near El Fasher on "
     "Saturday, killing six, according to a local resistance committee."),
    ("nairobi", "2024-06-26",
     "Police in Nairobi arrested 40 protesters on Tuesday after clashes outside parliament, "
     "interior minister Kithure Kindiki told reporters. Three people were injured."),
    ("mogadishu", "2024-08-04",
     "A suicide bomber blew himself up at a beach restaurant in Mogadishu on Friday evening, killing "
     "at least 32 people, police spokesman Abdifatah Aden said."),
    ("khartoum", "2024-03-11",
     "Army artillery struck Omdurman market last Thursday, killing 15 traders, the Sudan Doctors "
     "Network said in a statement on Saturday."),
]


def _extract_all(extract) -> dict[str, dict]:
    return {name: extract(text, published=pub, id=name).to_dict() for name, pub, text in ARTICLES}


@pytest.fixture(scope="module")
def sequential(extract) -> dict[str, dict]:
    return _extract_all(extract)


@pytest.mark.model
def test_threads_extract_concurrently_matches_one_at_a_time(extract, sequential):
    runs = ARTICLES * 4  # every article several times, all in flight together
    with ThreadPoolExecutor(max_workers=6) as pool:
        results = list(pool.map(lambda a: extract(a[2], published=a[1], id=a[0]).to_dict(), runs))
    assert all(sequential[r["id"]]["events"] for r in results)  # the articles do report incidents
    for got in results:
        assert got == sequential[got["id"]]


@pytest.mark.model
def test_threads_extract_in_a_dask_worker_with_several_threads(extract, sequential):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=4, processes=False,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        futures = [client.submit(_extract_one, name, pub, text, pure=False)
                   for name, pub, text in ARTICLES * 3]
        results = client.gather(futures)
    for got in results:
        assert got == sequential[got["id"]]


def _extract_one(name: str, published: str, text: str) -> dict:
    import sitrep

    return sitrep.extract(text, published=published, id=name).to_dict()


def test_threads_context_lives_on_its_doc_and_is_not_copied():
    spacy = pytest.importorskip("spacy")
    nlp = spacy.blank("en")
    doc = nlp("Shelling hit Kherson on Monday.")
    ctx = doc_context(doc)
    assert isinstance(ctx, DocContext) and doc_context(doc) is ctx
    assert doc.user_data[CONTEXT_KEY] is ctx and ctx.text == doc.text
    other = nlp("Shelling hit Kherson on Monday.")
    assert doc_context(other) is not ctx  # two Docs of one text share nothing
    assert doc_context(doc.copy()) is not ctx  # a copied Doc builds its own
