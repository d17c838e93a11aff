"""Counts with their qualifiers, as incidents report them."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.extraction.quantities import Count, number, parse_count


@pytest.mark.parametrize("text, expected", [
    ("around 60 foreign nationals", Count(60, None, "approximately")),
    ("more than 140 people", Count(140, None, "more than")),
    ("five or six people", Count(5, 6, "range")),
    ("between 10 and 12 workers", Count(10, None, "exactly")),
    ("about 160,000 Uzbek citizens", Count(160_000, None, "approximately")),
    ("at least 3 migrants", Count(3, None, "at least")),
    ("up to 48 hours", Count(48, None, "up to")),
    ("fewer than 20 people", Count(20, None, "fewer than")),
    ("20-25 migrants", Count(20, 25, "range")),
    ("dozens of migrants", Count(24, None, "at least")),
    ("1.5 million workers", Count(1_500_000, None, "exactly")),
    ("An estimated 4 million", Count(4_000_000, None, "approximately")),
    ("twelve detainees", Count(12, None, "exactly")),
])
def test_counts(text, expected):
    assert parse_count(text) == expected


def test_no_count():
    assert parse_count("no number here") is None
    assert parse_count("") is None


def test_number_words_and_scales():
    assert number("sixty") == 60
    assert number("2 thousand") == 2000
    assert number("1,234") == 1234
    assert number("lots") is None


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=40))
def test_never_crashes_on_arbitrary_text(text):
    count = parse_count(text)
    if count is not None:
        assert isinstance(count.value, int) and count.value >= 0
        assert count.max_value is None or count.max_value > count.value


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["about ", "more than ", "five", "or ", "6", ",000", " million", "dozens",
                                 " to ", "-", "1.5", "at least ", " "]), max_size=8).map("".join))
def test_never_crashes_on_count_like_text(text):
    parse_count(text)
