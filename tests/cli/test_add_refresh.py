"""`wunschzeit add` and `refresh`: yt-dlp against a page served on 127.0.0.1 (allowed with
--allow-private-hosts, refused without), credentials in URLs, and the cache."""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import http.server
import json
import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.cli import add as verb_add
from generator.cli import main
from generator.cli import refresh as verb_refresh
from generator.errors import ContentError, UsageError
from generator.pipeline.generate import build_archive
from generator.recordings import fetch, videos_yml
from tests.helpers.ondisk import VIDEOS, make_archive
from tests.helpers.paths import REPO

ALLOW = "--allow-private-hosts"
MP4 = REPO / "media" / "genf-design.mp4"
JPEG = REPO / "content" / ".cache" / "genf-design.jpg"
COMMENTED = "# Die Talks, ein Eintrag je Live-Talk.\n\n" + VIDEOS.replace(
    "  date: 2013-03-05\n", "  date: 2013-03-05   # live im Stream\n"
)
PAGE = """<!doctype html>
<html><head><title>Nordwerk Live</title>
<script type="application/ld+json">
{"@context": "https://schema.org", "@type": "VideoObject", "name": "Live-Talk: Laden",
 "description": "Eure Fragen.\\n0:00 Begrüßung\\n1:05 Laden zu Hause\\n3:10 Laden unterwegs",
 "duration": "PT5M30S", "uploadDate": "2013-03-07", "thumbnailUrl": "BASE/thumb.jpg",
 "contentUrl": "BASE/talk.mp4"}
</script></head>
<body><h1>Live-Talk: Laden</h1></body></html>
"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        """No request lines in the test output."""


@pytest.fixture
def site(tmp_path: Path) -> Iterator[str]:
    """A web server on 127.0.0.1 (random port) with a talk page, its video and thumbnail."""
    folder = tmp_path / "www"
    folder.mkdir()
    (folder / "talk.mp4").write_bytes(MP4.read_bytes())
    (folder / "thumb.jpg").write_bytes(JPEG.read_bytes())
    handler = functools.partial(_Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    (folder / "talk.html").write_text(PAGE.replace("BASE", base), encoding="utf-8")
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield base
    server.shutdown()
    server.server_close()


def parse(module: object, root: Path, *argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    module.add_arguments(parser)  # type: ignore[attr-defined]
    args = parser.parse_args(argv)
    args.root = str(root)
    return args


def test_add_fetches_caches_and_appends(
    tmp_path: Path, site: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Assert that add runs yt-dlp on a local page, caches it, appends the talk and builds."""
    root = make_archive(tmp_path / "archive", {"videos.yml": COMMENTED})
    args = parse(verb_add, root, f"{site}/talk.html", "--id", "laden", "--expert", "anna", ALLOW)
    assert verb_add.run(args) == 0
    assert (root / "videos.yml").read_text() == COMMENTED + (
        f"\n- id: laden\n  url: {site}/talk.html\n  date: 2013-03-07\n"
        "  experts: [anna]\n  language: de\n"
    )
    info = json.loads((root / "content/.cache/laden.info.json").read_text())
    assert (info["title"], info["duration"], info["extractor_key"]) == (
        "Live-Talk: Laden",
        330,
        "Generic",
    )
    assert not {"formats", "http_headers", "url", "requested_subtitles"} & info.keys()
    assert (root / "content/.cache/laden.jpg").read_bytes() == JPEG.read_bytes()
    talk = build_archive(root).talk("laden")
    assert talk.recording is not None
    assert (talk.display_title, talk.recording.duration) == ("Live-Talk: Laden", 330)
    assert [c.title for c in talk.recording.chapters] == [
        "Begrüßung",
        "Laden zu Hause",
        "Laden unterwegs",
    ]
    assert capsys.readouterr().out.splitlines() == [
        "added talk 'laden' to videos.yml",
        "cached content/.cache/laden.info.json",
        "cached content/.cache/laden.jpg",
    ]


def test_add_writes_nothing_when_fetching_fails(
    tmp_path: Path, site: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Assert that a page that is gone is reported with a reason and nothing is written."""
    root = make_archive(tmp_path / "archive", {"videos.yml": COMMENTED})
    args = parse(verb_add, root, f"{site}/gone.html", "--id", "gone", ALLOW)
    assert verb_add.run(args) == 1
    assert (
        capsys.readouterr().err == f"{site}/gone.html: removed (not found); nothing was written\n"
    )
    assert (root / "videos.yml").read_text() == COMMENTED
    assert sorted(p.name for p in (root / "content/.cache").iterdir()) == ["talk-a.info.json"]


def test_add_local_media_file_needs_no_network(tmp_path: Path) -> None:
    """Assert that a media file in the archive is appended without fetching anything."""
    root = make_archive(tmp_path, {"videos.yml": COMMENTED, "media/b.mp4": "x"})
    args = parse(
        verb_add,
        root,
        "media/b.mp4",
        "--id",
        "talk-b",
        "--title",
        "B: zwei",
        "--date",
        "2013-03-06",
    )
    assert verb_add.run(args) == 0
    assert (root / "videos.yml").read_text() == COMMENTED + (
        "\n- id: talk-b\n  title: 'B: zwei'\n  url: media/b.mp4\n  date: 2013-03-06\n"
        "  language: de\n"
    )
    assert not (root / "content/.cache/talk-b.info.json").exists()


def test_add_refuses_a_taken_id(tmp_path: Path) -> None:
    """Assert that an id already in videos.yml is an error at its line, and nothing changes."""
    root = make_archive(tmp_path, {"videos.yml": COMMENTED, "media/b.mp4": "x"})
    with pytest.raises(ContentError) as error:
        verb_add.run(parse(verb_add, root, "media/b.mp4", "--id", "talk-a"))
    assert str(error.value) == "videos.yml:3: talk id 'talk-a' is taken; choose another --id"
    assert (root / "videos.yml").read_text() == COMMENTED


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["media/b.mp4", "--id", "Talk B"], "--id must be an id of a-z, 0-9 and '-', not 'Talk B'"),
        (
            ["media/b.mp4", "--id", "b", "--date", "5.3.2013"],
            "--date must be a date like 2013-03-05, not '5.3.2013'",
        ),
        (
            ["../b.mp4", "--id", "b"],
            "URL must be an http(s) address or a media file in the archive such as media/talk.mp4, not '../b.mp4'",
        ),
        (
            ["media/b.mp4", "--id", "b", "--language", "Deutsch"],
            "--language must be a code like de or en, not 'Deutsch'",
        ),
    ],
)
def test_add_usage_errors(tmp_path: Path, argv: list[str], message: str) -> None:
    """Assert that wrong arguments are usage errors that say what is expected."""
    root = make_archive(tmp_path)
    with pytest.raises(UsageError) as error:
        verb_add.run(parse(verb_add, root, *argv))
    assert str(error.value) == message


def test_append_refuses_a_flow_list() -> None:
    """Assert that appending to a videos.yml that is no block list fails instead of breaking it."""
    with pytest.raises(Exception, match="does not end in a list of '- id:' entries"):
        videos_yml.append_entry("[]\n", {"id": "b", "url": "media/b.mp4"})


def test_refresh_keeps_the_cache_of_failed_recordings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Assert that refresh stores what arrives, keeps old caches, and exits 1 only with --strict."""
    videos = VIDEOS + VIDEOS.replace("talk-a", "talk-b").replace("abcdefghijk", "bbbbbbbbbbb")
    old = '{"duration": 900, "extractor_key": "Youtube"}'
    root = make_archive(tmp_path, {"videos.yml": videos, "content/.cache/talk-b.info.json": old})

    def fake_fetch(
        url: str, language: str | None, allow_private_hosts: bool, captions_url: str | None
    ) -> fetch.Fetched:
        if "bbbbbbbbbbb" in url:
            raise fetch.FetchError("private")
        return fetch.Fetched(
            info={"id": "abcdefghijk", "extractor_key": "Youtube", "duration": 1000}
        )

    monkeypatch.setattr(fetch, "fetch", fake_fetch)
    assert verb_refresh.run(parse(verb_refresh, root)) == 0
    assert capsys.readouterr() == ("refreshed 1 of 2 recordings\n", "talk-b: private\n")
    assert json.loads((root / "content/.cache/talk-a.info.json").read_text())["duration"] == 1000
    assert (root / "content/.cache/talk-b.info.json").read_text() == old
    assert verb_refresh.run(parse(verb_refresh, root, "--strict", "talk-b")) == 1
    with pytest.raises(UsageError, match=r"no talk with id 'nope' in videos\.yml"):
        verb_refresh.run(parse(verb_refresh, root, "nope"))


def test_refresh_offline_accepts_the_sample_archive(capsys: pytest.CaptureFixture[str]) -> None:
    """Assert that the committed sample cache passes the offline check."""
    assert verb_refresh.run(parse(verb_refresh, REPO, "--offline")) == 0
    assert capsys.readouterr().out == "4 cache files checked: no problems\n"


def test_refresh_offline_reports_every_damaged_file(tmp_path: Path) -> None:
    """Assert that the offline check names each damaged cache file with its line."""
    info = '{\n  "duration": 900,\n  "formats": [],\n  "thumbnail": "https://i.example/t.jpg"\n}\n'
    videos = VIDEOS + VIDEOS.replace("talk-a", "talk-b")
    root = make_archive(
        tmp_path,
        {
            "videos.yml": videos,
            "content/.cache/talk-a.info.json": info,
            "content/.cache/talk-a.de.vtt": "WEBVTT\n\n00:00:01.000 --> 2\nHallo\n",
            "content/.cache/talk-a.en.vtt": "Hallo\n",
            "content/.cache/talk-a.png": "<html>",
            "content/.cache/old-talk.info.json": "{}",
            "content/.cache/.talk-a.jpg.x1.tmp": "",
        },
    )
    with pytest.raises(ContentError) as error:
        verb_refresh.run(parse(verb_refresh, root, "--offline"))
    assert [str(p) for p in error.value.problems] == [
        "content/.cache/.talk-a.jpg.x1.tmp:1: left over from an interrupted write; delete it",
        "content/.cache/old-talk.info.json:1: no talk 'old-talk' in videos.yml; delete it",
        "content/.cache/talk-a.de.vtt:3: malformed cue timing: '00:00:01.000 --> 2'",
        "content/.cache/talk-a.en.vtt:1: captions must start with a line 'WEBVTT'",
        "content/.cache/talk-a.info.json:3: field 'formats' does not belong in the cache (not whitelisted); run `wunschzeit refresh`",
        "content/.cache/talk-a.png:1: thumbnail is no JPEG, PNG or WebP image",
        "videos.yml:7: talk 'talk-b' has no cached metadata; run `wunschzeit refresh talk-b`",
    ]


def test_add_takes_date_and_language_from_metadata() -> None:
    """Assert that the live day and language come from the metadata, but not a file's date."""
    live = {"extractor_key": "Youtube", "release_timestamp": 1362499200, "upload_date": "20130306"}
    entry = verb_add._completed({"id": "a", "url": "u"}, {**live, "language": "en"})
    assert entry == {"id": "a", "url": "u", "date": dt.date(2013, 3, 5), "language": "en"}
    direct = {
        "extractor_key": "Generic",
        "webpage_url": "https://x/v.mp4",
        "upload_date": "20261125",
    }
    assert verb_add._completed({"id": "a", "url": "u"}, direct) == {"id": "a", "url": "u"}


def test_add_keeps_bom_and_windows_line_ends(tmp_path: Path) -> None:
    """Assert that appending keeps a BOM and CRLF line ends of videos.yml."""
    old = "\ufeff" + COMMENTED.replace("\n", "\r\n")
    root = make_archive(tmp_path, {"media/b.mp4": "x"})
    (root / "videos.yml").write_bytes(old.encode("utf-8"))
    assert verb_add.run(parse(verb_add, root, "media/b.mp4", "--id", "talk-b")) == 0
    new = (root / "videos.yml").read_bytes().decode("utf-8")
    assert new == old + "\r\n- id: talk-b\r\n  url: media/b.mp4\r\n  language: de\r\n"


# --- the local network and credentials --------------------------------------------------------

REFUSED_TAIL = "not on the public internet; --allow-private-hosts allows it; nothing was written"


def _snapshot(root: Path) -> dict[str, bytes]:
    """videos.yml and every file of the cache, byte for byte."""
    files = [root / "videos.yml", *sorted((root / "content/.cache").rglob("*"))]
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in files if p.is_file()}


@pytest.mark.parametrize(
    ("url", "refused"),
    [
        ("SITE/talk.html", "127.0.0.1 is a loopback address"),
        ("http://localhost/talk", "localhost (127.0.0.1) is a loopback address"),
        ("http://[::1]:8080/talk", "::1 is a loopback address"),
        ("http://10.0.0.1/talk", "10.0.0.1 is a private address"),
        ("https://192.168.1.1/talk", "192.168.1.1 is a private address"),
        ("http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a link-local address"),
        ("http://0.0.0.0:8000/", "0.0.0.0 is an unspecified address"),
        ("https://talks.example.org/v/1", "talks.example.org (127.0.0.1) is a loopback address"),
    ],
)
def test_add_refuses_the_local_network(
    tmp_path: Path,
    site: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    url: str,
    refused: str,
) -> None:
    """Assert that add refuses a host that is or resolves to a non-public address, exit 1,
    and writes nothing."""
    real = socket.getaddrinfo

    def getaddrinfo(host: str, *args: Any, **kwargs: Any) -> Any:
        return real("127.0.0.1" if host == "talks.example.org" else host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    root = make_archive(tmp_path / "archive", {"videos.yml": COMMENTED})
    before = _snapshot(root)
    url = url.replace("SITE", site)
    assert verb_add.run(parse(verb_add, root, url, "--id", "laden")) == 1
    assert capsys.readouterr() == ("", f"{url}: refused: {refused}, {REFUSED_TAIL}\n")
    assert _snapshot(root) == before


def test_refresh_refuses_the_local_network_unless_allowed(
    tmp_path: Path, site: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Assert that refresh keeps the cache of a talk on a private host, and fetches it when
    --allow-private-hosts is given."""
    videos = VIDEOS.replace("https://www.youtube.com/watch?v=abcdefghijk", f"{site}/talk.html")
    root = make_archive(tmp_path, {"videos.yml": videos})
    before = _snapshot(root)
    assert verb_refresh.run(parse(verb_refresh, root, "--strict")) == 1
    message = "refused: 127.0.0.1 is a loopback address, not on the public internet"
    assert capsys.readouterr() == (
        "refreshed 0 of 1 recordings\n",
        f"talk-a: {message}; --allow-private-hosts allows it\n",
    )
    assert _snapshot(root) == before
    assert verb_refresh.run(parse(verb_refresh, root, "--strict", ALLOW)) == 0
    assert capsys.readouterr().out == "refreshed 1 of 1 recordings\n"
    info = json.loads((root / "content/.cache/talk-a.info.json").read_text())
    assert info["title"] == "Live-Talk: Laden"


def test_add_removes_credentials_from_the_url(
    tmp_path: Path, site: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Assert that add stores and caches the URL without user:password@ and says so."""
    root = make_archive(tmp_path / "archive", {"videos.yml": COMMENTED})
    secret = site.replace("http://", "http://editor:s3cret@") + "/talk.html"
    assert verb_add.run(parse(verb_add, root, secret, "--id", "laden", ALLOW)) == 0
    said = "laden: removed the user name and password from the URL (it is published)"
    assert capsys.readouterr().err.startswith(said + "\n")  # then the web server's own noise
    assert f"  url: {site}/talk.html\n" in (root / "videos.yml").read_text()
    assert not [p for p in _snapshot(root) if b"s3cret" in (root / p).read_bytes()]


def test_check_refuses_credentials_in_a_hand_written_url(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Assert that a talk url with a user name or password is an error at its line, unshown."""
    videos = VIDEOS.replace("https://www.", "https://editor:s3cret@www.")
    root = make_archive(tmp_path, {"videos.yml": videos})
    assert main(["--root", str(root), "check"]) == 1
    assert capsys.readouterr().err == (
        "videos.yml:3: 'url' must not contain a user name or password\n1 error\n"
    )


# --- without the network ----------------------------------------------------------------------


def _closed_port() -> int:
    """A port on 127.0.0.1 nothing listens on: connecting there fails as offline does."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_add_no_fetch_appends_the_entry_without_the_network(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Assert that add --no-fetch appends every given field, the duration as written, and
    fetches and caches nothing."""

    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("add --no-fetch used the network")

    monkeypatch.setattr(fetch, "fetch", no_network)
    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    root = make_archive(tmp_path, {"videos.yml": COMMENTED})
    before = _snapshot(root)
    url = "https://www.youtube.com/watch?v=bbbbbbbbbbb"
    argv = [url, "--id", "laden", "--no-fetch", "--title", "Laden", "--date", "2013-03-07"]
    argv += ["--event", "show", "--expert", "anna", "--language", "en", "--duration", "12:30"]
    assert verb_add.run(parse(verb_add, root, *argv)) == 0
    assert (root / "videos.yml").read_text() == COMMENTED + (
        f"\n- id: laden\n  title: Laden\n  url: {url}\n  date: 2013-03-07\n  event: show\n"
        "  experts: [anna]\n  language: en\n  duration: 12:30\n"
    )
    assert {k: v for k, v in _snapshot(root).items() if k != "videos.yml"} == {
        k: v for k, v in before.items() if k != "videos.yml"
    }
    assert capsys.readouterr() == (
        "added talk 'laden' to videos.yml\n"
        "nothing fetched: once online, `wunschzeit refresh laden` caches its metadata\n",
        "",
    )
    talk = build_archive(root).talk("laden")
    assert talk.recording is not None
    assert (talk.display_title, talk.recording.duration) == ("Laden", 750)


@pytest.mark.parametrize(
    ("duration", "written", "seconds"),
    [
        ("750", "750", 750),
        ("1:02:03", "1:02:03", 3723),
        ("1h2m", "1h2m", 3720),
        ("0750", "'0750'", 750),
    ],
)
def test_add_writes_the_duration_as_given(
    tmp_path: Path, duration: str, written: str, seconds: int
) -> None:
    """Assert that --duration is written as given, quoted only where YAML would read another
    number (an unquoted 0750 is octal), and is read back as the same length."""
    root = make_archive(tmp_path, {"media/b.mp3": "x"})
    args = parse(verb_add, root, "media/b.mp3", "--id", "b", "--title", "B", "--duration", duration)
    assert verb_add.run(args) == 0
    assert (root / "videos.yml").read_text().endswith(f"  duration: {written}\n")
    recording = build_archive(root).talk("b").recording
    assert recording is not None and recording.duration == seconds


def test_add_refuses_a_duration_that_is_no_length(tmp_path: Path) -> None:
    """Assert that a --duration that is not a timestamp is a usage error and nothing changes."""
    root = make_archive(tmp_path, {"videos.yml": COMMENTED})
    argv = ["https://www.youtube.com/watch?v=bbbbbbbbbbb", "--id", "b", "--no-fetch"]
    with pytest.raises(UsageError) as error:
        verb_add.run(parse(verb_add, root, *argv, "--duration", "12:75"))
    assert str(error.value) == (
        "--duration must be a length like 1:02:03, 12:30 or 750 (seconds), not '12:75'"
    )
    assert (root / "videos.yml").read_text() == COMMENTED


def test_add_offline_suggests_no_fetch(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Assert that add without a network connection says so, suggests --no-fetch and writes
    nothing."""
    root = make_archive(tmp_path / "archive", {"videos.yml": COMMENTED})
    before = _snapshot(root)
    url = f"http://127.0.0.1:{_closed_port()}/talk.html"
    assert verb_add.run(parse(verb_add, root, url, "--id", "laden", ALLOW)) == 1
    assert capsys.readouterr() == (
        "",
        f"{url}: network down; nothing was written; to add the talk offline, repeat the command "
        "with --no-fetch (and --title, --date, --duration as known), then run "
        "`wunschzeit refresh laden` once online\n",
    )
    assert _snapshot(root) == before
