"""What each rendered file reads, as digests: a file whose digest is unchanged is not rendered.

Takes a linked Archive; gives `Digests`, from which pipeline/incremental.py takes the digest
of each rendered unit (a talk's own files, the list pages, one feed, one talk's item of
archive.json) and compares it with the one recorded when the unit's files were written.

What every page shares: the settings, the organisation's pages, every talk's record (titles,
recordings, dates, the count that chooses Pagefind), every expert and event. A talk's own
files read that and the talk's own questions (no other talk's: tests/pipeline/
test_page_cache.py checks it). The list pages (overviews, expert, event and tag pages) read
that and every question except its answer summary, which only the talk page, the feeds and
archive.json show: so editing a summary, the most common edit, renders none of them again.
A feed reads that and its entries' questions; a talk's item of archive.json only the
settings, the talk and its questions. Each digest is a SHA-256 of `repr`s: the records are
frozen dataclasses of plain values, whose `repr` shows every field that counts.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from generator.models import Archive, Question
from generator.render import feeds

Known = Mapping[str, tuple[str, str, str]]  # talk id → (sources, questions, listed part)


@dataclass(frozen=True)
class Digests:
    """The digests of an archive's parts, combined per rendered unit by the methods."""

    shared: str  # what every page reads
    settings: str
    talks: dict[str, str]  # talk id → its record
    questions: dict[str, str]  # talk id → its questions, every field
    listed: str  # what the list pages read: shared, and the questions without summaries
    known: dict[str, tuple[str, str, str]]  # talk id → what the next run may take as known

    def talk_files(self, talk_id: str) -> str:
        """A talk's page, chapters track and transcript."""
        return combined(self.shared, talk_id, self.questions.get(talk_id, ""))

    def archive_item(self, talk_id: str) -> str:
        """A talk's item of archive.json (opendata.talk_item)."""
        return combined(self.settings, self.talks[talk_id], self.questions.get(talk_id, ""))

    def feed(self, feed: feeds.Feed, newest: dt.datetime) -> str:
        """A feed (feeds.planned): its place, title and entries, and the newest entry's time."""
        parts = [self.shared, feed.path, feed.page, feed.title, newest.isoformat()]
        for entry in feed.entries:
            talk_id = entry.talk.id
            parts += [talk_id, entry.question.id, self.questions.get(talk_id, "")]
        return combined(*parts)


def digests(
    archive: Archive, hashes: Mapping[str, str] | None = None, known: Known | None = None
) -> Digests:
    """The digests of `archive`; its questions' `repr`s are its largest part (1 s at 5,000
    talks of 20 questions), so they are made only for the talks whose question files
    changed, given `hashes` (root-relative path → SHA-256 of each file's bytes, as the
    fingerprint found them) and what the last run made of them (`Digests.known`).

    That reuse takes a question's record to follow from its file, the other files of its
    talk and what every page shares (settings, talks, experts, events), all in the key.
    """
    talks = {t.id: _sha(repr(t)) for t in archive.talks}
    settings = _sha(repr(archive.settings))
    shared = _sha(
        repr(
            (
                settings,
                archive.pages,
                list(talks.items()),
                sorted(archive.experts.items()),
                sorted(archive.events.items()),
            )
        )
    )
    questions: dict[str, str] = {}
    heads: list[str] = []
    made: dict[str, tuple[str, str, str]] = {}
    for talk_id, of_talk in sorted(archive.questions.items()):
        sources = _sources(shared, talk_id, of_talk, hashes)
        found = (known or {}).get(talk_id)
        if sources is not None and found is not None and found[0] == sources:
            own, head = found[1], found[2]
        else:
            own, head = _questions(of_talk)
        questions[talk_id] = own
        heads += [talk_id, head]
        if sources is not None:
            made[talk_id] = (sources, own, head)
    return Digests(shared, settings, talks, questions, combined(shared, *heads), made)


def _sources(
    shared: str, talk_id: str, questions: Sequence[Question], hashes: Mapping[str, str] | None
) -> str | None:
    """The talk's question files by path and SHA-256; None without a hash for each."""
    if hashes is None:
        return None
    parts = [shared, talk_id]
    for question in questions:
        found = hashes.get(question.origin.path)
        if found is None:
            return None
        parts += [question.origin.path, found]
    return combined(*parts)


def _questions(questions: Sequence[Question]) -> tuple[str, str]:
    """(every field of the questions, every field but the answer summaries), as digests."""
    own, listed = hashlib.sha256(), hashlib.sha256()
    for question in questions:
        head, summary = _split(question)
        listed.update(head)
        own.update(head)
        own.update(summary)
    return own.hexdigest(), listed.hexdigest()


def _split(question: Question) -> tuple[bytes, bytes]:
    """(the question's `repr` up to its answer summary, the summary); a repr of another
    shape is all head, so the list pages count it as read (safe, only slower)."""
    text = repr(question)
    summary = f"body={question.body!r})"
    if not text.endswith(summary):
        return text.encode(), b""
    return text[: -len(summary)].encode(), summary.encode()


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def combined(*parts: str) -> str:
    return _sha("\0".join(parts))
