"""Fuzz inputs: small article templates of the team's own writing, and the mutations applied to them.

Every text here was written for this suite (none comes from the development sets). The sentences
are plain conflict-report shapes (a toll, a quote, a displacement) so the pipeline has real work
to do; the hostility comes from how the builders wrap, encode, repeat or break them.
"""

from __future__ import annotations

import json
import random

PLACES = ("Kharkiv", "Mosul", "Goma", "Bamako", "Aleppo", "Marib", "Bunia", "Sittwe", "Kismayo",
          "Tillaberi", "Idlib", "Malakal", "Bentiu", "Kidal", "Sanaa", "Dnipro", "Beni", "Gao")
SOURCES = ("the health ministry", "local officials", "a United Nations agency", "the regional governor",
           "the police", "a hospital director", "residents", "an aid group", "the army")
SPEAKERS = ("Amal Haddad", "Pieter Vos", "Grace Otieno", "Tomas Ruiz", "Leila Sabry", "Oumar Diallo",
            "Nadia Petrenko", "Samuel Okafor")
TITLES = ("nurse", "village elder", "spokesman", "teacher", "district official", "camp manager")
ACTORS = ("government forces", "an armed group", "rival militias", "security forces", "rebel fighters")
ATTACKS = ("air strike", "shelling", "ambush", "drone attack", "car bomb", "raid", "mortar fire")
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
        "3 March", "last week", "12 November 2024", "yesterday")
KILL_VERBS = ("killed", "wounded", "injured", "hurt", "displaced", "detained", "abducted")
QUALIFIERS = ("", "at least ", "more than ", "nearly ", "up to ", "about ")

SENTENCES = (
    "{Qual}{n} people were {verb} when {attack_a} hit {place} on {day}, {source} said.",
    "{Source} said {n} civilians were hurt in {place} overnight.",
    "At least {n} homes were destroyed in the {attack} near {place}.",
    '"We buried {n} of our neighbours this week," {speaker}, a {title} in {place}, told reporters.',
    "Fighting between {actor} and {actor2} forced {n} families to leave {place} since {day}.",
    "{Source} reported {n} men held at a checkpoint outside {place} on {day}.",
    "{n} people are still missing after the {attack} on {day}, according to {source}.",
    "Residents of {place} said the guns went quiet only at dawn.",
    "A convoy reached {place} on {day} with food for {n} households.",
    "{Speaker} said the clinic in {place} had run out of bandages.",
    "The {attack} on {day} left {n} dead and many more wounded, {source} told the press.",
    "Schools in {place} stayed shut for a {ordinal} day.",
)
NUMBER_WORDS = ("two", "three", "five", "seven", "eleven", "twelve", "twenty", "dozens of", "hundreds of")
ORDINALS = ("second", "third", "fourth", "fifth", "tenth")
#: Non-ASCII snippets that stress decoders: accents, typographic marks, other scripts, emoji.
NON_ASCII = ("café", "Zürich", "São Tomé", "naïve", "—", "“quoted”", "‘single’", "…", "€25", "½",
             "Łódź", "Ελλάδα", "Київ", "العربية", "中文报道", "日本語", "🙂", "👩🏽‍⚕️", "ﬁ", "e\u0301")


def number(rng: random.Random) -> str:
    """A plausible count, as digits or words."""
    if rng.random() < 0.25:
        return rng.choice(NUMBER_WORDS)
    return str(rng.choice((rng.randint(1, 40), rng.randint(2, 900), rng.randint(1000, 60000))))


def sentence(rng: random.Random, n: str | None = None) -> str:
    """One sentence from the templates with its slots filled; ``n`` forces the count."""
    count = n if n is not None else number(rng)
    source, speaker, qual = rng.choice(SOURCES), rng.choice(SPEAKERS), rng.choice(QUALIFIERS)
    attack = rng.choice(ATTACKS)
    slots = {
        "n": count, "Qual": qual.capitalize() if qual else "", "verb": rng.choice(KILL_VERBS), "attack": attack,
        "attack_a": f"an {attack}" if attack[0] in "aeiou" else f"a {attack}", "place": rng.choice(PLACES),
        "day": rng.choice(DAYS), "source": source, "Source": source[0].upper() + source[1:], "speaker": speaker,
        "Speaker": speaker, "title": rng.choice(TITLES), "actor": rng.choice(ACTORS), "actor2": rng.choice(ACTORS),
        "ordinal": rng.choice(ORDINALS),
    }
    text = rng.choice(SENTENCES).format(**slots)
    return text[0].upper() + text[1:] if text else text


def paragraph(rng: random.Random, sentences: int | None = None) -> str:
    """One to four sentences."""
    return " ".join(sentence(rng) for _ in range(sentences or rng.randint(1, 4)))


def article(rng: random.Random, paragraphs: int | None = None) -> str:
    """A short article: one to five paragraphs separated by blank lines."""
    return "\n\n".join(paragraph(rng) for _ in range(paragraphs or rng.randint(1, 5))) + "\n"


def title(rng: random.Random) -> str:
    """A headline."""
    return f"{rng.choice(ATTACKS).capitalize()} in {rng.choice(PLACES)} leaves {number(rng)} dead"


def accented(rng: random.Random) -> str:
    """An article with non-ASCII words mixed in (for encodings and truncation)."""
    words = article(rng, rng.randint(1, 3)).split(" ")
    for _ in range(max(1, len(words) // 6)):
        words.insert(rng.randrange(len(words) + 1), rng.choice(NON_ASCII))
    return " ".join(words)


def html_page(rng: random.Random, body: str | None = None, *, head: str = "", page_title: str | None = None) -> str:
    """A small news page: head (with ``head`` added), a headline and the article's paragraphs."""
    text = body if body is not None else "".join(f"<p>{p}</p>\n" for p in article(rng).split("\n\n") if p.strip())
    name = page_title if page_title is not None else title(rng)
    return (f"<!DOCTYPE html>\n<html lang=\"en\"><head>{head}<title>{name}</title></head>\n"
            f"<body><nav><a href=\"/\">Home</a></nav><article><h1>{name}</h1>\n{text}</article>"
            f"<footer>Copyright</footer></body></html>\n")


# ── byte mutations ─────────────────────────────────────────────────────────────────────────────

def truncate(rng: random.Random, data: bytes) -> bytes:
    """``data`` cut at a random point (never empty when ``data`` is not)."""
    return data[: rng.randint(1, max(1, len(data) - 1))]


def insert(rng: random.Random, data: bytes, piece: bytes, times: int = 1) -> bytes:
    """``piece`` inserted at ``times`` random offsets."""
    for _ in range(times):
        at = rng.randint(0, len(data))
        data = data[:at] + piece + data[at:]
    return data


def flip(rng: random.Random, data: bytes, times: int) -> bytes:
    """``times`` random bytes replaced by random values."""
    buf = bytearray(data)
    for _ in range(times if buf else 0):
        buf[rng.randrange(len(buf))] = rng.randrange(256)
    return bytes(buf)


def splice(rng: random.Random, data: bytes, size: int) -> bytes:
    """``size`` random bytes put in at a random offset."""
    return insert(rng, data, rng.randbytes(size))


def mutate(rng: random.Random, data: bytes) -> tuple[bytes, str]:
    """One random mutation of ``data`` and its name (for the input's description)."""
    kind = rng.choice(("truncate", "nul", "control", "flip", "splice", "duplicate", "delete"))
    if kind == "truncate":
        return truncate(rng, data), kind
    if kind == "nul":
        return insert(rng, data, b"\x00", rng.randint(1, 8)), kind
    if kind == "control":
        return insert(rng, data, bytes([rng.choice((1, 2, 7, 8, 11, 27, 31, 127))]), rng.randint(1, 8)), kind
    if kind == "flip":
        return flip(rng, data, rng.randint(1, 12)), kind
    if kind == "splice":
        return splice(rng, data, rng.randint(1, 64)), kind
    a, b = sorted(rng.randrange(len(data) + 1) for _ in range(2))
    if kind == "duplicate":
        return data[:b] + data[a:b] + data[b:], kind
    return data[:a] + data[b:], kind


# ── JSON Lines ─────────────────────────────────────────────────────────────────────────────────

def record(rng: random.Random, rid: str, **extra: object) -> dict:
    """A well-formed record with id ``rid``, a short text and, often, some metadata."""
    rec: dict = {"id": rid, "text": article(rng, rng.randint(1, 2))}
    if rng.random() < 0.5:
        rec["published"] = f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    if rng.random() < 0.3:
        rec["title"] = title(rng)
    if rng.random() < 0.3:
        rec["source"] = rng.choice(("Daily Courier", "Radio Sahel", "Field Notes"))
    rec.update(extra)
    return rec


def records(rng: random.Random, marker: str, n: int, start: int = 0) -> list[str]:
    """``n`` well-formed records as JSON lines (no line ending), ids ``<marker>/r<k>``."""
    return [dumps(rng, record(rng, f"{marker}/r{start + k}")) for k in range(n)]


def dumps(rng: random.Random, item: object) -> str:
    """JSON on one line, ASCII-escaped or not at random (both are valid JSON Lines)."""
    return json.dumps(item, ensure_ascii=rng.random() < 0.5)


def join_lines(lines: list[str], ending: str = "\n", *, final: bool = True) -> str:
    """Lines joined with ``ending`` (and ended with it when ``final``)."""
    return ending.join(lines) + (ending if final and lines else "")
