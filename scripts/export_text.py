"""Text for the synthetic exports: vocabulary, sentences, paragraphs, comments.

Part of the ``scripts/make_export.py`` generator.  Everything here is a pure
function of the :class:`random.Random` it is given; the word lists are tuples
(never sets) so that nothing depends on ``PYTHONHASHSEED``.  French text uses
typographic apostrophes and ``«»`` quotes, English text curly quotes, as a
bilingual WordPress blog would.
"""

from __future__ import annotations

import random


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


FR_WORDS = _words(
    "blog billet commentaire conférence formation médias sociaux temps réseau internet "
    "lecteur lectrice écriture langue traduction résumé chronique journal semaine année "
    "idée question réponse projet indépendant entreprise communauté confiance outil "
    "téléphone ordinateur photo voyage montagne Lausanne Genève café matin soir été hiver "
    "vie travail équipe client élève école famille ami amie liste archive souvenir "
    "changement expérience débat présence visibilité identité vie privée sécurité "
    "plateforme article lien page image vidéo podcast"
)
FR_VERBS = _words(
    "écrire lire partager publier répondre comprendre apprendre expliquer raconter "
    "découvrir garder oublier changer essayer commencer continuer proposer"
)
FR_GLUE = _words(
    "et mais donc car ou puis aussi encore déjà toujours souvent parfois vraiment "
    "un peu beaucoup trop même surtout enfin ensuite là-dessus avec sans pour dans "
    "sur chez entre depuis après avant"
)
FR_OPENERS = (
    "C’est",
    "J’ai",
    "Je crois que",
    "Il faut",
    "On oublie souvent que",
    "Ça fait longtemps que",
    "Aujourd'hui,",
    "Cette semaine,",
    "Franchement,",
    "Au fond,",
    "Qu’est-ce que",
    "L’autre jour,",
)
EN_WORDS = _words(
    "blog post comment conference workshop social media time network internet reader "
    "writing language translation summary column newspaper week year idea question "
    "answer project freelancer company community trust tool phone laptop photo trip "
    "mountain Lausanne Geneva coffee morning evening summer winter life work team client "
    "student school family friend list archive memory change experience debate presence "
    "visibility identity privacy security platform article link page image video podcast"
)
EN_VERBS = _words(
    "write read share publish answer understand learn explain tell discover keep forget "
    "change try start continue suggest"
)
EN_GLUE = _words(
    "and but so because or then also still already always often sometimes really "
    "a bit a lot too much even mostly finally with without for in on at between since "
    "after before"
)
EN_OPENERS = (
    "It's",
    "I've",
    "I think",
    "We need to",
    "People often forget that",
    "It's been a while since",
    "Today,",
    "This week,",
    "Honestly,",
    "In the end,",
    "What if",
    "The other day,",
)

COMMENTERS = (
    ("Marc Dubois", "marc"),
    ("David Rochat", "david"),
    ("Cédric Favre", "cedric"),
    ("Anne-Sophie Martin", "annesophie"),
    ("Jean-Luc", "jl"),
    ("Léa Perrin", "lea"),
    ("Nathalie Roux", "nathalie"),
    ("Paul Smith", "paul"),
    ("Emily Carter", "emily"),
    ("Javier Gómez", "javier"),
    ("Zoë Müller", "zoe"),
    ("Thomas", "thomas"),
    ("Sam O'Neill", "sam"),
    ("Isabelle Girard", "isabelle"),
    ("Kenji Watanabe", "kenji"),
    ("Mira", "mira"),
)
EMOJI = ("😉", "🙂", "👍", "😄", "🙏", "☕")

# Sentence pools: nouns weighted x2 against verbs and function words.
POOLS: dict[str, tuple[str, ...]] = {
    "fr": FR_WORDS * 2 + FR_VERBS + FR_GLUE,
    "en": EN_WORDS * 2 + EN_VERBS + EN_GLUE,
}


def words_for(lang: str) -> tuple[str, ...]:
    """The nouns of ``lang`` ("fr" or "en"), used for titles and asides."""
    return FR_WORDS if lang == "fr" else EN_WORDS


def sentence(rng: random.Random, lang: str) -> str:
    words = words_for(lang)
    openers = FR_OPENERS if lang == "fr" else EN_OPENERS
    parts = rng.choices(POOLS[lang], k=rng.randint(5, 15))
    parts[0] = openers[int(rng.random() * len(openers))]
    text = " ".join(parts)
    roll = rng.random()
    if roll < 0.08:
        quote = "«{}»" if lang == "fr" else "“{}”"
        text += ", " + quote.format(" ".join(rng.choice(words) for _ in range(3)))
    elif roll < 0.12:
        text += " (" + " ".join(rng.choice(words) for _ in range(2)) + ")"
    end = rng.random()
    if end < 0.08:
        text += " ?" if lang == "fr" and rng.random() < 0.5 else "?"
    elif end < 0.12:
        text += "…"
    elif end < 0.15:
        text += "!"
    else:
        text += "."
    return text[0].upper() + text[1:]


def paragraph(rng: random.Random, lang: str) -> str:
    return " ".join(sentence(rng, lang) for _ in range(rng.randint(1, 5)))


def inline_markup(rng: random.Random, text: str) -> str:
    """Wrap two consecutive words of a long enough paragraph in ``<em>``/``<strong>``."""
    words = text.split(" ")
    if len(words) > 6 and rng.random() < 0.25:
        i = rng.randrange(1, len(words) - 2)
        tag = rng.choice(("em", "strong"))
        words[i] = f"<{tag}>{words[i]}"
        words[i + 1] = f"{words[i + 1]}</{tag}>"
    return " ".join(words)


def comment_text(rng: random.Random, lang: str, signature: str) -> str:
    """A comment: 1-3 short paragraphs, sometimes an emoji or a signature line."""
    text = "\n\n".join(
        " ".join(sentence(rng, lang) for _ in range(rng.randint(1, 3)))
        for _ in range(rng.choice((1, 1, 1, 2, 3)))
    )
    if rng.random() < 0.1:
        text += " " + rng.choice(EMOJI)
    if rng.random() < 0.15:
        text += f"\n{signature}"
    return text
