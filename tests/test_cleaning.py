"""Cleaning: the corpus quirks it removes, and the offsets that tie clean text to stored text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.cleaning import clean, sentences

LISTING_PAGE = Path(__file__).resolve().parent / "fixtures" / "corpus" / "004_d984ae099e70af30.txt"


def quote(stored: str, cleaned, needle: str) -> str:
    """The stored text behind the first occurrence of ``needle`` in the clean text."""
    start = cleaned.text.index(needle)
    s, e = cleaned.to_stored(start, start + len(needle))
    return stored[s:e]


def test_markdown_links_and_bold_are_removed_but_quotes_keep_them():
    stored = "By [AFP](#)\n\n**Moskva News Agency** said so.\n"
    c = clean(stored)
    assert c.text == "By AFP\nMoskva News Agency said so."
    assert quote(stored, c, "AFP") == "AFP"
    assert quote(stored, c, "Moskva News Agency said") == "Moskva News Agency** said"


def test_headings_footers_and_related_links_are_dropped():
    stored = ("# Title of the piece\n\nText one.\n\n**Related article:** [Something else](#)\n\n"
              "Original url:\n\n<https://example.org/a>\n\nNo comments:\nPost a Comment\n")
    assert clean(stored).text == "Title of the piece\nText one."


def test_a_list_of_links_under_its_heading_is_dropped_until_the_text_goes_on():
    c = clean("The embassy responded.\n\nRecommended:\nHow the register works, and how to get off it\n"
              "Tajik migrants say new rules push them into the shadows\n\nThe next paragraph is text.\n")
    assert c.text == "The embassy responded.\nThe next paragraph is text."


def test_a_paragraph_repeated_word_for_word_is_kept_once():
    stored = "First paragraph here.\nSecond one.\nFirst paragraph here.\nSecond one.\nThird.\n"
    c = clean(stored)
    assert c.text == "First paragraph here.\nSecond one.\nThird."
    assert c.to_stored(0, 5) == (0, 5)  # quotes come from the first copy


def test_currency_ticker_and_listing_header_lines_are_dropped():
    stored = ("• KGS/USD = 0.01144 0%\n  • KZT/USD = 0.00203 0%\n  • TJS/USD = 0.10681 -0.28%\n"
              "05 February 2026\n\nViewing results 1 - 6 of 21\nHeadline of an item\n")
    assert clean(stored).text == "05 February 2026\nHeadline of an item"


@pytest.mark.skipif(not LISTING_PAGE.is_file(), reason="the collected corpus is not beside the repository")
def test_ticker_lines_of_the_listing_page_are_dropped():
    ticker = [line for line in LISTING_PAGE.read_text(encoding="utf-8").split("\n")
              if re.match(r"^\s*•?\s*[A-Z]{3}/[A-Z]{3}\s*=", line)]
    assert len(ticker) >= 5
    assert clean("\n".join(ticker + ["Kept line."])).text == "Kept line."


def test_nbsp_curly_quotes_and_dashes_are_normalised_with_exact_offsets():
    stored = "The parties agreed to\u00a0hold “regular” talks — in\u00a0Moscow’s centre."
    c = clean(stored)
    assert c.text == "The parties agreed to hold \"regular\" talks - in Moscow's centre."
    assert quote(stored, c, "to hold") == "to\u00a0hold"
    assert quote(stored, c, "\"regular\"") == "“regular”"
    assert quote(stored, c, "Moscow's") == "Moscow’s"


def test_emoji_and_info_symbols_are_not_text():
    stored = "ℹ️ Background box.\n🇺🇿 Flag and text."
    assert clean(stored).text == "Background box.\nFlag and text."


def test_sentences_do_not_end_at_abbreviations():
    text = "Mr. Li visited St. Petersburg on Jan. 5. He left."
    assert [text[s:e] for s, e in sentences(text)] == ["Mr. Li visited St. Petersburg on Jan. 5.", "He left."]


def test_cleaning_the_corpus_is_idempotent():
    for path in (Path(__file__).resolve().parents[1] / "sources").glob("*/article.*"):
        once = clean(path.read_text(encoding="utf-8")).text
        assert clean(once).text == once, path.parent.name


# ---------------------------------------------------------------------------- properties
MARKUP = st.sampled_from(["**", "__", "[", "](#)", "](http://x)", "# ", "## ", "\n", "\n\n", "• ", "  ",
                          "“", "”", "’", "—", "\u00a0", "ℹ️", "No comments:", "Photo: x", "KGS/USD = 1 0%"])
TEXTS = st.lists(st.one_of(st.text(max_size=12), MARKUP), max_size=25).map("".join)


@settings(max_examples=400, deadline=None)
@given(TEXTS)
def test_every_clean_character_comes_from_a_stored_character(stored):
    c = clean(stored)
    assert len(c.offsets) == len(c.text)
    assert all(0 <= p < len(stored) for p in c.offsets)
    assert list(c.offsets) == sorted(c.offsets)
    for ch, p in zip(c.text, c.offsets):
        if ch == "\n":
            assert stored[p] == "\n"
        elif not ch.isspace():
            assert stored[p] not in "\n"


@settings(max_examples=300, deadline=None)
@given(TEXTS, st.data())
def test_to_stored_spans_lie_within_the_text(stored, data):
    c = clean(stored)
    if not c.text:
        return
    start = data.draw(st.integers(0, len(c.text) - 1))
    end = data.draw(st.integers(start + 1, len(c.text)))
    s, e = c.to_stored(start, end)
    assert 0 <= s < e <= len(stored)


@settings(max_examples=400, deadline=None)
@given(TEXTS)
def test_cleaning_is_idempotent(stored):
    once = clean(stored).text
    assert clean(once).text == once


def test_an_empty_span_is_refused():
    with pytest.raises(ValueError):
        clean("abc").to_stored(1, 1)
