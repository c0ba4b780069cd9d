"""Fuzz inputs: text-level classes: hostile HTML, pathological repetition and absurd numbers.

The repetition class is the one about size: most of its inputs are small, and a few (``slow``)
reach the sizes issue 13 names (32,000 '&', 16,000 one-line paragraphs, 2,000 repeated sentences,
a 990,000-character article, on one line or not).
"""

from __future__ import annotations

import json
import math
import random

from . import _text as t
from ._model import Draft, FuzzFile

#: Share of repetition inputs drawn at full size (the slow ones); the rest stay under FAST caps.
SLOW_SHARE = 0.03


def _page(name: str, kind: str, description: str, page: str | bytes) -> Draft:
    data = page if isinstance(page, bytes) else page.encode("utf-8", "surrogatepass")
    return Draft(kind, description, [FuzzFile(name, data)])


def _paras(rng: random.Random) -> str:
    return "".join(f"<p>{p}</p>\n" for p in t.article(rng).split("\n\n") if p.strip())


# ── hostile HTML ───────────────────────────────────────────────────────────────────────────────

CHARSETS = ("undefined", "x-unknown", "", "utf-7", "utf-16", "utf-32", "unicode", "none", "binary", "cp037",
            "ebcdic", 'utf-8"><script>alert(1)</script>', "a" * 300, "utf\x00-8", "8859-1", "latin-99",
            "x-user-defined", "replacement", "iso-2022-jp", "hz", "mbcs", "rot13", "base64", "zlib", "hex",
            "punycode", "idna", "unicode_escape", "uu", "bz2_codec", "utf_8_sig", "utf-8 utf-8", " utf-8 ",
            "UTF8", "utf-8;", "charset=utf-8", "\u00e9", "..", "../../etc/passwd", "%s")


def html_bad_charset(rng: random.Random, marker: str) -> Draft:
    cs = rng.choice(CHARSETS)
    form = rng.choice(('<meta charset="{}">', "<meta charset={}>",
                       '<meta http-equiv="content-type" content="text/html; charset={}">', "xml"))
    head = "" if form == "xml" else form.format(cs)
    page = t.html_page(rng, _paras(rng), head=head)
    if form == "xml":
        page = f'<?xml version="1.0" encoding="{cs}"?>\n{page}'
    return _page("page.html", "html/bad-charset", f"an HTML page declaring charset {cs[:40]!r} ({form[:20]}...)", page)


def html_control_after_script(rng: random.Random, marker: str) -> Draft:
    ch = chr(rng.choice((*range(9), 11, 12, *range(14, 32), 127)))
    where = rng.choice(("after-script", "after-script", "bare-after-script", "bare-after-script", "in-title",
                        "in-attribute", "after-style", "in-comment"))
    body = _paras(rng)
    script = "<script>var n = 1;</script>"
    if where == "bare-after-script":  # no text around it: the page's whole body is the script
        page = f"<html><body>{script}{ch}</body></html>" if rng.random() < 0.5 else f"{script}{ch}"
        return _page("page.html", f"html/control-{where}", f"a page of only a script and U+{ord(ch):04X}", page)
    if where == "after-script":
        body = f"{script}{ch}{body}"
    elif where == "after-style":
        body = f"<style>p{{}}</style>{ch}{body}"
    elif where == "in-attribute":
        body = f'<div class="a{ch}b">{body}</div>'
    elif where == "in-comment":
        body = f"<!-- {ch} -->{body}"
    page = t.html_page(rng, body, page_title=f"News{ch}" if where == "in-title" else None)
    return _page("page.html", f"html/control-{where}", f"an HTML page with U+{ord(ch):04X} {where}", page)


UNCLOSED = ("<p><b><i>{p}", "<div{p}", "<script>{p}", "<!--{p}", "<title>{p}", "<textarea>{p}", "<style>{p}",
            "<a href=\"{p}", "<table><tr><td>{p}", "<iframe>{p}", "<noscript>{p}", "<xmp>{p}", "<plaintext>{p}",
            "<select><option>{p}", "<svg><text>{p}", "<math><mi>{p}", "<![CDATA[{p}", "<?php {p}")


def html_unclosed(rng: random.Random, marker: str) -> Draft:
    tpl = rng.choice(UNCLOSED)
    page = f"<html><head><title>{t.title(rng)}</title></head><body>" + tpl.format(p=t.article(rng))
    return _page("page.html", "html/unclosed", f"an HTML page with an unclosed {tpl[:12]!r}", page)


NESTS = (("<div>", "</div>"), ("<span>", "</span>"), ("<b><i>", "</i></b>"), ("<table><tr><td>", "</td></tr></table>"),
         ("<ul><li>", "</li></ul>"), ("<blockquote>", "</blockquote>"), ("<font size=2>", "</font>"), ("<p>", ""))


def html_nesting(rng: random.Random, marker: str) -> Draft:
    open_, close = rng.choice(NESTS)
    depth = int(math.exp(rng.uniform(math.log(50), math.log(3000))))
    closed = rng.random() < 0.6
    page = t.html_page(rng, open_ * depth + _paras(rng) + (close * depth if closed else ""))
    return _page("page.html", "html/deep-nesting",
                 f"an HTML page with {depth} nested {open_}{'' if closed else ' never closed'}", page)


def html_huge_attribute(rng: random.Random, marker: str) -> Draft:
    size = int(math.exp(rng.uniform(math.log(2000), math.log(100_000))))
    if rng.random() < 0.7:
        tag = f'<div data-x="{rng.choice("ab&<>=;")* size}">'
        what = f"a {size}-character attribute"
    else:
        tag = "<div " + " ".join(f"a{k}=v{k}" for k in range(size // 10)) + ">"
        what = f"{size // 10} attributes"
    page = t.html_page(rng, tag + _paras(rng) + "</div>")
    return _page("page.html", "html/huge-attribute", f"an HTML page with {what}", page)


ENTITIES = ("&#0;", "&#xD800;", "&#xDFFF;", "&#x110000;", "&#99999999999999;", "&#-1;", "&amp;amp;", "&bogus;",
            "&#x1F600;", "&#49;&#50;", "&nbsp;", "&#x0;", "&#128;", "&#x9F;", "&#65533;", "&#xFFFE;", "&lt;script&gt;",
            "&&&", "&#;", "&#x;", "&NotANamedEntity", "&ampkilled", "&#00000000000000000000000049;")


def html_entities(rng: random.Random, marker: str) -> Draft:
    ent = rng.choice(ENTITIES)
    n = rng.choice((1, 3, 50, 2000))
    words = _paras(rng).split(" ")
    for _ in range(n):
        words.insert(rng.randint(0, len(words)), ent)
    page = t.html_page(rng, " ".join(words), page_title=f"{ent} {t.title(rng)}")
    return _page("page.html", "html/entities", f"an HTML page with {n} x {ent}", page)


def html_long_fields(rng: random.Random, marker: str) -> Draft:
    fld = rng.choice(("title", "author", "site_name", "canonical", "date"))
    size = rng.choice((600, 2100, 5000, 20000))
    value = " ".join(t.sentence(rng) for _ in range(size // 60 + 1))[:size]
    head = {"author": f'<meta name="author" content="{value}">',
            "site_name": f'<meta property="og:site_name" content="{value}">',
            "canonical": f'<link rel="canonical" href="https://example.org/{"x" * size}">',
            "date": f'<meta property="article:published_time" content="{"9" * size}">'}.get(fld, "")
    page = t.html_page(rng, _paras(rng), head=head, page_title=value if fld == "title" else None)
    return _page("page.html", f"html/long-{fld}", f"an HTML page whose {fld} is {size} characters", page)


STRUCTURES = ("<frameset><frame src=a></frameset>", "<svg><text>{p}</text></svg>", "<math><mtext>{p}</mtext></math>",
              "<html><html><body><body>{p}", "<!DOCTYPE junk [ <!ENTITY x 'y'> ]>{p}", "<base href='javascript:1'>{p}",
              "<meta http-equiv=refresh content='0;url=x'>{p}", "<iframe srcdoc='&lt;p&gt;{p}'></iframe>",
              "<template>{p}</template>", "<object><embed>{p}</object>", "{p}<body>late body</body>",
              "</html>{p}", "<body onload=x>{p}</body></body></html></html>", "<head>{p}</head>")


def html_structure(rng: random.Random, marker: str) -> Draft:
    tpl = rng.choice(STRUCTURES)
    page = "<html><head><title>x</title></head><body>" + tpl.format(p=t.article(rng))
    return _page("page.htm", "html/odd-structure", f"an HTML page shaped {tpl[:30]!r}", page)


def html_mutated(rng: random.Random, marker: str) -> Draft:
    data, steps = t.html_page(rng).encode(), []
    for _ in range(rng.randint(1, 4)):
        data, step = t.mutate(rng, data)
        steps.append(step)
    return _page("page.html", "html/mutated", f"an HTML page after {', '.join(steps)}", data)


def html_in_jsonl(rng: random.Random, marker: str) -> Draft:
    inner = rng.choice((html_bad_charset, html_control_after_script, html_unclosed, html_entities, html_nesting))
    draft = inner(rng, marker)
    page = draft.files[0].data.decode("utf-8", "surrogateescape")
    lines = t.records(rng, marker, rng.randint(0, 3))
    rec = json.dumps({"id": f"{marker}/page", "html": page, "url": f"https://example.org/{marker}"}, ensure_ascii=True)
    lines.insert(rng.randint(0, len(lines)), rec)
    return Draft(f"html/jsonl-{draft.kind.split('/')[1]}", f"JSON Lines holding {draft.description}", [
        FuzzFile("pages.jsonl", t.join_lines(lines).encode())], docs=len(lines))


HTML = {
    "bad-charset": html_bad_charset, "control": html_control_after_script, "unclosed": html_unclosed,
    "nesting": html_nesting, "huge-attribute": html_huge_attribute, "entities": html_entities,
    "long-fields": html_long_fields, "structure": html_structure, "mutated": html_mutated, "in-jsonl": html_in_jsonl,
}


# ── pathological repetition ────────────────────────────────────────────────────────────────────

RUN_CHARS = "&.-!?*=#|/\\\"'([0a_~@%+;:,\u2014\u00a0"


def _size(rng: random.Random, fast: tuple[int, int], cap: int) -> tuple[int, bool]:
    """A size drawn log-uniformly: up to ``fast[1]`` usually, up to ``cap`` for the slow share."""
    slow = rng.random() < SLOW_SHARE
    low, high = (fast[1], cap) if slow else fast
    return int(math.exp(rng.uniform(math.log(low), math.log(high)))), slow


def _as_doc(rng: random.Random, marker: str, kind: str, description: str, text: str, slow: bool) -> Draft:
    """The text as a .txt file (mostly), an HTML page or a JSON Lines record."""
    fmt = rng.choice(("txt", "txt", "txt", "html", "jsonl"))
    if fmt == "html":
        body = "".join(f"<p>{p}</p>\n" for p in text.split("\n\n")) if text.count("\n\n") < 20_000 else text
        return Draft(kind, f"{description} (HTML)", [FuzzFile("page.html", t.html_page(rng, body).encode())], slow=slow)
    if fmt == "jsonl":
        line = json.dumps({"id": f"{marker}/rep", "text": text})
        return Draft(kind, f"{description} (a JSON Lines record)", [FuzzFile("feed.jsonl", (line + "\n").encode())],
                     slow=slow)
    return Draft(kind, description, [FuzzFile("article.txt", text.encode())], slow=slow)


def rep_char_run(rng: random.Random, marker: str) -> Draft:
    ch = rng.choice(RUN_CHARS)
    n, slow = _size(rng, (10, 3000), 32_000)
    run = ch * n
    text = run if rng.random() < 0.5 else f"{t.paragraph(rng)} {run} {t.paragraph(rng)}\n"
    return _as_doc(rng, marker, "repetition/char-run", f"{n} x {ch!r}{' inside an article' * (len(text) > n)}",
                   text, slow)


def rep_one_line_paragraphs(rng: random.Random, marker: str) -> Draft:
    n, slow = _size(rng, (20, 300), 16_000)
    style = rng.choice(("sentence", "word", "number", "dash"))
    make = {"sentence": lambda: t.sentence(rng), "word": lambda: rng.choice(t.PLACES),
            "number": lambda: str(rng.randint(0, 10**6)), "dash": lambda: "-"}[style]
    text = "\n".join(make() for _ in range(n)) + "\n"
    return _as_doc(rng, marker, "repetition/one-line-paragraphs", f"{n} one-line paragraphs of a {style}", text, slow)


def rep_repeated_sentence(rng: random.Random, marker: str) -> Draft:
    n, slow = _size(rng, (10, 100), 2000)
    sent = t.sentence(rng)
    sep = rng.choice((" ", "\n", "\n\n"))
    return _as_doc(rng, marker, "repetition/repeated-sentence", f"one sentence repeated {n} times ({sep!r} apart)",
                   sep.join([sent] * n) + "\n", slow)


def _long_text(rng: random.Random, size: int) -> str:
    parts, total = [], 0
    while total < size:
        p = t.paragraph(rng)
        parts.append(p)
        total += len(p) + 2
    return "\n\n".join(parts)[:size]


def rep_long_article(rng: random.Random, marker: str) -> Draft:
    n, slow = _size(rng, (5000, 20_000), 990_000)
    one_line = rng.random() < 0.4
    text = _long_text(rng, n)
    if one_line:
        text = text.replace("\n\n", " ")
    return Draft("repetition/long-one-line" if one_line else "repetition/long-article",
                 f"a {n}-character article{' on one line' * one_line}", [FuzzFile("long.txt", text.encode())],
                 slow=slow)


def rep_blank_lines(rng: random.Random, marker: str) -> Draft:
    n = int(math.exp(rng.uniform(math.log(100), math.log(5000))))
    sep = rng.choice(("\n", "\r\n", " \n", "\t\n"))
    text = (sep * n).join(t.article(rng).split("\n\n"))
    return _as_doc(rng, marker, "repetition/blank-lines", f"paragraphs separated by {n} x {sep!r}", text, False)


def rep_long_word(rng: random.Random, marker: str) -> Draft:
    n, slow = _size(rng, (500, 5000), 32_000)
    word = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(n))
    text = f"{t.paragraph(rng)} {word} {t.paragraph(rng)}\n"
    return _as_doc(rng, marker, "repetition/long-token", f"a {n}-letter word inside an article", text, slow)


def rep_number_list(rng: random.Random, marker: str) -> Draft:
    n, slow = _size(rng, (50, 2000), 20_000)
    sep = rng.choice((", ", " ", "; ", " and "))
    text = "Casualties by village: " + sep.join(str(k) for k in range(n)) + " killed.\n"
    return _as_doc(rng, marker, "repetition/number-list", f"{n} numbers in one sentence ({sep!r})", text, slow)


REPETITION = {
    "char-run": rep_char_run, "one-line-paragraphs": rep_one_line_paragraphs,
    "repeated-sentence": rep_repeated_sentence,
    "long-article": rep_long_article, "blank-lines": rep_blank_lines, "long-token": rep_long_word,
    "number-list": rep_number_list,
}


# ── absurd numbers ─────────────────────────────────────────────────────────────────────────────

def absurd_number(rng: random.Random) -> tuple[str, str]:
    """An absurd or malformed count and its family name."""
    nines = "9" * rng.choice((10, 19, 20, 21, 40, 309, 400))
    forms = (
        ("nines", nines),
        ("power-caret", f"10^{rng.choice((9, 20, 308, 400))}"),
        ("power-stars", f"10**{rng.choice((20, 400))}"),
        ("e-notation", rng.choice(("1e30", "1E+400", "9.99e99", "1e-5"))),
        ("grouped", ",".join(["999"] * rng.choice((5, 7, 40)))),
        ("int32-edge", rng.choice(("2147483648", "4294967296"))),
        ("int64-edge", rng.choice(("9223372036854775808", "18446744073709551616"))),
        ("negative", rng.choice(("-5", "-2147483649", "minus 40"))),
        ("fraction", rng.choice(("0.0001", "1/0", "½", "3.5"))),
        ("words", rng.choice(("a trillion trillion", "nine hundred quadrillion", "twelve million billion",
                              "a googol", "tens of billions of billions"))),
        ("non-finite", rng.choice(("NaN", "Infinity", "infinite", "∞"))),
        ("unicode-digits", rng.choice(("٩٩٩٩٩٩٩٩٩٩٩٩٩٩٩٩٩٩٩٩", "９９９９９９９９９９９９", "१००००००००००००००००००००"))),
        ("superscript", rng.choice(("10²⁰", "2⁶⁴", "10³⁰⁸"))),
        ("spaced", "99 999 999 999 999 999 999"),
        ("dotted", "999.999.999.999.999.999"),
        ("apostrophe", "1'000'000'000'000'000'000"),
        ("range", f"between 10^20 and {nines}"),
    )
    family, value = rng.choice(forms)
    return value, family


def numbers_absurd(rng: random.Random, marker: str) -> Draft:
    value, family = absurd_number(rng)
    sents = [t.sentence(rng) for _ in range(rng.randint(0, 3))]
    shape = rng.choice(("{n} people were killed in {place}.", "{n} killed", "Officials said {n} people were displaced.",
                        "The toll rose to {n} dead on {day}.", "{n} homes were destroyed, the army said.", None))
    absurd = (shape.format(n=value, place=rng.choice(t.PLACES), day=rng.choice(t.DAYS)) if shape
              else t.sentence(rng, n=value))
    sents.insert(rng.randint(0, len(sents)), absurd)
    text = " ".join(sents) + "\n"
    fmt = rng.choice(("txt", "txt", "txt", "jsonl", "html"))
    kind, desc = f"numbers/{family}", f"an article saying {absurd[:80]!r}"
    if fmt == "jsonl":
        lines = t.records(rng, marker, rng.randint(0, 2))
        lines.insert(rng.randint(0, len(lines)), json.dumps({"id": f"{marker}/num", "text": text,
                                                              "published": "2024-03-01"}))
        return Draft(kind, f"{desc} (JSON Lines)", [FuzzFile("feed.jsonl", t.join_lines(lines).encode())],
                     docs=len(lines))
    if fmt == "html":
        return Draft(kind, f"{desc} (HTML)", [FuzzFile("page.html", t.html_page(rng, f"<p>{text}</p>").encode())])
    return Draft(kind, desc, [FuzzFile("report.txt", text.encode())])


NUMBERS = {"absurd": numbers_absurd}
