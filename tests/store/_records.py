"""Hand-built articles and extractions for the store tests (no model needed)."""

from __future__ import annotations

from sitrep.types import SUB_EVENT_TYPES, Article, Entity, Event, Extraction, Figure, Place, Quote

RAFAH = Place("Rafah", "Palestine", "PS", "Gaza Strip", 31.2969, 34.2455, 281129, 1)
TEL_AL_SULTAN = Place("Tel al-Sultan", "Palestine", "PS", "Gaza Strip", 31.3080, 34.2380, None, 1)
DEIR_AL_BALAH = Place("Deir al-Balah", "Palestine", "PS", "Gaza Strip", 31.4171, 34.3508, 281124, 1)
GAZA_CITY = Place("Gaza City", "Palestine", "PS", "Gaza Strip", 31.5017, 34.4668, 281133, 1)
KHARKIV = Place("Kharkiv", "Ukraine", "UA", "Kharkivska", 49.9808, 36.2527, 706483, 1)


def event(text: str, sentence: str, *, sub: str = "Air/drone strike", day: str = "2024-02-12",
          place: Place | None = RAFAH, fatalities: int | None = None, actor1: str | None = "Military Forces of Israel",
          actor2: str | None = "Civilians (Palestine)", reported_by: str | None = None) -> Event:
    start = text.index(sentence)
    return Event(SUB_EVENT_TYPES[sub], sub, start, start + len(sentence), sentence, date=day, time_precision=1,
                 actor1=actor1, actor2=actor2, place=place, fatalities=fatalities, reported_by=reported_by)


def article(id: str, text: str, *, url: str | None = None, source: str | None = None,
            published: str | None = "2024-02-12", title: str | None = None) -> Article:
    return Article(id=id, text=text, published=published, url=url, source=source, title=title)


def extraction(art: Article, *, events=(), figures=(), quotes=(), entities=()) -> Extraction:
    return Extraction(id=art.id, title=art.title, published=art.published, url=art.url, source=art.source,
                      author=art.author, events=list(events), figures=list(figures), quotes=list(quotes),
                      entities=list(entities))


def strike_report(id: str, sentence: str, fatalities: int, *, source: str, place: Place = RAFAH,
                  day: str = "2024-02-12", sub: str = "Air/drone strike") -> tuple[Article, Extraction]:
    """One outlet's report of a strike: a headline-free article of one or two sentences."""
    text = f"{sentence} Rescue teams were still searching the rubble on Monday evening."
    art = article(id, text, url=f"https://{source.lower().replace(' ', '')}.example/{id}", source=source)
    return art, extraction(art, events=[event(text, sentence, fatalities=fatalities, place=place, day=day, sub=sub)])


def rich_report() -> tuple[Article, Extraction]:
    """An article with one record of every kind, for round trips."""
    text = ('The Gaza Ministry of Health said on Monday that 27,708 people had been killed since October 7. '
            '"We are overwhelmed," said Dr Ahmed Salem, a surgeon at the Nasser hospital. '
            'An Israeli air strike on a house in Rafah killed at least 6 people.')
    s1 = text.index("27,708")
    q = text.index("We are overwhelmed,")
    e = text.index("An Israeli air strike")
    art = article("rich-1", text, url="https://news.example/rich-1", source="News Example", title="Toll rises")
    fig = Figure(27708, "killed", s1, s1 + 6, text[:text.index(" \"")], unit="people", scope="cumulative",
                 period_start="2023-10-07", as_of="2024-02-12", reported_by="Gaza Ministry of Health",
                 attribution="source", place=Place("Gaza Strip", "Palestine", "PS", None, 31.4, 34.4, None, 3))
    fig6 = Figure(6, "killed", e + 53, e + 54, text[e:], qualifier="at_least", unit="people", place=RAFAH)
    quote = Quote("We are overwhelmed,", q, q + 19, speaker="Ahmed Salem", speaker_title="surgeon",
                  speaker_type="person", cue="said")
    ev = event(text, text[e:], fatalities=6)
    ent = Entity("Rafah", "GPE", "Rafah", text.index("Rafah"), text.index("Rafah") + 5)
    return art, extraction(art, events=[ev], figures=[fig, fig6], quotes=[quote], entities=[ent])
