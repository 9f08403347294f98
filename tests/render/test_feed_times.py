"""Feed entry times from the talk's start: `date` + `time` in videos.yml, in the archive's time
zone (extra.wunschzeit.timezone), plus the answer's start in the recording."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.errors import ContentError
from generator.pipeline.generate import build_archive
from generator.render import feeds
from generator.site.config import read_settings
from tests.helpers.archive_factory import make_answer, make_archive, make_question, make_talk
from tests.helpers.ondisk import MKDOCS, VIDEOS
from tests.helpers.ondisk import make_archive as make_archive_on_disk


def _published(day: dt.date, time: dt.time | None, zone: str = "Europe/Berlin") -> list[str]:
    talk = make_talk(id="t", date=day, time=time)
    question = make_question(talk="t", answer=make_answer(272))
    archive = make_archive(talks=[talk], questions=[question], timezone=zone)
    return [entry.published.isoformat() for entry in feeds.answer_entries(archive)]


@pytest.mark.parametrize(
    ("day", "zone", "expected"),
    [
        (dt.date(2013, 3, 5), "Europe/Berlin", "2013-03-05T13:34:32+00:00"),  # CET, +1
        (dt.date(2013, 7, 5), "Europe/Berlin", "2013-07-05T12:34:32+00:00"),  # CEST, +2
        (dt.date(2013, 3, 31), "Europe/Berlin", "2013-03-31T12:34:32+00:00"),  # the day of the change
        (dt.date(2013, 7, 5), "America/New_York", "2013-07-05T18:34:32+00:00"),
        (dt.date(2013, 7, 5), "UTC", "2013-07-05T14:34:32+00:00"),
    ],
)  # fmt: skip
def test_entry_is_talk_start_plus_answer_offset(day: dt.date, zone: str, expected: str) -> None:
    """Assert that 14:30 local time plus 4:32 is given in UTC with that day's offset."""
    assert _published(day, dt.time(14, 30), zone) == [expected]


def test_without_a_time_the_talk_counts_as_starting_at_noon() -> None:
    """Assert that a talk with a date only starts at 12:00 in the archive's time zone."""
    assert _published(dt.date(2013, 3, 5), None) == ["2013-03-05T11:04:32+00:00"]


def test_feed_shows_the_utc_time(tmp_path: Path) -> None:
    """Assert that the Atom entry's published and updated are the talk start plus the offset."""
    videos = VIDEOS.replace("  date: 2013-03-05\n", '  date: 2013-03-05\n  time: "19:00"\n')
    archive = build_archive(make_archive_on_disk(tmp_path, {"videos.yml": videos}))
    xml = feeds.render_feeds(archive)[feeds.ALL]
    assert "<published>2013-03-05T18:04:32Z</published>" in xml
    assert "<updated>2013-03-05T18:04:32Z</updated>" in xml


@pytest.mark.parametrize(
    ("written", "expected"), [('"9:05"', dt.time(9, 5)), ("14:30", dt.time(14, 30))]
)
def test_time_is_read_quoted_or_not(tmp_path: Path, written: str, expected: dt.time) -> None:
    """Assert that `time: "9:05"` and YAML's base-60 reading of an unquoted 14:30 are times."""
    videos = VIDEOS.replace("  date: 2013-03-05\n", f"  date: 2013-03-05\n  time: {written}\n")
    archive = build_archive(make_archive_on_disk(tmp_path, {"videos.yml": videos}))
    assert archive.talks[0].time == expected


@pytest.mark.parametrize(("written", "shown"), [('"25:00"', "'25:00'"), ("abends", "'abends'")])
def test_a_value_that_is_no_time_is_refused(tmp_path: Path, written: str, shown: str) -> None:
    """Assert that a time that is not a time of day names the line and the value."""
    videos = VIDEOS.replace("  date: 2013-03-05\n", f"  date: 2013-03-05\n  time: {written}\n")
    with pytest.raises(ContentError) as info:
        build_archive(make_archive_on_disk(tmp_path, {"videos.yml": videos}))
    assert [str(p) for p in info.value.problems] == [
        f"videos.yml:5: 'time' must be a time of day like \"14:30\", not {shown}"
    ]


def test_time_zone_is_read_from_mkdocs_yml(tmp_path: Path) -> None:
    """Assert that extra.wunschzeit.timezone is read, and Europe/Berlin is the default."""
    assert read_settings(make_archive_on_disk(tmp_path / "a")).timezone == "Europe/Berlin"
    text = MKDOCS + "extra:\n  wunschzeit:\n    timezone: America/New_York\n"
    root = make_archive_on_disk(tmp_path / "b", {"mkdocs.yml": text})
    assert read_settings(root).timezone == "America/New_York"


def test_unknown_time_zone_is_refused(tmp_path: Path) -> None:
    """Assert that a time zone name zoneinfo does not know is an error on its line."""
    text = MKDOCS + "extra:\n  wunschzeit:\n    timezone: Europe/Genf\n"
    line = text.count("\n")  # the last one
    with pytest.raises(ContentError) as info:
        read_settings(make_archive_on_disk(tmp_path, {"mkdocs.yml": text}))
    assert [str(p) for p in info.value.problems] == [
        f"mkdocs.yml:{line}: extra.wunschzeit.timezone must be a time zone name such as "
        "Europe/Berlin or UTC, not 'Europe/Genf'"
    ]
