"""Dates in news text: explicit and partial dates, inferred years, weekdays, relative dates."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.extraction.dates import find_dates

D = dt.date


def values(text, ref, previous=None):
    return [d.value for d in find_dates(text, ref, 0, previous)]


@pytest.mark.parametrize("text, ref, expected", [
    ("The talks took place on March 14, 2024.", D(2025, 1, 1), ["2024-03-14"]),
    ("It happened on 14 March 2024.", D(2025, 1, 1), ["2024-03-14"]),
    ("Published 2024-03-14 by the desk.", D(2025, 1, 1), ["2024-03-14"]),
    ("In October 2023 the rules changed.", D(2025, 1, 1), ["2023-10"]),
    ("The law was adopted in 2019.", D(2025, 1, 1), ["2019"]),
    ("In 2022, the agency opened.", D(2025, 1, 1), ["2022"]),  # a comma after the year
    ("Sept. 3, 2021 was the day.", D(2025, 1, 1), ["2021-09-03"]),
    # day first with dots, as the region's sites write it; slashes only when one order is impossible
    ("12.03.2025, 14:35", D(2026, 1, 1), ["2025-03-12"]),
    ("14:35 / 1.5.2025", D(2026, 1, 1), ["2025-05-01"]),
    ("Updated 25/03/2025", D(2026, 1, 1), ["2025-03-25"]),
    ("Updated 03/25/2025", D(2026, 1, 1), ["2025-03-25"]),
    ("Updated 03/04/2025", D(2026, 1, 1), ["2025"]),  # April 3 or March 4: only the year is sure
    ("Release v1.2.2019 and 3.12.2024.1 are versions.", D(2026, 1, 1), []),
    # a weekday before a date belongs to it
    ("Wednesday, 12 March 2025", D(2026, 1, 1), ["2025-03-12"]),
    ("On Wednesday, March 12, the ministry said so.", D(2025, 3, 14), ["2025-03-12"]),
    ("On Friday, the 14th of March, it rained.", D(2025, 3, 20), ["2025-03-14"]),
    ("He is expected in mid-March.", D(2026, 2, 26), ["2026-03"]),
    ("Talks will resume in late-April or mid May.", D(2026, 2, 26), ["2026-04", "2026-05"]),
])
def test_explicit_dates(text, ref, expected):
    assert values(text, ref) == expected


@pytest.mark.parametrize("text, ref, expected", [
    # a day without a year is the last one on or before the article's date
    ("On February 20, the minister spoke.", D(2024, 3, 1), ["2024-02-20"]),
    ("On December 30, the minister spoke.", D(2024, 3, 1), ["2023-12-30"]),
    ("On 2 December the envoy left.", D(2024, 3, 1), ["2023-12-02"]),
    ("In November, the raids resumed.", D(2024, 3, 1), ["2023-11"]),
    ("In February, the raids resumed.", D(2024, 3, 1), ["2024-02"]),
    # February 29 exists only in leap years
    ("February 29 was chosen.", D(2025, 3, 1), ["2024-02-29"]),
])
def test_years_are_inferred_from_the_article_date(text, ref, expected):
    assert values(text, ref) == expected


@pytest.mark.parametrize("text, ref, expected", [
    ("Starting July 1, foreigners will need a test.", D(2024, 3, 1), ["2024-07-01"]),
    ("They must register until August 15.", D(2024, 3, 1), ["2024-08-15"]),
    ("The deadline is April 30.", D(2024, 3, 1), ["2024-04-30"]),
    ("Migrants must leave by May.", D(2024, 3, 1), ["2024-05"]),
    ("The forum is scheduled for June 5.", D(2024, 3, 1), ["2024-06-05"]),
])
def test_future_cues_take_the_next_occurrence(text, ref, expected):
    assert values(text, ref) == expected


def test_weekdays_are_the_last_such_day_on_or_before_the_article():
    thursday = D(2024, 3, 7)
    assert values("The ministry on Wednesday urged calm.", thursday) == ["2024-03-06"]
    assert values("On Thursday the envoy was summoned.", thursday) == ["2024-03-07"]
    assert values("On Friday the envoy was summoned.", thursday) == ["2024-03-01"]


def test_relative_years_weeks_and_months():
    ref = D(2024, 3, 7)
    assert values("Last year, arrivals fell.", ref) == ["2023"]
    assert values("This year, arrivals rose.", ref) == ["2024"]
    assert values("Next year the quota grows.", ref) == ["2025"]
    assert values("A statement earlier this week said so.", ref) == ["2024-03"]
    assert values("Last month the rules changed.", ref) == ["2024-02"]
    assert values("Last week the rules changed.", D(2024, 3, 3)) == ["2024-02"]
    assert values("Over the past year, raids grew.", ref) == []  # a period up to now, not a date


def test_seasons_are_given_as_their_year():
    [d] = find_dates("In the summer of 2023, deputies adopted it.", D(2024, 1, 1))
    assert d.value == "2023" and "summer" in d.inferred


def test_that_same_month_takes_the_month_of_the_previous_date():
    [d] = find_dates("That same month, the envoys met again.", D(2024, 3, 1), 0, "2023-10-17")
    assert d.value == "2023-10" and d.inferred
    assert values("That same month, they met.", D(2024, 3, 1)) == []  # nothing to refer to


def test_inferred_values_say_how_and_explicit_ones_do_not():
    explicit, inferred = find_dates("On March 3, 2024 and on March 5 they met.", D(2024, 3, 9))
    assert explicit.inferred is None
    assert inferred.value == "2024-03-05" and "2024-03-09" in inferred.inferred


def test_numbers_that_are_not_years():
    assert values("About 2,019 people and 2024 migrants were counted; 2023.5 is no year.", D(2025, 1, 1)) == []
    assert values("Invalid: 31 April and June 31.", D(2025, 1, 1)) == []


def test_offsets_point_into_the_sentence():
    text = "Police said on May 2 that raids began."
    [d] = find_dates(text, D(2024, 6, 1), offset=100)
    assert (d.start, d.end) == (100 + text.index("May 2"), 100 + text.index(" that"))


# ---------------------------------------------------------------------------- properties
REFS = st.dates(min_value=D(1990, 1, 1), max_value=D(2099, 12, 31))
DATEY = st.sampled_from(["On ", "in ", "June ", "Sept. ", "3 ", "31 ", "2024", "1999", ", ", "Wednesday",
                         "last year", "that same month", "summer of ", "will ", "until ", "earlier this week",
                         "February 29", "-", "0", "12"])
TEXTS = st.lists(st.one_of(st.text(max_size=10), DATEY), max_size=20).map("".join)
ISO = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")


@settings(max_examples=500, deadline=None)
@given(TEXTS, REFS, st.integers(0, 10_000), st.one_of(st.none(), st.sampled_from(["2024-05-06", "2021-11", "2020"])))
def test_never_crashes_and_returns_valid_iso_values_within_the_text(text, ref, offset, previous):
    for d in find_dates(text, ref, offset, previous):
        assert ISO.match(d.value)
        parts = [int(p) for p in d.value.split("-")] + [1, 1]
        dt.date(parts[0], parts[1], parts[2])  # a real day, month or year
        assert d.precision in ("day", "month", "year")
        assert offset <= d.start < d.end <= offset + len(text)


def test_last_wednesday_said_on_a_wednesday_is_the_week_before():
    ref = D(2026, 11, 18)  # a Wednesday
    assert values("Last Wednesday, three were killed.", ref) == ["2026-11-11"]
    assert values("On Wednesday, three were killed.", ref) == ["2026-11-18"]
    assert values("Last Tuesday the note was sent.", ref) == ["2026-11-17"]


def test_the_next_day_and_days_later_count_from_the_last_full_date():
    ref = D(2026, 11, 18)
    found = find_dates("Russia's Investigative Committee said the following day that it had opened a case.", ref, 0,
                       "2026-10", "2026-11-11")
    assert [d.value for d in found] == ["2026-11-12"]
    assert [d.value for d in find_dates("Two days later, the embassy replied.", ref, 0, None, "2026-11-11")] == ["2026-11-13"]
    assert find_dates("The next day, the embassy replied.", ref) == []  # nothing told before: no date
    assert find_dates("The next day, they met.", ref, 0, None, "2026-11-18") == []  # not after the article


def test_the_same_morning_is_the_day_told_before():
    found = find_dates("The same morning the directorate reported on its website that 71 people were held.",
                       dt.date(2026, 11, 20), 0, "2026-11-14", "2026-11-14")
    assert [d.value for d in found] == ["2026-11-14"]
