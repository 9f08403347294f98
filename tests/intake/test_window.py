"""The collection window in the archive's time zone: times without zone read in it, days in it."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from pathlib import Path

import pytest

from generator.intake import window
from generator.intake.formats import Incoming
from tests.helpers import ondisk
from tests.helpers.importing import new_files, run_import

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
NEW_YORK = zoneinfo.ZoneInfo("America/New_York")
MARCH_2 = window.Window(dt.date(2013, 3, 2), dt.date(2013, 3, 2))


def _record(when: dt.datetime, line: int = 2) -> Incoming:
    return Incoming("Wie?", f"s-{line}", "live-chat", line, asked_at=when)


@pytest.mark.parametrize(
    ("zone", "inside"),
    [(dt.UTC, False), (BERLIN, True), (NEW_YORK, False)],
)
def test_an_aware_time_counts_by_its_day_in_the_archive_zone(zone: dt.tzinfo, inside: bool) -> None:
    """Assert that 23:30 UTC on 1 March is inside a 2 March window in Berlin only."""
    record = _record(dt.datetime(2013, 3, 1, 23, 30, tzinfo=dt.UTC))
    kept, outside = window.within([record], MARCH_2, zone)
    assert (kept == [record], [s.reason for s in outside]) == (
        (True, []) if inside else (False, [window.OUTSIDE_WINDOW])
    )


def test_a_time_without_zone_is_read_in_the_archive_zone_and_kept_with_it() -> None:
    """Assert that naive times get the archive's offset (summer time too), aware ones stay."""
    records = [
        _record(dt.datetime(2013, 3, 2, 23, 59), 2),
        _record(dt.datetime(2013, 3, 3, 0, 0), 3),
        _record(dt.datetime(2013, 3, 2, 6, 0, tzinfo=dt.UTC), 4),
    ]
    kept, outside = window.within(records, MARCH_2, NEW_YORK)
    assert [r.asked_at.isoformat() for r in kept if r.asked_at] == [
        "2013-03-02T23:59:00-05:00",
        "2013-03-02T06:00:00+00:00",
    ]
    assert [s.line for s in outside] == [3]
    summer = window.within([_record(dt.datetime(2013, 7, 1, 12, 0))], window.Window(), BERLIN)
    assert [r.asked_at for r in summer[0]] == [dt.datetime(2013, 7, 1, 12, tzinfo=BERLIN)]
    assert "+02:00" in str(summer[0][0].asked_at)


def test_csv_import_writes_times_in_the_configured_zone(tmp_path: Path) -> None:
    """Assert that `extra.wunschzeit.timezone` gives the CSV's times their offset in the files."""
    mkdocs = ondisk.MKDOCS + "extra:\n  wunschzeit:\n    timezone: America/New_York\n"
    root = ondisk.make_archive(tmp_path / "archive", {"mkdocs.yml": mkdocs})
    assert run_import(root, "csv", "fragen.csv") == 0
    text = new_files(root)["wie-wichtig-ist-eigentlich-der-cw.md"]
    assert "asked_at: 2013-03-02T10:00:00-05:00\n" in text


def test_csv_import_reads_times_in_berlin_by_default(tmp_path: Path) -> None:
    """Assert that without the setting the archive's default zone, Europe/Berlin, is used."""
    root = ondisk.make_archive(tmp_path / "archive")
    assert run_import(root, "csv", "fragen.csv") == 0
    text = new_files(root)["wie-wichtig-ist-eigentlich-der-cw.md"]
    assert "asked_at: 2013-03-02T10:00:00+01:00\n" in text
