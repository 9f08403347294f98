"""Words for matching: takes text and the talk's language; gives normalised terms.

A term is a word folded (case, accents and umlauts: `Kühler` → `kuhler`, `ß` → `ss`) and
stemmed with the Snowball stemmer of the language (`Fragen` → `frag`), so that a question's
words meet the same words in the captions in another form. Stop words carry no topic and are
dropped. Languages without a stemmer here are folded only.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer

_WORD = re.compile(r"[^\W_]+")
_CAMEL = re.compile(r"(?<=[a-zäöüß])(?=[A-ZÄÖÜ])|(?<=[A-Za-z])(?=\d)|(?<=\d)(?=[A-Za-z])")
_SNOWBALL = {"de": "german", "en": "english", "fr": "french", "es": "spanish", "it": "italian",
             "nl": "dutch", "pt": "portuguese", "sv": "swedish", "da": "danish", "no": "norwegian",
             "fi": "finnish", "pl": "polish", "ru": "russian"}  # fmt: skip

_STOP = {
    "de": """aber alle allem allen aller alles als also am an ander andere anderen auch auf aus
    bei bin bis bist da dabei damit dann das dass dein deine dem den denn der des dich die dies
    diese diesem diesen dieser dieses dir doch dort du durch ein eine einem einen einer eines
    einfach er es etwa etwas euch euer eure für gibt gibts hab habe haben hat hatte hier hin ich
    ihm ihn ihnen ihr ihre im in ist ja jetzt kann kannst kein keine können könnt man mal mehr
    mein meine mich mir mit muss müssen nach nein nicht nichts noch nun nur ob oder ohne schon
    sehr sein seine sich sie sind so soll sollte sondern sonst über um und uns unser unsere
    unter viel vom von vor war waren warum was weil welche welchen welcher welches wenn wer wie
    wieder will wir wird wirklich wo wurde würde zu zum zur zwar äh ähm also okay genau eigentlich
    denn mal halt eben""",
    "en": """a about after all also am an and any are as at be because been but by can could
    did do does doing don for from get gets got had has have he her here him his how i if in
    into is it its just like me more most my no not now of on one or our out so some such than
    that the their them then there these they this those to too very was we were what when
    where which while who why will with would you your yeah uh um okay really actually well""",
    "fr": """a au aux avec ce ces cela comme dans de des du elle elles en est et eux il ils je
    la le les leur lui ma mais me meme mes moi mon ne nos notre nous on ou par pas pour qu que
    qui sa se ses son sur ta te tes toi ton tu un une vos votre vous y c d j l m n s t est ete
    etre avoir fait alors donc euh bah bon voila ca ici tres plus aussi comment pourquoi quoi""",
}
# Words with which a moderator puts a question to the expert (stemmed like the captions).
_INTRO = {
    "de": "frage fragt fragen gefragt wissen moechte möchte interessiert will wollte",
    "en": "question questions asks ask asked asking know wondering wonders wants",
    "fr": "question questions demande demandent savoir aimerait voudrait veut",
}


@dataclass(frozen=True)
class Language:
    """How to turn the words of one language into terms."""

    code: str
    stem: Callable[[str], str]
    stop: frozenset[str]
    intro: frozenset[str]

    def terms(self, text: str) -> list[str]:
        """The terms of `text` in order, stop words and one-letter words left out."""
        return [self.stem(w) for w in words(text) if len(w) > 1 and w not in self.stop]

    def all_terms(self, text: str) -> list[str]:
        """Every word of `text` as a term, stop words included (for names and markers)."""
        return [self.stem(w) for w in words(text)]


def fold(text: str) -> str:
    """Lower case without accents or umlauts, `ß` as `ss`: how the captions may spell it."""
    text = text.casefold().replace("ß", "ss")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    """The folded words of a text; camelCase and letters glued to digits split apart."""
    return _WORD.findall(fold(_CAMEL.sub(" ", text)))


@lru_cache(maxsize=32)
def language(code: str) -> Language:
    """The Language for a code like `de`, `en-GB` or `fr_CH` (unknown ones: folding only)."""
    short = code.replace("_", "-").split("-")[0].casefold()
    stem = _stemmer(short)
    stop = frozenset(words(_STOP.get(short, "")))
    intro = frozenset(stem(w) for w in words(_INTRO.get(short, "")))
    return Language(short, stem, stop, intro)


def _stemmer(code: str) -> Callable[[str], str]:
    """A cached Snowball stemmer: it is pure Python, and a talk repeats its words a lot."""
    name = _SNOWBALL.get(code)
    if name is None:
        return _identity
    stemmer = snowballstemmer.stemmer(name)

    @lru_cache(maxsize=65_536)
    def stem(word: str) -> str:
        return str(stemmer.stemWord(word))

    return stem


def _identity(word: str) -> str:
    return word


def identity_language(code: str) -> Language:
    """The language without stemming (to measure what stemming is worth)."""
    base = language(code)
    return Language(base.code, _identity, base.stop, base.intro)
