"""Place.geo_confidence through the store and the API: a far-off reading of a name is kept, marked uncertain."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

from fastapi.testclient import TestClient

from sitrep.serve.api import create_app
from sitrep.store import connect, iter_extractions, save_article
from sitrep.types import Place

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from store._records import RAFAH, article, event, extraction  # noqa: E402

#: A namesake a world away from the rest of its article, kept with a low confidence.
FAR_MARION = Place("Marion", "United States", "US", "Iowa", 42.0341, -91.5977, 4866263, 1, geo_confidence=0.3)


def _store(path) -> str:
    engine = connect(str(path))
    with engine.begin() as conn:
        for id_, place in (("near", RAFAH), ("far", FAR_MARION)):
            text = f"An air strike hit a house in the town on Sunday, killing 4 people. Report {id_} ends here."
            sentence = text.split(" Report")[0]
            art = article(id_, text, url=f"https://wire.example/{id_}", source="Example Wire")
            save_article(conn, art, extraction(art, events=[event(text, sentence, place=place)]))
    engine.dispose()
    return str(path)


def test_place_confidence_round_trips_through_the_store(tmp_path):
    url = _store(tmp_path / "c.db")
    engine = connect(url)
    with engine.connect() as conn:
        places = {a.id: r.events[0].place for a, r in iter_extractions(conn)}
    engine.dispose()
    assert places["far"] == FAR_MARION
    assert places["near"].geo_confidence == 1.0 == dataclasses.replace(RAFAH).geo_confidence


def test_map_points_flag_uncertain_places_and_the_event_says_so(tmp_path):
    with TestClient(create_app(_store(tmp_path / "m.db"))) as client:
        points = client.get("/api/events/points").json()
        flags = dict(zip(points["lat"], points["uncertain"]))
        assert flags == {round(RAFAH.lat, 4): False, round(FAR_MARION.lat, 4): True}
        far_id = points["id"][points["uncertain"].index(True)]
        detail = client.get(f"/api/events/{far_id}").json()
    assert detail["place"]["geo_confidence"] == 0.3
