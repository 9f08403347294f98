"""Tests for generator.align's matching: words, names, assignment and unanswered questions."""

from __future__ import annotations

from generator.align import AlignQuestion, align
from generator.align.assign import assign
from generator.align.model import Candidate
from generator.align.names import name_parts
from generator.align.text import fold, language, words
from generator.models import Chapter, Cue
from generator.timestamps import Timestamp

FILLER = [
    "Das ist ein spannendes Thema.",
    "Wir haben heute viel vor.",
    "Danke an alle im Chat.",
    "Ich schaue kurz in die Liste.",
]


def talk(*lines: tuple[float, str]) -> list[Cue]:
    """Cues from (start, text), with filler every ten seconds in between."""
    cues = [Cue(t, t + 4, text) for t, text in lines]
    taken = {int(t) // 10 for t, _ in lines}
    end = int(max(t for t, _ in lines)) + 60
    cues += [Cue(s, s + 4, FILLER[s % 4]) for s in range(0, end, 10) if s // 10 not in taken]
    return sorted(cues, key=lambda c: c.start)


def test_folding_removes_case_accents_and_umlauts() -> None:
    """Assert that folding lower-cases and removes accents, umlauts and ß."""
    assert fold("Größe Élan Kühlergrill") == "grosse elan kuhlergrill"
    assert words("Gibt's @Luccio_Rossi, l'autonomie?") == [
        "gibt",
        "s",
        "luccio",
        "rossi",
        "l",
        "autonomie",
    ]


def test_stemming_per_language() -> None:
    """Assert that German, English and French words meet their other forms."""
    de, en, fr = language("de"), language("en-GB"), language("fr_CH")
    assert de.terms("Die Fragen zur Batterie") == ["frag", "batteri"]
    assert de.terms("fragt Batterien") == ["fragt", "batteri"]
    assert en.terms("charging batteries") == en.terms("charged battery")
    assert fr.terms("les pistes cyclables") == fr.terms("piste cyclable")
    assert language("xx").terms("Häuser") == ["hauser"]  # unknown: folded, not stemmed


def test_name_parts_of_handles() -> None:
    """Assert that handles are split into the words a moderator says."""
    assert name_parts("@ampere_andi") == ["ampere", "andi"]
    assert name_parts("LuccioRossi") == ["luccio", "rossi"]
    assert name_parts("neugier_77") == ["neugier"]
    assert name_parts("Ömer") == ["omer"]
    assert name_parts("@the_real_Al") == []
    assert name_parts(None) == []


def test_misspelt_name_with_handle_finds_start() -> None:
    """Assert that `@Luccio` is found as a misheard `lucio` in automatic captions."""
    cues = talk(
        (100, "okay lucio asks me"),
        (103, "about the range in the cold"),
        (108, "about four hundred kilometres"),
    )
    question = AlignQuestion("q", "What range does the car have when it is cold?", "@Luccio_R")
    [suggestion] = align([question], cues, language="en")
    assert (suggestion.start, suggestion.evidence[:18]) == (100, "okay lucio asks me")


def test_question_read_out_without_name() -> None:
    """Assert that a question read out word for word is found without its asker's name."""
    cues = talk(
        (50, "Eine Frage aus dem Chat: Wie lange hält der Akku im Winter?"),
        (55, "Im Winter etwa zwanzig Prozent weniger."),
    )
    [suggestion] = align([AlignQuestion("q", "Wie lange hält der Akku im Winter?")], cues)
    assert suggestion.start == 50
    assert suggestion.score >= 80


def test_unanswered_questions_get_no_start() -> None:
    """Assert that a question the captions do not support gets no start, end or evidence."""
    cues = talk(
        (50, "Mario fragt: Wie lange hält der Akku im Winter?"),
        (55, "Im Winter etwa zwanzig Prozent weniger."),
    )
    questions = [
        AlignQuestion("akku", "Wie lange hält der Akku im Winter?", "Mario"),
        AlignQuestion("lack", "Welche Farben gibt es für den Lack?", "Paul"),
    ]
    found, missing = align(questions, cues)
    assert found.start == 50
    assert (missing.start, missing.end, missing.evidence) == (None, None, "")
    assert missing.score < 45


def test_assignment_gives_a_moment_to_one_question() -> None:
    """Assert that two near-identical questions do not both take the one readout."""
    cues = talk(
        (50, "Mario fragt: Wie schnell lädt der Akku an der Säule?"),
        (56, "In zwanzig Minuten auf achtzig Prozent."),
    )
    questions = [
        AlignQuestion("lisa", "Wie schnell lädt der Akku an der Säule?", "Lisa"),
        AlignQuestion("mario", "Wie schnell lädt der Akku an der Säule?", "Mario"),
    ]
    lisa, mario = align(questions, cues)
    assert (mario.start, lisa.start) == (50, None)


def test_assignment_swaps_when_the_total_is_higher() -> None:
    """Assert that a question yields its best cue to one that has no other, if it has one."""
    first = [Candidate(0, 1, 100.0, 0.9), Candidate(0, 5, 300.0, 0.85)]
    second = [Candidate(1, 2, 102.0, 0.8)]
    chosen = assign([first, second])
    assert (chosen[0].start, chosen[1].start) == (300.0, 102.0)


def test_answer_order_and_ends() -> None:
    """Assert that questions answered in another order get their own starts, and each answer
    ends at the next start, a chapter, or a long pause."""
    cues = talk(
        (20, "Anna fragt: Woran erkennt man das Auto nachts von hinten?"),
        (26, "An der Lichtleiste über das ganze Heck."),
        (80, "Frage von Konstantin: Wie entsteht die Farbe Gletscherblau?"),
        (86, "Drei Schichten Lack mit Glaspartikeln."),
    )
    questions = [
        AlignQuestion("farbe", "Wie entsteht die Farbe Gletscherblau?", "Konstantin"),
        AlignQuestion("licht", "Woran erkennt man das Auto nachts von hinten?", "Anna"),
    ]
    farbe, licht = align(questions, cues, chapters=[Chapter("Farbe", Timestamp(60))])
    assert (licht.start, licht.end, farbe.start) == (20, 54, 80)  # last cue before the chapter
    quiet = [
        Cue(20, 24, "Anna fragt: Woran erkennt man das Auto nachts von hinten?"),
        Cue(25, 30, "An der Lichtleiste."),
        Cue(60, 62, "So."),
    ]
    assert align(questions[1:], quiet)[0].end == 30


def test_chat_offset_prefers_answers_after_the_question_was_asked() -> None:
    """Assert that of two identical readouts, a chat question takes the one after it was asked."""
    text = "Eine Frage: Wie lange hält der Akku im Winter?"
    cues = talk((50, text), (300, text))
    question = AlignQuestion("q", "Wie lange hält der Akku im Winter?", None, asked_at_offset=200)
    assert align([question], cues)[0].start == 300


def test_chapter_title_supports_a_start() -> None:
    """Assert that a chapter named like the question lifts its start over the threshold."""
    cues = talk((120, "Gute Frage. Die Wärmepumpe läuft auch bei minus zwanzig Grad."))
    question = AlignQuestion("q", "Funktioniert die Wärmepumpe auch bei Frost?")
    assert align([question], cues)[0].start is None
    chapters = [Chapter("Funktioniert die Wärmepumpe bei Frost?", Timestamp(118))]
    assert align([question], cues, chapters=chapters)[0].start in range(110, 125)


def test_no_cues_no_starts() -> None:
    """Assert that without captions every question is not found."""
    assert [s.start for s in align([AlignQuestion("q", "Warum?")], [])] == [None]
