"""Name search that ignores case, word order and how Danish and accented letters are typed.

A name is *folded* before it is stored (``Citizen.search_name``, by the services that save a
citizen) and every search word is folded the same way, so "jorgensen" finds Jørgensen,
"aase" finds Åse and "hansen anne" finds Anne Hansen. Folding happens in Python, not in the
database, so that PostgreSQL and SQLite store and compare the same plain lower-case ASCII
(SQLite's ``lower()`` leaves non-ASCII letters alone) and the trigram index on the column
serves ``LIKE '%word%'`` on PostgreSQL.

Where a name is not stored folded (a mentor's or a user's: a few hundred, written by the
admin), ``matching_ids`` folds the candidates' names in Python: SQLite cannot parse the
nested REPLACE calls a database-side folding would take.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import reduce
from typing import Final

from django.db.models import Q

# Letters written another way on a keyboard without them. The Danish letters fold to their
# usual transliterations (æ → ae, å → aa) and ø to o, which "oe" folds to as well, so that
# Jørgensen, Jorgensen and Joergensen meet.
_LOWER_FOLDS: Final = {
    "æ": "ae", "ø": "o", "å": "aa", "ä": "a", "ö": "o", "ü": "u", "ß": "ss",
    "á": "a", "à": "a", "â": "a", "ã": "a", "é": "e", "è": "e", "ê": "e", "ë": "e",
    "í": "i", "ì": "i", "î": "i", "ï": "i", "ó": "o", "ò": "o", "ô": "o", "õ": "o",
    "ú": "u", "ù": "u", "û": "u", "ý": "y", "ÿ": "y", "ñ": "n", "ç": "c", "č": "c",
    "ć": "c", "š": "s", "ž": "z", "ł": "l", "ð": "d", "þ": "th",
}
LETTER_FOLDS: Final = {**_LOWER_FOLDS,
                       **{k.upper(): v for k, v in _LOWER_FOLDS.items() if len(k.upper()) == 1}}
# After lower-casing: the transliteration of ø.
DIGRAPH_FOLDS: Final = {"oe": "o"}
_TABLE: Final = str.maketrans(LETTER_FOLDS)


def fold(text: str) -> str:
    """``text`` as it is stored and searched: letters folded, lower case, single spaces."""
    text = unicodedata.normalize("NFC", text).translate(_TABLE).lower()
    for digraph, plain in DIGRAPH_FOLDS.items():
        text = text.replace(digraph, plain)
    return " ".join(text.split())


def search_name_for(first_name: str, last_name: str) -> str:
    """The value of ``Citizen.search_name`` for a citizen of this name."""
    return fold(f"{first_name} {last_name}")


def search_words(query: str) -> list[str]:
    """The folded words of a query; each must occur in a matching name, in any order."""
    return fold(query).split()


def name_matches(field: str, query: str) -> Q:
    """A filter for rows whose folded name ``field`` holds every word of ``query``."""
    return reduce(lambda q, word: q & Q(**{f"{field}__contains": word}),
                  search_words(query), Q())


def matching_ids(rows: Iterable[tuple[int, str]], query: str) -> list[int]:
    """The ids of the ``(id, name)`` rows whose folded name holds every word of ``query``: for
    names that are not stored folded (mentors, users), of which there are a few hundred."""
    words = search_words(query)
    return [pk for pk, name in rows if all(word in fold(name) for word in words)]
