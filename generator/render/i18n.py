"""UI strings in German and English, and dates written the way each language writes them.

The `locale` module is not used: it depends on what the machine has installed, and the pages
must come out the same everywhere.
"""

from __future__ import annotations

import datetime as dt
import functools

from generator.constants import DEFAULT_LANGUAGE

LANGUAGES = ("de", "en")

_MONTHS = {
    "de": (
        "Januar", "Februar", "März", "April", "Mai", "Juni",
        "Juli", "August", "September", "Oktober", "November", "Dezember",
    ),
    "en": (
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ),
}  # fmt: skip

_STRINGS: dict[str, dict[str, str]] = {
    "de": {
        "home_intro": (
            "Hier finden Sie alle Fragen des Publikums zu unseren Live-Talks und die "
            "Antworten der Expertinnen und Experten. Suchen Sie Ihre Frage über die Suche "
            "oder die Themen, und klicken Sie auf ▶, um die Aufzeichnung genau an der "
            "Stelle zu öffnen, an der die Frage beantwortet wird."
        ),
        "latest_talks": "Neueste Talks",
        "open_count": "{count} offene Fragen warten auf eine Antwort",
        "open_count_one": "1 offene Frage wartet auf eine Antwort",
        "browse": "Stöbern",
        "talks": "Talks",
        "experts": "Expertinnen & Experten",
        "events": "Veranstaltungen",
        "tags": "Themen",
        "open_questions": "Offene Fragen",
        "no_talks": "Noch keine Talks.",
        "no_questions": "Noch keine Fragen.",
        "other_talks": "Weitere Talks",
        "counts": "{answered} beantwortet, {open} offen",
        "date": "Datum",
        "event": "Veranstaltung",
        "recording": "Aufzeichnung",
        "not_published": "Aufzeichnung noch nicht veröffentlicht",
        "not_published_body": "Die Fragen, die bisher gesammelt wurden, stehen unten.",
        "watch_on": "Aufzeichnung auf {platform} ansehen",
        "open_recording": "Aufzeichnung öffnen",
        "thumbnail": "Vorschaubild der Aufzeichnung",
        "captions": "Untertitel",
        "no_video": "Ihr Browser kann dieses Video nicht abspielen.",
        "download": "Video herunterladen",
        "answers_overview": "Antworten im Überblick",
        "chapters": "Kapitel",
        "questions": "Fragen",
        "to_question": "zur Frage",
        "asked_by": "Gefragt von {who}",
        "anonymous": "anonym",
        "also_asked_by": "auch gefragt von {who}",
        "more_askers": "{count} weiteren",
        "more_askers_one": "einer weiteren Person",
        "via": "über {channel}",
        "on": "am {when}",
        "answered_by": "Antwort von {who}",
        "merged_into": "Zusammengeführt mit",
        "declined_reason": "Abgelehnt: {reason}",
        "declined": "Abgelehnt",
        "votes": "{count} Stimmen",
        "votes_one": "1 Stimme",
        "answers": "Antworten",
        "no_answers": "Noch keine Antworten.",
        "website": "Website",
        "location": "Ort",
        "talks_of_event": "Talks dieser Veranstaltung",
        "tag": "Thema: {tag}",
        "merged_questions": "Zusammengeführte Fragen",
        "declined_questions": "Abgelehnte Fragen",
        "no_open": "Alle Fragen sind beantwortet.",
        "answer_count": "{count} Antworten",
        "answer_count_one": "1 Antwort",
        "question_count": "{count} Fragen",
        "question_count_one": "1 Frage",
        "status_collected": "offen",
        "status_answered": "beantwortet",
        "status_merged": "zusammengeführt",
        "status_declined": "abgelehnt",
        "channel_blog": "Blog",
        "channel_facebook": "Facebook",
        "channel_twitter": "Twitter",
        "channel_email": "E-Mail",
        "channel_form": "Formular",
        "channel_live-chat": "Live-Chat",
        "channel_slido": "Slido",
        "channel_other": "einen anderen Kanal",
        "time": "{date}, {time} Uhr",
        # Feeds, transcripts, structured data, open data
        "answers_of": "Antworten von {who}",
        "talk_label": "Aus dem Talk „{talk}“",
        "talk_summary": "Live-Talk mit {experts}: {answers}",
        "talk_summary_plain": "Live-Talk: {answers}",
        "transcript": "Transkript",
        "full_transcript": "Vollständiges Transkript",
        "transcript_excerpt": "Transkript der Antwort ({start} – {end})",
        "transcript_excerpt_open": "Transkript der Antwort (ab {start})",
        "feed_all": "Neue Antworten als Atom-Feed abonnieren",
        "feed_expert": "Antworten von {who} als Atom-Feed abonnieren",
        "feed_tag": "Antworten zum Thema als Atom-Feed abonnieren",
        "feed_title_all": "Neue Antworten",
        "open_data": "Alle Fragen und Antworten als offene Daten (JSON)",
        # The player and the privacy page (render_player.py, wunschzeit.js).
        "load_video": "Video laden",
        "load_video_at": "Video ab {time} laden",
        "consent_text": (
            "Das Video liegt auf {platform}. Ihr Browser verbindet sich erst mit {platform} "
            "und überträgt dabei Daten wie Ihre IP-Adresse dorthin, wenn Sie das Video hier "
            "laden oder dem Link unten zu {platform} folgen."
        ),
        "consent_remember": (
            "Laden Sie es hier, merkt sich diese Website Ihre Wahl in Ihrem Browser; "
            "widerrufen können Sie sie unter {privacy}."
        ),
        "consent_ask": (
            "Um die Antwort ab {time} hier abzuspielen, laden Sie bitte zuerst das Video – "
            "oder öffnen Sie die Aufzeichnung über den Link auf {platform}."
        ),
        "starts_at": "Das Video startet bei {time}.",
        "player_title": "Video: {title}",
        "privacy": "Datenschutz",
        "privacy_intro": (
            "Dieses Archiv ist eine statische Website. Seiten, Vorschaubilder und selbst "
            "gehostete Videos kommen von dieser Website; sie setzt keine Cookies und lädt "
            "nichts von anderen Websites, solange Sie es nicht ausdrücklich wollen."
        ),
        "privacy_videos": (
            "Einige Aufzeichnungen liegen auf {platforms}. Deren Player wird erst geladen, "
            "wenn Sie auf „Video laden“ klicken – dann im datensparsamen Modus der Plattform. "
            "Ab da verbindet sich Ihr Browser mit der Plattform und überträgt Daten wie Ihre "
            "IP-Adresse; was sie damit tut, regelt deren Datenschutzerklärung."
        ),
        "privacy_media": (
            "Einige Aufzeichnungen sind Videodateien auf {hosts}. Ihr Browser lädt sie erst "
            "von dort, wenn Sie auf „Video laden“ klicken, und überträgt dabei Daten wie Ihre "
            "IP-Adresse an diesen Server."
        ),
        "privacy_storage": (
            "Ihre Zustimmung speichert diese Website nur in Ihrem Browser (localStorage), "
            "getrennt je Plattform. Sie wird nirgendwohin übertragen."
        ),
        "privacy_consents": "Ihre Zustimmungen",
        "privacy_no_platforms": "Dieses Archiv bettet keine Videos anderer Plattformen ein.",
        "privacy_statement": "Alles Weitere zum Datenschutz: {statement}.",
        "consent_given": "Videos werden geladen",
        "consent_none": "keine Zustimmung",
        "revoke": "Zustimmung widerrufen",
        "consent_revoked": (
            "Ihre Zustimmung ist widerrufen. Videos werden erst wieder nach einem Klick auf "
            "„Video laden“ geladen."
        ),
        # The talk page's timeline, watch-along and take-away (timeline.py, takeaway.py).
        "answers_chapters": "Antworten und Kapitel",
        "chapter": "Kapitel",
        "timeline": "Antworten auf der Zeitleiste der Aufzeichnung ({duration})",
        "jumps_to": "Springt zu: {question}",
        "follow": "Mitlaufen",
        "noscript_hint": (
            "Die Marken auf der Zeitleiste und die ▶-Links öffnen die Aufzeichnung an der "
            "Stelle der Antwort."
        ),
        "copy_link": "Link zu diesem Moment kopieren",
        "copied": "Link kopiert",
        "copy_failed": "Kopieren ging nicht – der Link steht markiert im Feld daneben.",
        "downloads": "Herunterladen",
        "download_video": "Video ({kind})",
        "download_captions": "Untertitel (WebVTT)",
        "download_transcript": "Transkript (Text)",
        # Cards, expert pages and tags (cards.py, lists.py).
        "duration": "Dauer",
        "talk_count": "{count} Talks",
        "talk_count_one": "1 Talk",
        # Lists split into pages (paging.py).
        "pages": "Seiten",
        "page_number": "Seite {number}",
        "page_of": "Seite {number} von {total}",
        "previous_page": "Zurück",
        "next_page": "Weiter",
        # The footer on every page (render_player.py).
        "made_with": "Erstellt mit {material}",
    },
    "en": {
        "home_intro": (
            "Here you find every question the audience asked for our live talks, and the "
            "experts' answers. Find your question with the search or the topics, and click "
            "▶ to open the recording at the very second the question is answered."
        ),
        "latest_talks": "Latest talks",
        "open_count": "{count} open questions are waiting for an answer",
        "open_count_one": "1 open question is waiting for an answer",
        "browse": "Browse",
        "talks": "Talks",
        "experts": "Experts",
        "events": "Events",
        "tags": "Topics",
        "open_questions": "Open questions",
        "no_talks": "No talks yet.",
        "no_questions": "No questions yet.",
        "other_talks": "Other talks",
        "counts": "{answered} answered, {open} open",
        "date": "Date",
        "event": "Event",
        "recording": "Recording",
        "not_published": "Recording not yet published",
        "not_published_body": "The questions collected so far are listed below.",
        "watch_on": "Watch the recording on {platform}",
        "open_recording": "Open the recording",
        "thumbnail": "Thumbnail of the recording",
        "captions": "Captions",
        "no_video": "Your browser cannot play this video.",
        "download": "Download the video",
        "answers_overview": "Answers at a glance",
        "chapters": "Chapters",
        "questions": "Questions",
        "to_question": "to the question",
        "asked_by": "Asked by {who}",
        "anonymous": "anonymous",
        "also_asked_by": "also asked by {who}",
        "more_askers": "{count} others",
        "more_askers_one": "one other person",
        "via": "via {channel}",
        "on": "on {when}",
        "answered_by": "Answered by {who}",
        "merged_into": "Merged into",
        "declined_reason": "Declined: {reason}",
        "declined": "Declined",
        "votes": "{count} votes",
        "votes_one": "1 vote",
        "answers": "Answers",
        "no_answers": "No answers yet.",
        "website": "Website",
        "location": "Location",
        "talks_of_event": "Talks of this event",
        "tag": "Topic: {tag}",
        "merged_questions": "Merged questions",
        "declined_questions": "Declined questions",
        "no_open": "Every question has been answered.",
        "answer_count": "{count} answers",
        "answer_count_one": "1 answer",
        "question_count": "{count} questions",
        "question_count_one": "1 question",
        "status_collected": "open",
        "status_answered": "answered",
        "status_merged": "merged",
        "status_declined": "declined",
        "channel_blog": "blog",
        "channel_facebook": "Facebook",
        "channel_twitter": "Twitter",
        "channel_email": "e-mail",
        "channel_form": "form",
        "channel_live-chat": "live chat",
        "channel_slido": "Slido",
        "channel_other": "another channel",
        "time": "{date}, {time}",
        # Feeds, transcripts, structured data, open data
        "answers_of": "Answers by {who}",
        "talk_label": "From the talk “{talk}”",
        "talk_summary": "Live talk with {experts}: {answers}",
        "talk_summary_plain": "Live talk: {answers}",
        "transcript": "Transcript",
        "full_transcript": "Full transcript",
        "transcript_excerpt": "Transcript of the answer ({start} – {end})",
        "transcript_excerpt_open": "Transcript of the answer (from {start})",
        "feed_all": "Subscribe to new answers (Atom feed)",
        "feed_expert": "Subscribe to answers by {who} (Atom feed)",
        "feed_tag": "Subscribe to answers on this topic (Atom feed)",
        "feed_title_all": "New answers",
        "open_data": "All questions and answers as open data (JSON)",
        # The player and the privacy page (render_player.py, wunschzeit.js).
        "load_video": "Load video",
        "load_video_at": "Load video at {time}",
        "consent_text": (
            "The video is hosted on {platform}. Your browser connects to {platform} and sends "
            "it data such as your IP address only when you load the video here or follow the "
            "link to {platform} below."
        ),
        "consent_remember": (
            "If you load it here, this site remembers your choice in your browser; you can "
            "revoke it on the {privacy} page."
        ),
        "consent_ask": (
            "To play the answer at {time} here, please load the video first – or open the "
            "recording with the link to {platform}."
        ),
        "starts_at": "The video starts at {time}.",
        "player_title": "Video: {title}",
        "privacy": "Privacy",
        "privacy_intro": (
            "This archive is a static website. Pages, thumbnails and self-hosted videos come "
            "from this site; it sets no cookies and loads nothing from other sites unless you "
            "ask it to."
        ),
        "privacy_videos": (
            "Some recordings are hosted on {platforms}. Their player is only loaded when you "
            "click “Load video”, and then in the platform's privacy-enhanced mode. From then "
            "on your browser connects to the platform and sends it data such as your IP "
            "address; its privacy policy says what it does with them."
        ),
        "privacy_media": (
            "Some recordings are video files on {hosts}. Your browser fetches them from there "
            "only when you click “Load video”, and sends that server data such as your IP "
            "address."
        ),
        "privacy_storage": (
            "This site keeps your consent only in your browser (localStorage), separately "
            "for each platform. It is not sent anywhere."
        ),
        "privacy_consents": "Your consents",
        "privacy_no_platforms": "This archive embeds no videos from other platforms.",
        "privacy_statement": "Everything else about privacy: {statement}.",
        "consent_given": "videos are loaded",
        "consent_none": "no consent",
        "revoke": "Revoke consent",
        "consent_revoked": (
            "Your consent is revoked. Videos are loaded again only after you click “Load video”."
        ),
        # The talk page's timeline, watch-along and take-away (timeline.py, takeaway.py).
        "answers_chapters": "Answers and chapters",
        "chapter": "Chapter",
        "timeline": "Answers on the recording's timeline ({duration})",
        "jumps_to": "Jumps to: {question}",
        "follow": "Follow",
        "noscript_hint": (
            "The marks on the timeline and the ▶ links open the recording where the answer starts."
        ),
        "copy_link": "Copy link to this moment",
        "copied": "Link copied",
        "copy_failed": "Could not copy – the link is selected in the field beside.",
        "downloads": "Downloads",
        "download_video": "Video ({kind})",
        "download_captions": "Captions (WebVTT)",
        "download_transcript": "Transcript (text)",
        # Cards, expert pages and tags (cards.py, lists.py).
        "duration": "Duration",
        "talk_count": "{count} talks",
        "talk_count_one": "1 talk",
        # Lists split into pages (paging.py).
        "pages": "Pages",
        "page_number": "Page {number}",
        "page_of": "Page {number} of {total}",
        "previous_page": "Previous",
        "next_page": "Next",
        # The footer on every page (render_player.py).
        "made_with": "Made with {material}",
    },
}


@functools.cache
def language(code: str) -> str:
    """The UI language for a settings value: English for `en...`, German otherwise."""
    return "en" if code.lower().startswith("en") else DEFAULT_LANGUAGE


def t(lang: str, key: str, **values: object) -> str:
    """The UI string `key` in `lang`, with `{placeholders}` filled in."""
    return _STRINGS[language(lang)][key].format(**values)


def counted(lang: str, key: str, count: int) -> str:
    """`1 Frage` / `3 Fragen`: the `_one` variant of `key` for exactly one."""
    return t(lang, f"{key}_one") if count == 1 else t(lang, key, count=count)


def has(lang: str, key: str) -> bool:
    return key in _STRINGS[language(lang)]


def format_date(lang: str, day: dt.date) -> str:
    """`5. März 2013` in German, `March 5, 2013` in English."""
    month = _MONTHS[language(lang)][day.month - 1]
    if language(lang) == "en":
        return f"{month} {day.day}, {day.year}"
    return f"{day.day}. {month} {day.year}"


def format_datetime(lang: str, moment: dt.datetime) -> str:
    """Date and wall-clock time as the asker's offset gave it: `1. März 2013, 14:03 Uhr`."""
    return t(lang, "time", date=format_date(lang, moment.date()), time=f"{moment:%H:%M}")


def format_range(lang: str, start: dt.date | None, end: dt.date | None) -> str:
    """An event's dates: one day, or `5. März 2013 – 17. März 2013`; empty when unknown."""
    if start and end and end != start:
        return f"{format_date(lang, start)} – {format_date(lang, end)}"
    day = start or end
    return format_date(lang, day) if day else ""
