"""Write the caption fixtures of `generator.align` into tests/fixtures/align/ (deterministic).

Scripted live Q&A sessions in German, English and French: a moderator reads out questions
with the asker's name (verbatim, paraphrased, or only the name), an expert answers reusing
some of the question's words among filler, small talk in between. Some questions are never
answered, some are answered in another order than asked, some are near-identical, some come
from the live chat (with the second they were asked), some talks have chapters. Each session
is rendered as clean captions (WebVTT, SRT, SBV) and as YouTube automatic captions (lower
case, no punctuation, rolling two-line cues with inline word timings, ~10 % misheard or lost
words, misspelt names); its truth goes to `<session>.truth.json`.

    python scripts/make_align_fixtures.py          # rewrite the fixtures
"""

from __future__ import annotations

import json
import random
import string
from dataclasses import dataclass, field
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "align"
WORD_SECONDS = 0.36

# (chapter title, question as asked, near-identical question, moderator's paraphrase, answer)
Item = tuple[str, str, str, str, str]

DE_AUTO: list[Item] = [
    (
        "Reichweite im Winter",
        "Wie stark sinkt die Reichweite im Winter bei Minusgraden?",
        "Wieviel Reichweite verliert das Auto im Winter, wenn es friert?",
        "wie viel Reichweite bei Kälte verloren geht",
        "Bei Minusgraden verliert die Batterie etwa zwanzig Prozent Reichweite. Die Wärmepumpe holt davon im Winter einen guten Teil zurück.",
    ),
    (
        "Ladezeit",
        "Wie lange dauert das Laden an einer Schnellladesäule von zehn auf achtzig Prozent?",
        "Wie lange braucht das Schnellladen von zehn bis achtzig Prozent?",
        "wie schnell man an der Säule nachladen kann",
        "An der Schnellladesäule dauert es von zehn auf achtzig Prozent rund achtzehn Minuten. Bei kalter Batterie etwas länger, deshalb wärmt das Auto sie vorher.",
    ),
    (
        "Batterie-Garantie",
        "Wie lange gilt die Garantie auf die Batterie?",
        "Gibt es eine Garantie für den Akku und wie lange?",
        "was die Garantie auf den Akku abdeckt",
        "Die Garantie auf die Batterie gilt acht Jahre oder hundertsechzigtausend Kilometer. Garantiert sind siebzig Prozent der Kapazität.",
    ),
    (
        "Wallbox",
        "Brauche ich zu Hause unbedingt eine Wallbox oder reicht die normale Steckdose?",
        "Reicht eine Haushaltssteckdose oder muss eine Wallbox her?",
        "ob die Steckdose in der Garage genügt",
        "Die Haushaltssteckdose reicht im Notfall, aber sie ist langsam und wird warm. Eine Wallbox mit elf Kilowatt lädt über Nacht sicher voll.",
    ),
    (
        "Anhängerkupplung",
        "Darf man mit dem Elektroauto einen Wohnwagen ziehen?",
        "Kann das Auto einen Anhänger oder Wohnwagen ziehen?",
        "ob ein Wohnwagen hinten dran darf",
        "Ja, die Anhängelast beträgt bis zu anderthalb Tonnen. Mit Wohnwagen sinkt die Reichweite allerdings fast auf die Hälfte.",
    ),
    (
        "Rekuperation",
        "Wie funktioniert die Rekuperation beim Bremsen genau?",
        "Was passiert bei der Rekuperation, wenn ich bremse?",
        "wie das Bremsen Energie zurückgewinnt",
        "Beim Bremsen arbeitet der Motor als Generator und lädt die Batterie. Die meisten Bremsungen schafft die Rekuperation ganz ohne Bremsscheiben.",
    ),
    (
        "Recycling",
        "Was passiert mit den alten Batterien, werden die recycelt?",
        "Werden ausgediente Akkus wiederverwertet?",
        "was aus alten Akkus wird",
        "Alte Batterien bekommen oft ein zweites Leben als Stromspeicher. Danach werden Lithium, Nickel und Kobalt zu über neunzig Prozent recycelt.",
    ),
    (
        "Software-Updates",
        "Bekommt das Auto Software-Updates über das Internet?",
        "Gibt es Updates für die Software auch drahtlos?",
        "wie die Updates ins Auto kommen",
        "Ja, die Updates kommen über das Mobilfunknetz, etwa alle drei Monate. Die Software für Bremsen und Lenkung aktualisieren wir nur in der Werkstatt.",
    ),
    (
        "Preis",
        "Wann wird das Elektroauto günstiger als ein Verbrenner?",
        "Ab wann kostet ein Elektroauto weniger als ein Benziner?",
        "wann sich der Preis angleicht",
        "Über die ganze Nutzung gerechnet ist das Elektroauto oft schon heute günstiger. Beim Kaufpreis erwarten wir Gleichstand in etwa drei Jahren.",
    ),
    (
        "Brandgefahr",
        "Brennen Elektroautos häufiger als Autos mit Verbrennungsmotor?",
        "Ist die Brandgefahr bei Elektroautos höher?",
        "ob die Akkus leichter Feuer fangen",
        "Nach den Statistiken brennen Elektroautos seltener als Verbrenner. Wenn eine Batterie brennt, ist das Löschen aber aufwendiger, die Feuerwehr braucht viel Wasser.",
    ),
    (
        "Waschanlage",
        "Darf ich mit dem Elektroauto in die Waschanlage fahren?",
        "Kann man das Auto problemlos in der Waschstraße waschen?",
        "ob die Waschstraße ein Problem ist",
        "Die Waschanlage ist kein Problem, das Auto ist dicht. Man sollte nur den Waschmodus einschalten, damit die Parkbremse sich nicht schließt.",
    ),
    (
        "Geräusch",
        "Warum macht das Auto beim langsamen Fahren ein Summgeräusch?",
        "Woher kommt das Summen bei Schrittgeschwindigkeit?",
        "woher dieses Summen kommt",
        "Das Summgeräusch ist vorgeschrieben, damit Fußgänger das Auto hören. Bis zwanzig Kilometer pro Stunde erzeugt ein Lautsprecher diesen Ton.",
    ),
    (
        "Laden im Ausland",
        "Wie bezahle ich das Laden im Ausland, brauche ich dort eine eigene Karte?",
        "Funktioniert meine Ladekarte auch in Frankreich und Italien?",
        "wie das Bezahlen an Säulen im Ausland klappt",
        "Mit der Ladekarte kann man in den meisten Ländern Europas laden. An vielen Säulen geht auch die Bezahlung mit Kreditkarte direkt.",
    ),
    (
        "Reifen",
        "Nutzen sich die Reifen bei Elektroautos schneller ab?",
        "Ist der Reifenverschleiß wegen des Gewichts höher?",
        "ob die Reifen schneller verschleißen",
        "Ja, das höhere Gewicht und das Drehmoment nutzen die Reifen etwas schneller ab. Wir empfehlen Reifen mit Kennzeichnung für Elektroautos und den richtigen Luftdruck.",
    ),
]
DE_GARDEN: list[Item] = [
    (
        "Tomaten",
        "Wann sollte man Tomaten ins Freiland pflanzen?",
        "Ab wann dürfen die Tomatenpflanzen nach draußen ins Beet?",
        "wann die Tomaten raus dürfen",
        "Tomaten pflanzt man nach den Eisheiligen ins Freiland, also Mitte Mai. Vorher sind die Nächte zu kalt und die Pflanzen wachsen nicht weiter.",
    ),
    (
        "Schnecken",
        "Was hilft gegen Schnecken im Gemüsebeet ohne Gift?",
        "Wie werde ich die Nacktschnecken im Beet ohne Schneckenkorn los?",
        "wie man Schnecken ohne Gift fernhält",
        "Gegen Schnecken helfen ein Schneckenzaun und abends absammeln. Auch Laufenten fressen Schnecken gern, wenn man Platz im Garten hat.",
    ),
    (
        "Rasen",
        "Wie oft muss ich den Rasen im Sommer wässern?",
        "Wie häufig sollte der Rasen bei Hitze gegossen werden?",
        "wie oft der Rasen Wasser braucht",
        "Den Rasen lieber selten und dafür kräftig wässern, etwa einmal pro Woche. So wurzeln die Gräser tiefer und überstehen den Sommer besser.",
    ),
    (
        "Kompost",
        "Wie lange dauert es, bis Kompost fertig ist?",
        "Wann ist der Kompost reif zum Ausbringen?",
        "wann der Kompost so weit ist",
        "Ein gut gemischter Kompost ist nach neun bis zwölf Monaten fertig. Wenn man ihn umsetzt, geht es schneller.",
    ),
    (
        "Obstbaum schneiden",
        "Wann ist die beste Zeit, einen Apfelbaum zu schneiden?",
        "Wann schneidet man Apfelbäume am besten?",
        "wann der Apfelbaum geschnitten wird",
        "Den Apfelbaum schneidet man im späten Winter, an einem frostfreien Tag. Ein leichter Sommerschnitt bremst das Wachstum zusätzlich.",
    ),
    (
        "Hochbeet",
        "Wie befülle ich ein Hochbeet richtig?",
        "In welcher Reihenfolge kommen die Schichten ins Hochbeet?",
        "was in ein Hochbeet hinein gehört",
        "Ins Hochbeet kommen unten Äste, dann Laub und Grasschnitt, darauf Kompost und oben Erde. Die Schichten sacken jedes Jahr etwas zusammen.",
    ),
    (
        "Bienen",
        "Welche Blumen helfen Bienen und anderen Insekten am meisten?",
        "Was kann ich pflanzen, damit mehr Bienen in den Garten kommen?",
        "was Bienen im Garten hilft",
        "Bienen mögen ungefüllte Blüten wie Lavendel, Salbei und Glockenblumen. Wichtig ist, dass vom Frühling bis zum Herbst immer etwas blüht.",
    ),
    (
        "Blattläuse",
        "Was kann ich gegen Blattläuse an den Rosen tun?",
        "Wie bekämpfe ich Läuse an Rosen ohne Chemie?",
        "was man bei Läusen an den Rosen macht",
        "Blattläuse an Rosen spritzt man mit einem scharfen Wasserstrahl ab. Marienkäfer und Florfliegen erledigen den Rest, wenn man sie lässt.",
    ),
    (
        "Kartoffeln",
        "Kann man Kartoffeln auch auf dem Balkon anbauen?",
        "Geht Kartoffelanbau im Kübel auf dem Balkon?",
        "ob Kartoffeln auf dem Balkon wachsen",
        "Kartoffeln wachsen gut in einem großen Kübel oder Pflanzsack auf dem Balkon. Man häufelt nach und nach Erde an, dann bilden sich mehr Knollen.",
    ),
    (
        "Mulchen",
        "Lohnt es sich, die Beete mit Rasenschnitt zu mulchen?",
        "Ist Mulchen mit Grasschnitt sinnvoll für das Beet?",
        "was Mulchen bringt",
        "Mulch aus Rasenschnitt hält den Boden feucht und unterdrückt Unkraut. Nur dünn auftragen, sonst fault der Rasenschnitt.",
    ),
]
EN_HEAT: list[Item] = [
    (
        "Cold climates",
        "Do heat pumps still work when it is minus fifteen degrees outside?",
        "Will a heat pump keep working in very cold weather below zero?",
        "whether heat pumps cope with a really cold winter",
        "Modern heat pumps keep working down to minus twenty five degrees. The efficiency drops in cold weather, but it stays well above an electric heater.",
    ),
    (
        "Radiators",
        "Can I keep my old radiators when I install a heat pump?",
        "Do I need to replace the radiators for a heat pump?",
        "if the old radiators can stay",
        "Most old radiators can stay if the house is reasonably insulated. Sometimes one or two radiators in cold rooms need to be bigger.",
    ),
    (
        "Noise",
        "How loud is the outdoor unit of a heat pump?",
        "Will the outdoor unit annoy my neighbours with noise?",
        "how much noise the outdoor unit makes",
        "A good outdoor unit is about as loud as a fridge at a few metres. Placement matters, so keep it away from the neighbours' bedroom windows.",
    ),
    (
        "Running costs",
        "How much electricity does a heat pump use in a year?",
        "What are the yearly electricity costs of running a heat pump?",
        "what a heat pump costs to run",
        "A typical family house uses around four thousand kilowatt hours of electricity a year for the heat pump. That is usually cheaper than gas heating.",
    ),
    (
        "Solar panels",
        "Does it make sense to combine a heat pump with solar panels?",
        "Should I add solar panels to power the heat pump?",
        "whether solar panels and a heat pump go together",
        "Solar panels help mostly in spring and autumn, because in winter there is little sun. Still, the combination lowers the electricity bill noticeably.",
    ),
    (
        "Hot water",
        "Can the heat pump also heat my hot water for showers?",
        "Does a heat pump make hot water as well?",
        "if showers get their hot water from it",
        "Yes, the heat pump heats a hot water tank too. Once a week it heats the water higher to prevent legionella.",
    ),
    (
        "Lifetime",
        "How many years does a heat pump last before it needs replacing?",
        "What is the lifespan of a heat pump?",
        "how long one lasts",
        "A heat pump lasts around twenty years with regular maintenance. The compressor is the part that wears out first.",
    ),
    (
        "Grants",
        "Are there government grants for installing a heat pump?",
        "Can I get a subsidy when I install a heat pump?",
        "what subsidies there are",
        "There are grants that cover up to a third of the installation cost. Apply before you sign the contract with the installer.",
    ),
    (
        "Floor heating",
        "Is underfloor heating necessary for a heat pump?",
        "Do heat pumps only work well with floor heating?",
        "whether floor heating is a must",
        "Underfloor heating is ideal because it works with low temperatures. But it is not necessary, radiators work fine in most houses.",
    ),
    (
        "Refrigerant",
        "Which refrigerant do new heat pumps use and is it safe?",
        "Is the refrigerant in heat pumps dangerous for the climate?",
        "what refrigerant is inside",
        "New heat pumps use propane as refrigerant, which barely harms the climate. The amount is small and the outdoor unit is sealed.",
    ),
    (
        "Old houses",
        "Does a heat pump make sense in an old house from the nineteen thirties?",
        "Can an old poorly insulated building use a heat pump?",
        "about heat pumps in old buildings",
        "Even old houses can use a heat pump if you fix the worst leaks first. New windows and roof insulation make the biggest difference.",
    ),
    (
        "Installation time",
        "How long does it take to install a heat pump?",
        "How many days does the installation of a heat pump take?",
        "how long the installers are in the house",
        "The installation itself takes two to four days. The planning and waiting for the installer usually takes a few months.",
    ),
]
EN_SPACE: list[Item] = [
    (
        "Black holes",
        "What would happen if you fell into a black hole?",
        "What happens to a person falling into a black hole?",
        "what falling into a black hole is like",
        "Falling into a black hole you would be stretched by tidal forces, people call it spaghettification. For a huge black hole you would cross the horizon without noticing.",
    ),
    (
        "Mars",
        "When will humans land on Mars?",
        "How soon could people walk on Mars?",
        "when we get to Mars",
        "A crewed landing on Mars is unlikely before the late twenty thirties. Radiation and landing heavy ships are still unsolved problems.",
    ),
    (
        "Telescope",
        "What telescope should a beginner buy?",
        "Which telescope is good for a first-time stargazer?",
        "about a first telescope",
        "For a beginner I recommend a simple Dobsonian telescope with a six or eight inch mirror. Good binoculars are also a great first step.",
    ),
    (
        "Light pollution",
        "How can I find a dark sky without light pollution?",
        "Where can I go to escape light pollution for stargazing?",
        "where to find dark skies",
        "Light pollution maps show dark sky places near you. Drive at least an hour away from big cities and wait for a moonless night.",
    ),
    (
        "Exoplanets",
        "How do astronomers find planets around other stars?",
        "How are exoplanets discovered?",
        "how planets around other stars are found",
        "Most planets around other stars are found when they pass in front of the star and dim its light. Others make the star wobble a little.",
    ),
    (
        "Moon",
        "Why do we always see the same side of the moon?",
        "Why does the moon show us only one face?",
        "why the moon always shows one face",
        "The moon is tidally locked, it rotates once for each orbit around the Earth. So we always see the same side.",
    ),
    (
        "Aliens",
        "Do you think there is life elsewhere in the universe?",
        "Is there alien life somewhere out there?",
        "whether we are alone",
        "With billions of planets I think simple life elsewhere in the universe is likely. Intelligent life is a much harder question.",
    ),
    (
        "Space debris",
        "How dangerous is space debris for satellites?",
        "Is space junk a real threat to satellites?",
        "about space junk",
        "Space debris is a growing danger, even small pieces hit satellites at enormous speed. Operators move satellites several times a year to avoid collisions.",
    ),
]
FR_VELO: list[Item] = [
    (
        "Vélo électrique",
        "Est-ce qu'un vélo électrique vaut le coup pour aller au travail?",
        "Le vélo électrique est-il intéressant pour les trajets quotidiens au travail?",
        "si le vélo électrique vaut la peine pour le travail",
        "Pour aller au travail, le vélo électrique est idéal jusqu'à quinze kilomètres. On arrive sans transpirer et plus vite qu'en voiture en ville.",
    ),
    (
        "Vol",
        "Comment protéger son vélo contre le vol?",
        "Quel antivol faut-il pour éviter le vol du vélo?",
        "comment éviter de se faire voler son vélo",
        "Contre le vol, il faut un bon antivol en U et attacher le cadre à un point fixe. Le marquage du vélo aide aussi à le retrouver.",
    ),
    (
        "Pluie",
        "Comment rouler à vélo quand il pleut?",
        "Quels conseils pour faire du vélo sous la pluie?",
        "comment rouler sous la pluie",
        "Sous la pluie, il faut freiner plus tôt et éviter les bandes blanches glissantes. Des garde-boue et une bonne veste changent tout.",
    ),
    (
        "Pneus",
        "À quelle pression faut-il gonfler les pneus?",
        "Quelle pression mettre dans les pneus du vélo?",
        "la pression des pneus",
        "La pression des pneus dépend de leur largeur et de votre poids. Pour un vélo de ville, entre trois et quatre bars en général.",
    ),
    (
        "Enfants",
        "À partir de quel âge un enfant peut-il rouler seul en ville?",
        "Quand un enfant peut-il circuler seul à vélo en ville?",
        "à quel âge les enfants peuvent rouler seuls",
        "Avant dix ans, un enfant ne devrait pas rouler seul en ville. Il faut d'abord s'entraîner ensemble sur le trajet de l'école.",
    ),
    (
        "Entretien",
        "Tous les combien faut-il entretenir la chaîne?",
        "Quand faut-il nettoyer et huiler la chaîne du vélo?",
        "l'entretien de la chaîne",
        "La chaîne doit être nettoyée et huilée toutes les quelques semaines. Une chaîne propre dure beaucoup plus longtemps.",
    ),
    (
        "Casque",
        "Le casque est-il vraiment utile à vélo?",
        "Faut-il porter un casque quand on fait du vélo?",
        "l'utilité du casque",
        "Le casque protège surtout la tête en cas de chute à faible vitesse. Je conseille de le porter, surtout pour les enfants.",
    ),
    (
        "Pistes cyclables",
        "Pourquoi y a-t-il si peu de pistes cyclables dans les petites villes?",
        "Les petites villes vont-elles construire plus de pistes cyclables?",
        "pourquoi les petites villes manquent de pistes",
        "Les petites villes manquent souvent de budget et de place pour les pistes cyclables. Mais des bandes peintes et des zones à trente aident déjà beaucoup.",
    ),
]

PHRASES: dict[str, dict[str, list[str]]] = {
    "de": {
        "verbatim": ["{n} fragt: {q}", "Jetzt eine Frage von {n}: {q}", "Die nächste Frage kommt von {n}. {q}", "{n} hat uns geschrieben: {q}", "Frage von {n}: {q}"],
        "paraphrase": ["{n} möchte wissen, {p}.", "{n} will wissen, {p}.", "Dann hat {n} gefragt, {p}.", "Von {n} kommt die Frage, {p}."],
        "name_only": ["Dann zu {n}.", "{n}, du bist dran.", "Als Nächstes {n}.", "So, und jetzt {n}."],
        "no_name": ["Eine Frage aus dem Chat: {q}", "Hier noch eine: {q}"],
        "again": ["Und {n} fragt fast dasselbe: {q}", "Ähnlich fragt auch {n}: {q}"],
        "opener": ["Gute Frage.", "Ja, danke für die Frage.", "Also,", "Hm, das ist spannend.", ""],
        "filler": ["Das höre ich tatsächlich sehr oft.", "Da muss man ein bisschen ausholen.", "Das hängt natürlich immer ein bisschen davon ab.", "Ich sage es mal so.", "Das ist auch bei uns im Team immer wieder ein Thema.", "Ich hoffe, das beantwortet es.", "Wie gesagt, so ungefähr."],
        "small": ["Wir haben unglaublich viele Fragen bekommen, vielen Dank dafür.", "Kurzer Hinweis, Sie können weiter im Chat Fragen stellen.", "Ich schaue mal kurz in meine Liste.", "Herzlich willkommen an alle, die gerade erst dazugekommen sind.", "Moment, ich muss kurz scrollen."],
        "hello": ["Hallo und herzlich willkommen zu unserem Live-Talk. Heute bei mir ist unsere Expertin.", "Danke für die Einladung, ich freue mich auf Ihre Fragen."],
        "bye": ["Das war es für heute, vielen Dank fürs Zuschauen.", "Die offenen Fragen beantworten wir später im Blog."],
        "welcome": ["Begrüßung"],
    },
    "en": {
        "verbatim": ["{n} asks: {q}", "Next one is from {n}, they want to know: {q}", "{at} asks me: {q}", "Here's a question from {n}: {q}", "{n} writes: {q}"],
        "paraphrase": ["{n} wants to know {p}.", "Next one is from {n}, who is wondering {p}.", "{n} was asking {p}.", "{at} would like to know {p}."],
        "name_only": ["Okay, {n}, you're next.", "Over to {n}.", "Now {n}'s question.", "Let's take one from {n}."],
        "no_name": ["A question from the chat: {q}", "Someone asks: {q}"],
        "again": ["And {n} asks pretty much the same: {q}", "{n} has a similar one: {q}"],
        "opener": ["Great question.", "Thanks for that.", "Right,", "Oh, I love this one.", ""],
        "filler": ["I get asked this a lot actually.", "It depends a little on your situation.", "Let me explain that a bit.", "That's something we talk about all the time.", "I hope that answers it.", "So, yeah."],
        "small": ["We have so many questions in the chat, thank you all.", "If you just joined, welcome, keep your questions coming.", "Let me scroll down my list here.", "Quick reminder that the recording will be online later."],
        "hello": ["Hello everyone and welcome to our live session. With me today is our expert.", "Thanks for having me, I'm looking forward to your questions."],
        "bye": ["That's all for today, thank you so much for watching.", "We will answer the open questions on the blog."],
        "welcome": ["Welcome"],
    },
    "fr": {
        "verbatim": ["{n} demande : {q}", "La question suivante est de {n} : {q}", "Une question de {n} : {q}"],
        "paraphrase": ["{n} aimerait savoir {p}.", "{n} voudrait savoir {p}."],
        "name_only": ["Ensuite, {n}.", "À toi, {n}.", "On passe à la question de {n}."],
        "no_name": ["Une question du chat : {q}"],
        "again": ["Et {n} demande presque la même chose : {q}"],
        "opener": ["Bonne question.", "Merci pour la question.", "Alors,", ""],
        "filler": ["On me pose souvent cette question.", "Ça dépend un peu de chaque situation.", "Je vais expliquer rapidement.", "J'espère que ça répond à la question."],
        "small": ["Merci pour toutes vos questions dans le chat.", "Si vous venez d'arriver, bienvenue.", "Je regarde ma liste."],
        "hello": ["Bonjour à tous et bienvenue dans notre direct. Avec moi aujourd'hui, notre experte.", "Merci de l'invitation, j'ai hâte de répondre à vos questions."],
        "bye": ["C'est tout pour aujourd'hui, merci d'avoir regardé.", "Nous répondrons aux autres questions sur le blog."],
        "welcome": ["Accueil"],
    },
}  # fmt: skip
NAMES = {
    "de": ["Mario", "Luccio", "Anna", "Konstantin", "Merle", "Jörg", "Ömer", "Sabine", "Katrin", "Paul", "Jana", "Dieter", "Fatima", "Tobias", "Lena", "@ampere_andi", "strom_fan77", "GartenGuru", "@luccio_r", "MaxiWatt", "Heike K."],
    "en": ["Sarah", "Luccio", "Tom", "Priya", "Jamal", "Emily", "Oliver", "Grace", "Chen", "Martha", "@luccio", "solar_sam", "HeatPumpHarry", "@dark_sky_dan", "nebula42", "Sarah Miller"],
    "fr": ["Camille", "Luc", "Amélie", "Mathieu", "Chloé", "Hugo", "Inès", "@velo_vert", "JulieRoule"],
}  # fmt: skip


@dataclass(frozen=True)
class Session:
    name: str
    language: str
    bank: list[Item]
    answered: int
    unanswered: int
    styles: dict[str, float]  # how questions are put: verbatim, paraphrase, name_only, ...
    renders: tuple[str, ...]
    seed: int
    twins: str = "one"  # "one": only one of two near-identical questions answered; "both"
    chat: float = 0.0  # share of questions from the live chat (with asked_at_offset)
    chapters: bool = False
    shuffled: bool = True


SESSIONS = [
    Session("de-elektroauto", "de", DE_AUTO, 9, 3, {"verbatim": 5, "paraphrase": 2, "name_only": 1, "no_name": 1}, ("auto.vtt", "clean.vtt", "clean.srt", "clean.sbv"), 11, chapters=True),
    Session("de-garten-chat", "de", DE_GARDEN, 7, 2, {"verbatim": 3, "paraphrase": 3, "name_only": 1}, ("auto.vtt", "clean.srt"), 12, twins="both", chat=0.6),
    Session("de-nur-namen", "de", DE_AUTO, 9, 3, {"name_only": 1}, ("auto.vtt", "clean.vtt"), 13),
    Session("en-heat-pumps", "en", EN_HEAT, 8, 3, {"verbatim": 4, "paraphrase": 3, "name_only": 1, "answer_only": 1}, ("auto.vtt", "clean.sbv"), 21, chapters=True),
    Session("en-space-chat", "en", EN_SPACE, 5, 2, {"verbatim": 2, "paraphrase": 1, "name_only": 2}, ("auto.vtt", "clean.vtt"), 22, twins="both", chat=0.8, shuffled=False),
    Session("fr-velo", "fr", FR_VELO, 5, 2, {"verbatim": 3, "paraphrase": 2, "name_only": 1}, ("auto.vtt", "clean.srt"), 31, chapters=True),
    Session("de-elektroauto-chat", "de", DE_AUTO, 10, 4, {"verbatim": 3, "paraphrase": 3, "name_only": 2, "no_name": 1}, ("auto.vtt", "clean.sbv"), 14, chat=0.5, chapters=True),
    Session("en-names-only", "en", EN_HEAT, 8, 4, {"name_only": 1}, ("auto.vtt", "clean.srt"), 24),
    Session("en-heat-pumps-2", "en", EN_HEAT, 9, 3, {"verbatim": 2, "paraphrase": 2, "name_only": 2}, ("auto.vtt",), 25, twins="both"),
]  # fmt: skip


@dataclass
class Word:
    text: str
    start: float
    end: float
    name: bool = False


@dataclass
class Script:
    words: list[Word] = field(default_factory=list)
    clock: float = 2.0

    def say(self, rng: random.Random, sentence: str, names: tuple[str, ...] = ()) -> float:
        """Speak a sentence from the clock on; gives the start of its first word."""
        start = self.clock
        name_words = {w for n in names for w in n.split()}
        for token in sentence.split():
            length = WORD_SECONDS * rng.uniform(0.75, 1.3) * (0.6 + 0.08 * len(token))
            self.words.append(
                Word(token, self.clock, self.clock + length, token.strip(",.:!?") in name_words)
            )
            self.clock += length + rng.uniform(0.02, 0.12)
        self.clock += rng.uniform(0.3, 0.9)
        return start

    def pause(self, rng: random.Random, low: float, high: float) -> None:
        self.clock += rng.uniform(low, high)


def spoken(handle: str, rng: random.Random) -> str:
    """How a moderator says a name or handle: `@ampere_andi` → `Ampere Andi` or `Andi`."""
    cleaned = handle.replace("@", "").replace(".", "")
    parts = [
        p
        for p in "".join(f" {c}" if c.isupper() else c for c in cleaned).replace("_", " ").split()
        if not p.isdigit()
    ]
    parts = ["".join(c for c in p if not c.isdigit()) for p in parts]
    parts = [p[:1].upper() + p[1:] for p in parts if p]
    if len(parts) > 1 and rng.random() < 0.4:
        return parts[0]
    return " ".join(parts)


def build(session: Session) -> tuple[Script, dict[str, object]]:
    """The spoken script of a session and its truth."""
    rng = random.Random(session.seed)
    lang = PHRASES[session.language]
    items = rng.sample(session.bank, session.answered + session.unanswered)
    askers = rng.sample(NAMES[session.language], len(items) + 1)
    askers[-2] = askers[0]  # one asker has an answered and an unanswered question
    questions = [
        {
            "id": f"q{i + 1:02d}",
            "text": it[1],
            "asked_by": askers[i],
            "asked_at_offset": None,
            "start": None,
            "style": None,
        }
        for i, it in enumerate(items)
    ]
    twin_of = 0
    questions.append(
        {
            "id": f"q{len(items) + 1:02d}",
            "text": items[twin_of][2],
            "asked_by": askers[-1],
            "asked_at_offset": None,
            "start": None,
            "style": None,
        }
    )
    order = list(range(session.answered))
    if session.shuffled:
        rng.shuffle(order)
    script, chapters = Script(), []
    for sentence in lang["hello"]:
        script.say(rng, sentence)
    if session.chapters:
        chapters.append({"title": lang["welcome"][0], "start": 0})
    for turn, number in enumerate(order):
        _turn(session, rng, script, questions[number], items[number], chapters)
        if number == twin_of and session.twins == "both":
            _turn(session, rng, script, questions[-1], items[number], chapters, again=True)
        if rng.random() < 0.35:
            script.pause(rng, 1, 4)
            script.say(rng, rng.choice(lang["small"]))
        if turn == len(order) // 2:
            script.pause(rng, 14, 25)  # a long pause: technical trouble, a drink of water
    script.pause(rng, 1, 3)
    for sentence in lang["bye"]:
        script.say(rng, sentence)
    duration = int(script.clock) + 5
    for q in questions:
        if rng.random() < session.chat:
            start = q["start"]
            q["asked_at_offset"] = (
                max(0, int(start) - rng.randint(20, 480))
                if isinstance(start, int)
                else rng.randint(0, duration * 3 // 4)
            )
    truth = {
        "language": session.language,
        "duration": duration,
        "chapters": chapters,
        "questions": questions,
        "captions": {},
    }
    return script, truth


def _turn(
    session: Session,
    rng: random.Random,
    script: Script,
    question: dict[str, object],
    item: Item,
    chapters: list[dict[str, object]],
    *,
    again: bool = False,
) -> None:
    """The moderator puts one question, the expert answers."""
    lang = PHRASES[session.language]
    script.pause(rng, 0.8, 3.5)
    name = spoken(str(question["asked_by"]), rng)
    style = (
        "verbatim"
        if again
        else rng.choices(list(session.styles), weights=list(session.styles.values()))[0]
    )
    at = ("@" + name.split()[0]) if str(question["asked_by"]).startswith("@") else name
    template = rng.choice(lang["again"] if again else lang.get(style, [""]))
    if style == "answer_only":
        line = ""
    else:
        line = template.format(n=name, at=at, q=question["text"], p=item[3])
    start = script.say(rng, line, (name, at)) if line else None
    if line:
        script.pause(rng, 0.3, 1.5)
    opener = rng.choice(lang["opener"])
    answer_start = script.say(rng, opener) if opener else script.clock
    first, *rest = [s.strip() + "." for s in item[4].split(". ") if s.strip()]
    sentences = [
        first.rstrip(".") + ".",
        *rng.sample(lang["filler"], 2),
        *[r.rstrip(".") + "." for r in rest],
    ]
    if again:
        sentences = sentences[:2]
    for sentence in sentences:
        script.say(rng, sentence)
    question["start"] = int(start if start is not None else answer_start)
    question["style"] = style
    if session.chapters and not again and rng.random() < 0.6:
        chapters.append(
            {"title": item[0], "start": max(0, int(question["start"]) - rng.randint(0, 3))}
        )


def _stamp(seconds: float, sep: str = ".", hours_width: int = 2) -> str:
    millis = round(seconds * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    return f"{hours:0{hours_width}d}:{minutes:02d}:{rest // 1000:02d}{sep}{rest % 1000:03d}"


def clean_cues(words: list[Word]) -> list[tuple[float, float, str]]:
    """Cues as a captioner writes them: two lines of at most 42 characters, split at pauses."""
    cues: list[tuple[float, float, str]] = []
    chunk: list[Word] = []
    for word in [*words, None]:
        text = " ".join(w.text for w in chunk)
        gap = word is not None and chunk and word.start - chunk[-1].end > 0.8
        if chunk and (word is None or gap or len(text) + 1 + len(word.text) > 80):
            cues.append((chunk[0].start, chunk[-1].end + 0.2, _wrap(text)))
            chunk = []
        if word is not None:
            chunk.append(word)
    return cues


def _wrap(text: str) -> str:
    if len(text) <= 42:
        return text
    cut = text.rfind(" ", 0, len(text) // 2 + 8)
    return text[:cut] + "\n" + text[cut + 1 :]


def render_clean(words: list[Word], kind: str) -> str:
    cues = clean_cues(words)
    if kind == "srt":
        return "".join(
            f"{i}\n{_stamp(s, ',')} --> {_stamp(e, ',')}\n{t}\n\n"
            for i, (s, e, t) in enumerate(cues, 1)
        )
    if kind == "sbv":
        return "".join(f"{_stamp(s, '.', 1)},{_stamp(e, '.', 1)}\n{t}\n\n" for s, e, t in cues)
    return "WEBVTT\n\n" + "".join(f"{_stamp(s)} --> {_stamp(e)}\n{t}\n\n" for s, e, t in cues)


_STRIP = str.maketrans("", "", string.punctuation.replace("'", "").replace("@", "") + "«»…–")


def misheard(words: list[Word], rng: random.Random, language: str) -> list[Word]:
    """Automatic recognition: lower case, no punctuation, ~10 % of words lost or misheard,
    names misspelt half of the time."""
    vocabulary = sorted({w.text.lower().translate(_STRIP) for w in words if len(w.text) > 3})
    heard: list[Word] = []
    for word in words:
        text = word.text.lower().translate(_STRIP).replace("'", " ' ").replace(" ' ", "'")
        if text.startswith("@"):
            text = ("at " if language == "en" else "") + text[1:]
        if not text:
            continue
        roll = rng.random()
        if (word.name and roll < 0.5) or (not word.name and roll < 0.05):
            text = _typo(text, rng)
        elif not word.name and roll < 0.08:
            text = rng.choice(vocabulary)
        elif not word.name and roll < 0.11:
            continue
        for part in text.split():
            heard.append(Word(part, word.start, word.end))
    return heard


def _typo(text: str, rng: random.Random) -> str:
    if len(text) < 3:
        return text
    i = rng.randrange(1, len(text))
    return rng.choice(
        [
            text[:i] + text[i + 1 :],
            text[:i] + rng.choice("aeioulnrst") + text[i + 1 :],
            text[:i] + text[i] + text[i:],
        ]
    )


def render_auto(words: list[Word], rng: random.Random, language: str) -> str:
    """YouTube's automatic captions: rolling two-line cues, word timings, 10 ms flashes."""
    heard = misheard(words, rng, language)
    lines: list[list[Word]] = []
    for word in heard:
        if (
            not lines
            or len(lines[-1]) >= rng.choice((5, 6, 7, 8))
            or word.start - lines[-1][-1].end > 2.5
        ):
            lines.append([])
        lines[-1].append(word)
    out = [f"WEBVTT\nKind: captions\nLanguage: {language}\n"]
    for i, line in enumerate(lines):
        start = line[0].start
        end = lines[i + 1][0].start if i + 1 < len(lines) else line[-1].end + 1
        previous = " ".join(w.text for w in lines[i - 1]) if i else " "
        timed = line[0].text + "".join(f"<{_stamp(w.start)}><c> {w.text}</c>" for w in line[1:])
        out.append(
            f"{_stamp(start)} --> {_stamp(end - 0.01)} align:start position:0%\n{previous}\n{timed}\n"
        )
        plain = " ".join(w.text for w in line)
        out.append(f"{_stamp(end - 0.01)} --> {_stamp(end)} align:start position:0%\n{plain}\n \n")
    return "\n".join(out)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("session-*"):
        old.unlink()
    for session in SESSIONS:
        script, truth = build(session)
        rng = random.Random(session.seed * 7)
        for render in session.renders:
            style, kind = render.split(".")
            text = (
                render_auto(script.words, rng, session.language)
                if style == "auto"
                else render_clean(script.words, kind)
            )
            name = f"session-{session.name}.{render}"
            (OUT / name).write_text(text, encoding="utf-8")
            truth["captions"][name] = style
        (OUT / f"session-{session.name}.truth.json").write_text(
            json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )


if __name__ == "__main__":
    main()
