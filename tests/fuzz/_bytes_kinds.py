"""Fuzz inputs: byte-level classes: binary files, truncated text, wrong or mixed encodings, empty files.

Each builder takes the input's random generator and its folder marker and returns a Draft. File
names are plain here (odd names are the ``names`` class); suffixes vary so every reader is hit.
"""

from __future__ import annotations

import codecs
import json
import random

from . import _text as t
from ._model import Draft, FuzzFile

DOC_SUFFIXES = (".txt", ".txt", ".html", ".jsonl", ".htm", ".text", ".ndjson", ".xhtml")

#: Signatures of files people drop into a folder of articles (some sitrep names, most it does not).
MAGICS: tuple[tuple[str, bytes], ...] = (
    ("pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"), ("zip", b"PK\x03\x04\x14\x00\x06\x00"),
    ("gzip", b"\x1f\x8b\x08\x00"), ("png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
    ("jpeg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00"), ("gif", b"GIF89a\x01\x00\x01\x00"),
    ("ole", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"), ("elf", b"\x7fELF\x02\x01\x01\x00"),
    ("sqlite", b"SQLite format 3\x00\x10\x00"), ("wasm", b"\x00asm\x01\x00\x00\x00"),
    ("pe", b"MZ\x90\x00\x03\x00\x00\x00"), ("wav", b"RIFF\x24\x08\x00\x00WAVEfmt "),
    ("mp3", b"ID3\x04\x00\x00\x00\x00\x00\x23"), ("ogg", b"OggS\x00\x02"), ("bmp", b"BM\x36\x00\x0c\x00"),
    ("java", b"\xca\xfe\xba\xbe\x00\x00\x00\x34"), ("7z", b"7z\xbc\xaf\x27\x1c\x00\x04"),
    ("rar", b"Rar!\x1a\x07\x01\x00"), ("xz", b"\xfd7zXZ\x00\x00"), ("bz2", b"BZh91AY&SY"),
    ("ico", b"\x00\x00\x01\x00\x01\x00"), ("utf16-bom-binary", b"\xff\xfe\x00\xd8\x00\x00"),
    ("rtf", b"{\\rtf1\\ansi\\deff0 "), ("postscript", b"%!PS-Adobe-3.0\n"),
)
NON_DOC_SUFFIXES = (".png", ".pdf", ".bin", ".docx", ".zip", ".jpg", ".json", ".csv", ".md", ".xml")


def _name(rng: random.Random, suffix: str | None = None) -> str:
    return f"{rng.choice(('report', 'page', 'feed', 'story', 'note', 'update'))}{rng.randint(0, 99)}" + (
        suffix or rng.choice(DOC_SUFFIXES))


def _one(kind: str, description: str, name: str, data: bytes, **flags: object) -> Draft:
    """A Draft of one file, one document; a .jsonl of bytes may fairly report several "lines"."""
    if name.endswith((".jsonl", ".ndjson")):
        flags.setdefault("extra_ok", True)
    return Draft(kind, description, [FuzzFile(name, data)], **flags)


# ── binary ─────────────────────────────────────────────────────────────────────────────────────

def binary_magic(rng: random.Random, marker: str) -> Draft:
    label, magic = rng.choice(MAGICS)
    data = magic + rng.randbytes(rng.randint(16, 4096))
    name = _name(rng)
    return _one(f"binary/magic-{label}", f"{label} signature and {len(data)} random bytes named {name}", name, data)


def binary_random(rng: random.Random, marker: str) -> Draft:
    data = rng.randbytes(rng.randint(1, 4096))
    name = _name(rng)
    return _one("binary/random", f"{len(data)} random bytes named {name}", name, data)


def binary_nul(rng: random.Random, marker: str) -> Draft:
    text = t.article(rng).encode()
    n = rng.choice((1, 1, 3, 20, len(text) // 4 or 1))
    name = _name(rng, rng.choice((".txt", ".html")))
    data = t.insert(rng, text, b"\x00", n)
    return _one("binary/nul-laden", f"an article with {n} NUL bytes inserted, {name}", name, data)


def binary_control(rng: random.Random, marker: str) -> Draft:
    text = t.article(rng)
    chars = [chr(c) for c in (*range(1, 9), 11, 12, *range(14, 32), 127, *range(0x80, 0xA0))]
    n = rng.choice((1, 5, 40, len(text) // 3 or 1))
    for _ in range(n):
        at = rng.randint(0, len(text))
        text = text[:at] + rng.choice(chars) + text[at:]
    name = _name(rng, rng.choice((".txt", ".html", ".text")))
    return _one("binary/control-chars", f"an article with {n} C0/C1 control characters, {name}", name,
                text.encode())


def binary_mutated(rng: random.Random, marker: str) -> Draft:
    data, steps = t.accented(rng).encode(), []
    for _ in range(rng.randint(1, 3)):
        data, step = t.mutate(rng, data)
        steps.append(step)
    name = _name(rng, rng.choice((".txt", ".html")))
    return _one("binary/mutated", f"an article after byte mutations ({', '.join(steps)}), {name}", name, data)


def binary_non_document(rng: random.Random, marker: str) -> Draft:
    label, magic = rng.choice(MAGICS)
    name = _name(rng, rng.choice(NON_DOC_SUFFIXES))
    data = magic + rng.randbytes(rng.randint(16, 512))
    return _one("binary/non-document-suffix", f"{label} bytes named {name} (not a document: must be reported)",
                name, data, reported_ok=True)


def binary_jsonl_lines(rng: random.Random, marker: str) -> Draft:
    lines = t.records(rng, marker, rng.randint(1, 4))
    junk = [bytes(b for b in rng.randbytes(rng.randint(1, 200)) if b not in b"\r\n\x00") or b"\xff"
            for _ in range(rng.randint(1, 3))]
    mixed: list[bytes] = [line.encode() for line in lines]
    for j in junk:
        mixed.insert(rng.randint(0, len(mixed)), j)
    return Draft("binary/jsonl-binary-lines", f"JSON Lines with {len(junk)} random-byte lines among "
                 f"{len(lines)} records", [FuzzFile("feed.jsonl", b"\n".join(mixed) + b"\n")], docs=len(mixed))


BINARY = {
    "magic": binary_magic, "random": binary_random, "nul-laden": binary_nul, "control": binary_control,
    "mutated": binary_mutated, "non-document": binary_non_document, "jsonl-lines": binary_jsonl_lines,
}


# ── truncated ──────────────────────────────────────────────────────────────────────────────────

def _cut_in_char(rng: random.Random, data: bytes) -> bytes:
    """``data`` cut inside a multi-byte UTF-8 character (at the end if it has none)."""
    starts = [i for i, b in enumerate(data) if b >= 0xC0]
    if not starts:
        return data + "é".encode()[:1]
    at = rng.choice(starts)
    return data[: at + 1]


def truncated_utf8(rng: random.Random, marker: str) -> Draft:
    name = _name(rng, rng.choice((".txt", ".text", ".html")))
    data = _cut_in_char(rng, t.accented(rng).encode())
    return _one("truncated/utf8-end", f"UTF-8 text cut inside a multi-byte character ({len(data)} bytes), {name}",
                name, data)


def truncated_utf8_middle(rng: random.Random, marker: str) -> Draft:
    data = t.accented(rng).encode()
    starts = [i for i, b in enumerate(data) if b >= 0xC0] or [0]
    at = rng.choice(starts)
    data = data[: at + 1] + data[at + 2:] if at + 2 <= len(data) else data[:-1]
    name = _name(rng, ".txt")
    return _one("truncated/utf8-middle", f"UTF-8 text missing a continuation byte mid-file, {name}", name, data)


HTML_CUTS = ("<a href=\"https://exa", "<!-- editor's note: ", "<script>var tag = \"", "&am", "<p class='le",
             "<", "</", "<![CDATA[ raw", "<title>Unfinished", "<table><tr><td>cell", "<img src=x alt=\"")


def truncated_html(rng: random.Random, marker: str) -> Draft:
    page = t.html_page(rng).encode()
    if rng.random() < 0.5:
        cut = rng.choice(HTML_CUTS)
        data, how = t.truncate(rng, page) + cut.encode(), f"ending in {cut!r}"
    else:
        data = t.truncate(rng, page)
        how = f"cut at byte {len(data)}"
    name = _name(rng, rng.choice((".html", ".htm")))
    return _one("truncated/html", f"an HTML page {how}, {name}", name, data)


def truncated_jsonl(rng: random.Random, marker: str) -> Draft:
    lines = t.records(rng, marker, rng.randint(1, 6))
    last = lines[-1]
    tail = rng.choice(("", "\\u12", "\\", '"', "12", "{", "[", "tru"))
    lines[-1] = last[: rng.randint(1, len(last) - 1)] + tail
    final = rng.random() < 0.5
    return Draft("truncated/jsonl",
                 f"JSON Lines of {len(lines)} records, the last cut short{' (no newline)' * (not final)}",
                 [FuzzFile("feed.jsonl", t.join_lines(lines, final=final).encode())], docs=len(lines))


def truncated_jsonl_utf8(rng: random.Random, marker: str) -> Draft:
    lines = t.records(rng, marker, rng.randint(1, 4))
    bad = rng.randrange(len(lines))
    rec = json.loads(lines[bad])
    rec["text"] = t.accented(rng)
    raw = [line.encode() for line in lines]
    raw[bad] = _cut_in_char(rng, json.dumps(rec, ensure_ascii=False).encode()) + b'"}'
    return Draft("truncated/jsonl-utf8",
                 f"JSON Lines of {len(lines)} records, record {bad + 1} with a cut UTF-8 character",
                 [FuzzFile("feed.jsonl", b"\n".join(raw) + b"\n")], docs=len(lines))


TRUNCATED = {
    "utf8-end": truncated_utf8, "utf8-middle": truncated_utf8_middle, "html": truncated_html,
    "jsonl": truncated_jsonl, "jsonl-utf8": truncated_jsonl_utf8,
}


# ── encodings ──────────────────────────────────────────────────────────────────────────────────

WIDE = ("utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")
BOM = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE, "utf-32-le": codecs.BOM_UTF32_LE,
       "utf-32-be": codecs.BOM_UTF32_BE, "utf-8": codecs.BOM_UTF8}
#: Legacy encodings, each with text it can encode (Cyrillic and Japanese ones are non-English:
#: their documents owe an error record, not a crash).
LEGACY = (("cp1252", "“Curfew” in {place} — €{n} fines"), ("latin-1", "Señor Peña from Bogotá, {n} ñandúes"),
          ("koi8-r", "Обстрел {place}: погибли {n} человек"), ("shift_jis", "{place}で{n}人が死亡"),
          ("gb18030", "{place}袭击造成{n}人死亡"), ("mac_roman", "Café “{place}” — {n} • fines"),
          ("cp437", "Résumé of {place}: {n} ½ hurt"), ("iso-8859-7", "Επίθεση στο {place}: {n} νεκροί"))


def _legacy_text(rng: random.Random, enc: str, sample: str) -> str:
    line = sample.format(place=rng.choice(t.PLACES), n=t.number(rng))
    return f"{t.paragraph(rng)}\n\n{line}\n\n{t.paragraph(rng)}\n"


def encoding_wide(rng: random.Random, marker: str) -> Draft:
    enc, bom = rng.choice(WIDE + ("utf-8",)), rng.random() < 0.6
    fmt = rng.choice(("txt", "html", "jsonl"))
    head = BOM[enc] if bom else b""
    label = f"{enc}{' with BOM' if bom else ' without BOM'}"
    if fmt == "jsonl":
        lines = t.records(rng, marker, rng.randint(1, 5))
        data = head + t.join_lines(lines).encode(enc)
        # Without a BOM the records cannot be found without guessing: one error for the file will do.
        return Draft(f"encoding/jsonl-{enc}{'-bom' * bom}", f"JSON Lines of {len(lines)} records in {label}",
                     [FuzzFile("feed.jsonl", data)], docs=len(lines), whole_ok=not bom and enc != "utf-8")
    text = t.accented(rng) if fmt == "txt" else t.html_page(rng, head='<meta charset="utf-8">' * (rng.random() < 0.5))
    name = _name(rng, f".{fmt}")
    what = "a text" if fmt == "txt" else "an HTML page"
    return _one(f"encoding/{fmt}-{enc}{'-bom' * bom}", f"{what} in {label}, {name}",
                name, head + text.encode(enc))


def encoding_legacy(rng: random.Random, marker: str) -> Draft:
    enc, sample = rng.choice(LEGACY)
    text = _legacy_text(rng, enc, sample)
    fmt = rng.choice(("txt", "html", "jsonl"))
    if fmt == "jsonl":
        lines = t.records(rng, marker, rng.randint(0, 3))
        rec = json.dumps({"id": f"{marker}/legacy", "text": text}, ensure_ascii=False).encode(enc, "replace")
        raw = [line.encode() for line in lines]
        raw.insert(rng.randint(0, len(raw)), rec)
        return Draft(f"encoding/jsonl-{enc}", f"JSON Lines with one record's bytes in {enc}", [
            FuzzFile("feed.jsonl", b"\n".join(raw) + b"\n")], docs=len(raw))
    body = text if fmt == "txt" else t.html_page(rng, "".join(f"<p>{p}</p>" for p in text.split("\n\n")))
    name = _name(rng, f".{fmt}")
    return _one(f"encoding/{fmt}-{enc}", f"{fmt} in {enc}, {name}", name, body.encode(enc, "replace"))


def encoding_mixed(rng: random.Random, marker: str) -> Draft:
    parts = [t.paragraph(rng) + " " + rng.choice(("café", "“Ceasefire”", "naïve", "€40", "Peña"))
             for _ in range(rng.randint(2, 5))]
    encs = [rng.choice(("utf-8", "cp1252", "latin-1")) for _ in parts]
    data = b"\n\n".join(p.encode(e, "replace") for p, e in zip(parts, encs))
    name = _name(rng, rng.choice((".txt", ".html")))
    return _one("encoding/mixed", f"paragraphs in {'+'.join(encs)} in one file, {name}", name, data)


INVALID_UTF8 = (("overlong", b"\xc0\xaf"), ("overlong-3", b"\xe0\x80\xaf"), ("cesu-surrogate", b"\xed\xa0\x80"),
                ("surrogate-pair-cesu", b"\xed\xa0\xbd\xed\xb8\x80"), ("f5-ff", b"\xf5\xfe\xff"),
                ("above-10ffff", b"\xf4\x90\x80\x80"), ("lone-continuation", b"\x80\xbf"), ("bare-lead", b"\xe2 "))


def encoding_invalid_utf8(rng: random.Random, marker: str) -> Draft:
    label, seq = rng.choice(INVALID_UTF8)
    n = rng.choice((1, 2, 10))
    name = _name(rng, rng.choice((".txt", ".html", ".jsonl")))
    if name.endswith(".jsonl"):
        lines = t.records(rng, marker, rng.randint(1, 4))
        raw = [line.encode() for line in lines]
        k = rng.randrange(len(raw))
        cut = raw[k].index(b'"text": "') + 9
        raw[k] = raw[k][:cut] + seq * n + raw[k][cut:]
        return Draft(f"encoding/jsonl-{label}", f"JSON Lines with {label} bytes in record {k + 1}'s text",
                     [FuzzFile(name, b"\n".join(raw) + b"\n")], docs=len(raw))
    data = t.insert(rng, t.article(rng).encode(), seq, n)
    return _one(f"encoding/{label}", f"an article with {n} {label} sequence(s), {name}", name, data)


SURROGATES = ("\\ud800", "\\udfff", "\\udc00\\ud800", "\\ud83d", "x\\ud800y", "\\udcff\\udcfe", "\\ud800\\ud800")
JSON_FIELDS = ("text", "text", "title", "source", "author", "url", "id", "published", "html")


def encoding_lone_surrogate(rng: random.Random, marker: str) -> Draft:
    lines = t.records(rng, marker, rng.randint(0, 3))
    esc, fld = rng.choice(SURROGATES), rng.choice(JSON_FIELDS)
    rec = t.record(rng, f"{marker}/sur")
    def quoted(s: str) -> str:  # JSON-escaped, without the quotes, to sit beside the raw escape
        return json.dumps(s)[1:-1]

    value = {"text": f"{quoted(t.sentence(rng))} {esc} {quoted(t.sentence(rng))}", "id": f"{marker}/sur{esc}",
             "html": quoted(t.html_page(rng, f"<p>{t.sentence(rng)}</p>")).replace("</p>", f"{esc}</p>", 1),
             }.get(fld, f"{esc} {quoted(t.title(rng))}")
    if fld == "html":
        rec.pop("text")
    line = json.dumps(rec, ensure_ascii=True)[:-1] + f', "{fld}": "{value}"}}'
    lines.insert(rng.randint(0, len(lines)), line)
    return Draft(f"encoding/lone-surrogate-{fld}", f'JSON Lines with "{esc}" in a record\'s "{fld}"',
                 [FuzzFile("feed.jsonl", t.join_lines(lines).encode())], docs=len(lines))


def encoding_bom_mismatch(rng: random.Random, marker: str) -> Draft:
    label, head, body_enc = rng.choice((("utf16-bom-utf8-body", codecs.BOM_UTF16_LE, "utf-8"),
                                        ("utf8-bom-utf16-body", codecs.BOM_UTF8, "utf-16-le"),
                                        ("double-bom", codecs.BOM_UTF8 * 2, "utf-8"),
                                        ("utf32-bom-utf16-body", codecs.BOM_UTF32_LE, "utf-16-le"),
                                        ("bom-mid-text", b"", "utf-8")))
    text = t.article(rng)
    if label == "bom-mid-text":
        text = text.replace(" ", " \ufeff", 3)
    name = _name(rng, rng.choice((".txt", ".html", ".jsonl")))
    if name.endswith(".jsonl"):
        lines = t.records(rng, marker, rng.randint(1, 3))
        return Draft(f"encoding/jsonl-{label}", f"JSON Lines with {label}", [
            FuzzFile(name, head + t.join_lines(lines).encode(body_enc))], docs=len(lines), whole_ok=True)
    return _one(f"encoding/{label}", f"a text with {label}, {name}", name, head + text.encode(body_enc))


def encoding_declared(rng: random.Random, marker: str) -> Draft:
    declared, actual = rng.choice((("utf-8", "cp1252"), ("iso-8859-1", "utf-8"), ("utf-16", "utf-8"),
                                   ("shift_jis", "utf-8"), ("utf-8", "utf-16-le"), ("windows-1251", "utf-8"),
                                   ("us-ascii", "utf-8"), ("utf-32", "utf-8")))
    how = rng.choice(('<meta charset="{}">', '<meta http-equiv="Content-Type" content="text/html; charset={}">'))
    page = t.html_page(rng, "".join(f"<p>{p}</p>" for p in t.accented(rng).split("\n\n")), head=how.format(declared))
    name = _name(rng, ".html")
    if rng.random() < 0.3:
        page = f'<?xml version="1.0" encoding="{declared}"?>\n' + page
    return _one(f"encoding/declared-{declared}-is-{actual}", f"an HTML page declaring {declared}, written in {actual}",
                name, page.encode(actual, "replace"))


ENCODING = {
    "wide": encoding_wide, "legacy": encoding_legacy, "mixed": encoding_mixed, "invalid-utf8": encoding_invalid_utf8,
    "lone-surrogate": encoding_lone_surrogate, "bom-mismatch": encoding_bom_mismatch, "declared": encoding_declared,
}


# ── empty ──────────────────────────────────────────────────────────────────────────────────────

WHITESPACE = (" ", "\t", "\n", "\r\n", "\r", "\u00a0", "\u2003", "\u3000", "\u200b", "\ufeff", "\x0c", "\x0b",
              "\u2028", "\u2029", "\x1c", "\x85")


def empty_file(rng: random.Random, marker: str) -> Draft:
    name = _name(rng)
    jsonl = name.endswith((".jsonl", ".ndjson"))
    return Draft("empty/zero-bytes", f"an empty file, {name}", [FuzzFile(name, b"")], reported_ok=jsonl)


def empty_whitespace(rng: random.Random, marker: str) -> Draft:
    chars = rng.sample(WHITESPACE, rng.randint(1, 4))
    text = "".join(rng.choice(chars) for _ in range(rng.randint(1, 3000)))
    name = _name(rng)
    jsonl = name.endswith((".jsonl", ".ndjson"))
    # A .jsonl of blank lines holds no record: a warning naming it is its outcome.
    return Draft("empty/whitespace", f"{len(text)} whitespace characters ({', '.join(map(repr, chars))}), {name}",
                 [FuzzFile(name, text.encode(rng.choice(("utf-8", "utf-8", "utf-16"))))],
                 reported_ok=jsonl, whole_ok=jsonl, extra_ok=jsonl)


def empty_html(rng: random.Random, marker: str) -> Draft:
    page = rng.choice(("<html></html>", "<p></p>", "<!-- nothing here -->", "<script>var a = 1;</script>",
                       "<html><head><title></title></head><body>   </body></html>", "<br><br><hr>",
                       "<!DOCTYPE html>", "<style>p { color: red }</style>", "<body>&nbsp;&nbsp;</body>"))
    name = _name(rng, ".html")
    return _one("empty/html-no-text", f"an HTML page with no text: {page!r}", name, page.encode())


def empty_records(rng: random.Random, marker: str) -> Draft:
    lines = t.records(rng, marker, rng.randint(0, 3))
    bad = rng.choice(('{{"id": "{m}/e", "text": ""}}', '{{"id": "{m}/e", "text": "   \\n\\t "}}',
                      '{{"id": "{m}/e", "html": "<p></p>"}}', '{{"id": "{m}/e"}}', "{{}}",
                      '{{"id": "{m}/e", "text": "", "html": ""}}')).format(m=marker)
    lines.insert(rng.randint(0, len(lines)), bad)
    return Draft("empty/jsonl-record", f"JSON Lines with an empty record {bad}", [
        FuzzFile("feed.jsonl", t.join_lines(lines).encode())], docs=len(lines))


EMPTY = {"zero-bytes": empty_file, "whitespace": empty_whitespace, "html": empty_html, "records": empty_records}
