"""Names: cleaning person, place and source names, and the particles that may stand inside them.

Every stage that reads a name cleans it here: the parse stage's people ruler (name particles), and
the extractors of entities and speakers (person names), places (toponyms), attribution (sources)
and actors (alias look-up). The cleanings differ on purpose, each fitted to what its extractor
compares the name with (a PERSON span, a gazetteer key, the sources table); they share the
particle list (``data/lexicons/en/name_particles.tsv``) and the honorifics. The module sits at the
package root, beside ``gazetteer``, so that ``parse`` uses it without importing ``extractors``.
"""

from __future__ import annotations

from sitrep.resources import lexicon_set, load_groups, word_group

#: Possessive endings dropped from an entity's name ("Hamas's" -> "Hamas"), the first that matches.
_POSSESSIVE = ("'s", "’s", "'", "’")
_LEADING = ("the ", "The ")
#: Possessive endings dropped from a toponym ("Gaza's" -> "Gaza"), each in turn.
_PLACE_POSSESSIVE = ("'s", "’s")


def particles(group: str) -> frozenset[str]:
    """Lower-case words that may stand inside a name of one kind (a group of name_particles.tsv).

    Args:
        group: ``person``, ``place``, ``place_part``, ``source`` or ``source_minor``.

    Raises:
        ResourceError: the particle list has no such group.
    """
    return word_group("name_particles", group)


def particles_in_order(group: str) -> tuple[str, ...]:
    """The particles of ``group`` in file order (for regular expressions, where order counts)."""
    return load_groups("name_particles")[group]


def squash_spaces(text: str) -> str:
    """The text on one line with single spaces ("Khan\\n Yunis" -> "Khan Yunis")."""
    return " ".join(text.split())


def clean_name(text: str) -> str:
    """An entity's surface text without line breaks, leading 'the' or a trailing possessive."""
    name = squash_spaces(text)
    for p in _POSSESSIVE:
        if name.endswith(p) and len(name) > len(p) + 1:
            name = name[: -len(p)]
            break
    for lead in _LEADING:
        if name.startswith(lead) and len(name) > len(lead):
            name = name[len(lead):]
    return name


def person_words(text: str) -> list[str]:
    """The words of a person's name without honorifics before it ("Gen. Sami Ali" -> Sami, Ali),
    with straight apostrophes ("O’Neill" -> "O'Neill").

    A one-word name keeps its word, even an honorific ("President" alone).
    """
    words = clean_name(text).replace("\u2019", "'").split()
    honorifics = lexicon_set("honorifics")
    while len(words) > 1 and words[0].rstrip(".").lower() in honorifics:
        words = words[1:]
    return words


def clean_place(name: str) -> str:
    """A toponym as the gazetteer looks it up: one line, no edge punctuation, leading 'the' or
    possessive ("the Gaza Strip's" -> "Gaza Strip")."""
    name = squash_spaces(name).strip(" ,.;:")
    if name.lower().startswith("the "):
        name = name[4:]
    for tail in _PLACE_POSSESSIVE:
        name = name.removesuffix(tail)
    return name


def clean_source(text: str) -> str:
    """A reporting source's phrase as the sources table looks it up: one line, straight apostrophes,
    no edge punctuation or quotes, no leading determiners ("its health ministry" -> "health ministry")."""
    name = squash_spaces(text.replace("\u2019", "'")).strip(" ,.;:\"'")
    words = name.split(" ")
    leads = word_group("determiners", "source_lead")
    while words and words[0].lower() in leads:
        words = words[1:]
    return " ".join(words)


def title_case_source(words: str) -> str:
    """A lower-case source name title-cased, its minor words left lower ("ministry of health" ->
    "Ministry of Health")."""
    minor = particles("source_minor")
    return " ".join(w if w in minor else w.capitalize() for w in words.split())


def initials(name: str) -> str:
    """The acronym a name's capitalised words spell ("Syrian Democratic Forces" -> "SDF"; "Committee
    to Protect Journalists" -> "CPJ"), its minor words left out; "" for a name of one word."""
    minor = particles("source_minor")
    words = [w for w in squash_spaces(name).replace("-", " ").split() if w.lower() not in minor]
    words = [w for w in words if w[:1].isupper()]
    return "".join(w[0] for w in words) if len(words) >= 2 else ""


def lookup_words(text: str) -> list[str]:
    """Lower-case words of a phrase for alias look-up: straight apostrophes, hyphens as words of
    their own ("pro-government" -> pro, -, government)."""
    return text.lower().replace("\u2019", "'").replace("-", " - ").split()


__all__ = ["clean_name", "clean_place", "clean_source", "initials", "lookup_words", "particles", "particles_in_order",
           "person_words", "squash_spaces", "title_case_source"]
