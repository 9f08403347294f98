"""Timestamps: every accepted form, and every kind of bad value."""

from __future__ import annotations

import pytest
import yaml

from generator.timestamps import Timestamp, TimestampError, parse_timestamp


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        (272, 272),
        ("272", 272),
        ("272s", 272),
        ("90s", 90),
        ("4:32", 272),
        ("04:32", 272),
        ("0:05", 5),
        ("75:00", 4500),
        ("1:02:03", 3723),
        ("1h2m3s", 3723),
        ("1h 2m 3s", 3723),
        ("4m32s", 272),
        ("2m", 120),
        ("1h", 3600),
        (" 4:32 ", 272),
        # copied from caption files: fractions round down to the second already running
        ("00:04:32.485", 272),
        ("00:04:32,999", 272),
        ("4:32.5", 272),
        ("0:04.9", 4),
        ("1:02:03.000", 3723),
        ("272.5", 272),
        (272.9, 272),
        (0.4, 0),
    ],
)
def test_accepted_forms(value: object, seconds: int) -> None:
    """Assert that each documented form gives the right number of seconds."""
    assert parse_timestamp(value).seconds == seconds


def test_unquoted_yaml_minutes_seconds() -> None:
    """Assert that an unquoted 4:32 in YAML means 4 min 32 s, and 1:02:03 one hour and more."""
    data = yaml.safe_load("a: 4:32\nb: 1:02:03\nc: '4:32'\nd: 4:32.5\ne: 00:04:32.485\n")
    assert [parse_timestamp(data[k]).seconds for k in "abcde"] == [272, 3723, 272, 272, 272]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("4:75", "not a timestamp: '4:75'; minutes and seconds go to 59"),
        ("1:60:00", "not a timestamp: '1:60:00'; minutes and seconds go to 59"),
        ("1m90s", "not a timestamp: '1m90s'; minutes and seconds go to 59"),
        (-1, "timestamp must not be negative: -1"),
        ("-1", "timestamp must not be negative: '-1'"),
        ("-4:32", "timestamp must not be negative: '-4:32'"),
        (
            -1.5,
            "not a timestamp: -1.5; use seconds (272), m:ss (4:32), h:mm:ss (1:04:32) or 1h4m32s",
        ),
        (
            float("nan"),
            "not a timestamp: nan; use seconds (272), m:ss (4:32), h:mm:ss (1:04:32) or 1h4m32s",
        ),
        (
            float("inf"),
            "not a timestamp: inf; use seconds (272), m:ss (4:32), h:mm:ss (1:04:32) or 1h4m32s",
        ),
        (
            "4:32.",
            "not a timestamp: '4:32.'; use seconds (272), m:ss (4:32), h:mm:ss (1:04:32) or 1h4m32s",
        ),
        (
            "4:32.5.1",
            "not a timestamp: '4:32.5.1'; use seconds (272), m:ss (4:32), h:mm:ss (1:04:32) or 1h4m32s",
        ),
        (
            "4:32." + "5" * 50,
            "not a timestamp: '4:32."
            + "5" * 50
            + "'; use seconds (272), m:ss (4:32), h:mm:ss (1:04:32) or 1h4m32s",
        ),
        (
            "abc",
            "not a timestamp: 'abc'; use seconds (272), m:ss (4:32), h:mm:ss (1:04:32) or 1h4m32s",
        ),
        (
            "",
            "not a timestamp: ''; use seconds (272), m:ss (4:32), h:mm:ss (1:04:32) or 1h4m32s",
        ),
        (
            True,
            "not a timestamp: True; use seconds (272), m:ss (4:32), h:mm:ss (1:04:32) or 1h4m32s",
        ),
        (
            None,
            "not a timestamp: None; use seconds (272), m:ss (4:32), h:mm:ss (1:04:32) or 1h4m32s",
        ),
        (
            [1, 2],
            "not a timestamp: [1, 2]; use seconds (272), m:ss (4:32), h:mm:ss (1:04:32) or 1h4m32s",
        ),
        (
            "4:32<script>",
            "not a timestamp: '4:32<script>'; use seconds (272), m:ss (4:32), h:mm:ss (1:04:32) or 1h4m32s",
        ),
    ],
)
def test_bad_values(value: object, message: str) -> None:
    """Assert that a bad value raises TimestampError with a message naming it."""
    with pytest.raises(TimestampError) as info:
        parse_timestamp(value)
    assert str(info.value) == message


def test_huge_digit_string_is_rejected_quickly() -> None:
    """Assert that a hostile, very long value fails without hanging in the regexes."""
    with pytest.raises(TimestampError):
        parse_timestamp("1" * 50_000 + "x")


@pytest.mark.parametrize(
    ("seconds", "label", "iso"),
    [(5, "0:05", "PT5S"), (272, "4:32", "PT4M32S"), (3723, "1:02:03", "PT1H2M3S")],
)
def test_labels(seconds: int, label: str, iso: str) -> None:
    """Assert that labels read like a player's clock and ISO durations are schema.org's form."""
    stamp = Timestamp(seconds)
    assert (stamp.label, stamp.iso_duration, str(stamp)) == (label, iso, label)
