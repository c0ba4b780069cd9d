"""Tests for the HTML reader: main text, metadata, publication date, broken markup."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitrep.read import read_html

ARTICLES = Path(__file__).parents[1] / "fixtures" / "articles"


@pytest.mark.parametrize("name, expected", [
    ("clinic_strike.html", {
        "title": "Strike on clinic in Deir al-Balah kills five",
        "author": "Lina Haddad",
        # The page's article:published_time wins over the date in its URL (2024/01/08).
        "published": "2024-01-10",
        "url": "https://courier.example/2024/01/08/clinic-strike",
        "source": "Test Courier",
    }),
])
def test_html_reads_metadata(name, expected):
    art = read_html((ARTICLES / name).read_bytes(), "clinic")
    assert {k: getattr(art, k) for k in expected} == expected
    assert art.errors == ()


@pytest.mark.parametrize("name, present, absent", [
    ("clinic_strike.html", ["killing five people", "Omar Nasser"], ["Cookie policy", "tracking", "Log in"]),
])
def test_html_strips_boilerplate(name, present, absent):
    text = read_html((ARTICLES / name).read_bytes(), "clinic").text
    assert all(p in text for p in present)
    assert not any(a in text for a in absent)


@pytest.mark.parametrize("html, published", [
    # No date in the page's metadata: the URL's date is the fallback.
    ('<html><head><link rel="canonical" href="https://x.example/2023/11/02/story"></head>'
     "<body><article><p>" + "Two people were killed in a strike on the town, officials said. " * 5
     + "</p></article></body></html>", "2023-11-02"),
    # No date at all: the caller's default.
    ("<html><body><article><p>" + "Two people were killed in a strike on the town, officials said. " * 5
     + "</p></article></body></html>", "2024-05-01"),
])
def test_html_date_fallbacks(html, published):
    assert read_html(html, "x", published="2024-05-01").published == published


@pytest.mark.parametrize("html, expected", [
    ("<div><p>Five people were killed in Kupiansk, <b>the governor</b> said.</div></span>",
     "Five people were killed in Kupiansk"),
    ("<p>Two killed<b>broken <div></p> three wounded in Rafah", "three wounded in Rafah"),
    ("<html><body><p>Unclosed paragraph about four people killed in Gaza", "four people killed in Gaza"),
])
def test_html_broken_markup_still_gives_text(html, expected):
    art = read_html(html, "broken")
    assert expected in art.text and art.errors == ()


@pytest.mark.parametrize("html", [
    "<html><head><script>var a = 1;</script></head><body></body></html>",
    "<html><body><nav></nav></body></html>",
])
def test_html_without_text_is_an_error(html):
    art = read_html(html, "blank")
    assert art.text == "" and "no text found in the HTML" in art.errors[0]


@pytest.mark.parametrize("raw", [b"", b"   \n"])
def test_html_empty_file_is_left_to_the_text_check(raw):
    art = read_html(raw, "empty")
    assert art.text == "" and art.errors == ()


@pytest.mark.parametrize("charset, text", [
    ("windows-1251", "Обстріл Харкова: загинули двоє людей, повідомив губернатор області."),
    ("iso-8859-1", "Café owners in Goma said two people were killed, according to officials."),
])
def test_html_declared_charset_is_honoured(charset, text):
    page = (f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}"></head>'
            f"<body><article><p>{text}</p></article></body></html>").encode(charset)
    assert text in read_html(page, "legacy").text


ARTICLE = "Rockets struck the fuel depot near the river at dawn, the regional governor said. " * 3


@pytest.mark.parametrize("charset", ["undefined", "x-no-such-charset", "unicode_escape", "utf-7", "rot13", "utf-16"])
def test_issue_13_html_bad_charset_falls_back(charset):
    page = f'<html><head><meta charset="{charset}"></head><body><article><p>{ARTICLE}</p></article></body></html>'
    art = read_html(page.encode("utf-8"), "bad-charset")
    assert ARTICLE.strip() in art.text and art.errors == ()


@pytest.mark.parametrize("charset, text", [
    # A Windows-1251 page that declares a charset Python does not know: detected, not read as cp1252.
    ("x-unknown", "Обстріл Харкова: загинули двоє людей, повідомив губернатор області. " * 3),
])
def test_issue_13_html_bad_charset_is_detected(charset, text):
    page = (f'<html><head><meta charset="{charset}"></head>'
            f"<body><article><p>{text}</p></article></body></html>").encode("windows-1251")
    # charset-normalizer may take a sibling Cyrillic code page (one letter differs): the words stay.
    assert "Обстріл Харкова: загинули" in read_html(page, "legacy").text


@pytest.mark.parametrize("html, expected", [
    # Control characters after a script: lxml refused them when the fallback text reader ran.
    ("<div><script>a</script>\x0c<b>Two people were hurt.</b></div>", "Two people were hurt."),
    ("<div><script>a</script>&#12;<b>Two people were hurt.</b></div>", "Two people were hurt."),
    ("<div><script>a</script>\x00\x01<b>Two people were hurt.</b>&#xFFFE;</div>", "Two people were hurt.\ufffd"),
])
def test_issue_13_html_control_characters(html, expected):
    for page in (html, html.encode("utf-8")):
        art = read_html(page, "controls")
        assert art.text == expected and art.errors == ()


@pytest.mark.parametrize("html, expected", [("<p>Two people were hurt.\ud800</p>", "Two people were hurt.\ufffd")])
def test_issue_13_html_lone_surrogate(html, expected):
    # Only a str can hold one (a JSON Lines "html" with a \ud800 escape, an API request).
    assert read_html(html, "surrogate").text == expected
