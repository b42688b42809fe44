"""Password validators beyond Django's own (``AUTH_PASSWORD_VALIDATORS`` in the settings).

``GuessablePatternValidator`` asks zxcvbn (Dropbox's estimator, a maintained port) how many
guesses a password would take. zxcvbn knows the passwords of public breach lists, English words
and names, keyboard walks (qwerty, 1qaz2wsx), sequences (abcd, 4567), repeats, dates and years,
and l33t spellings (P@ssw0rd); it is given the Danish words that people build passwords from
(``data/danish_password_words.txt``: months, seasons, the 98 municipalities, workplace words)
and the user's own names. Below ``MIN_SCORE`` the password is refused, with a Danish message
saying which pattern made it guessable.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any, Final

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

WORDS_FILE: Final = Path(__file__).resolve().parent / "data" / "danish_password_words.txt"
# zxcvbn's score: 0 … 4 by the estimated guesses (below 10^3, 10^6, 10^8, 10^10, above). A word
# with a year and signs ("Sommer2026!!") is about 10^8 guesses: 3 would let it through.
MIN_SCORE: Final = 4
# zxcvbn's running time grows with the length; what it sees of a longer password is plenty.
ANALYSED_LENGTH: Final = 64


@cache
def danish_words() -> tuple[str, ...]:
    lines = WORDS_FILE.read_text(encoding="utf-8").splitlines()
    words: list[str] = []
    for line in lines:
        word = line.split("#", 1)[0].strip().lower()
        if word:
            words.append(word)
            # Typed without æ, ø and å, as on a keyboard without them.
            ascii_word = word.replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
            if ascii_word != word:
                words.append(ascii_word)
    return tuple(dict.fromkeys(words))


def _user_words(user: Any) -> list[str]:
    if user is None:
        return []
    values = [getattr(user, name, "") or "" for name in
              ("username", "first_name", "last_name", "email")]
    words = [value.split("@")[0] for value in values if value]
    return [part for word in words for part in (word, *word.replace(".", " ").split())]


def _message(sequence: Sequence[Mapping[str, object]]) -> str:
    """What made the password guessable, in the words of its weakest part."""
    patterns = {match.get("pattern") for match in sequence}
    if "spatial" in patterns:
        return _("Adgangskoden følger tasterne på tastaturet (som qwerty eller 1qaz2wsx). "
                 "Den er let at gætte.")
    if any(m.get("pattern") == "dictionary" and m.get("dictionary_name") == "user_inputs"
           for m in sequence):
        return _("Adgangskoden er bygget på et ord, der ofte bruges i adgangskoder (f.eks. en "
                 "måned, en årstid, et bynavn eller dit navn) med tal eller tegn omkring, som "
                 "Sommer2026!. Den er let at gætte.")
    if any(m.get("pattern") == "dictionary" and m.get("dictionary_name") == "passwords"
           for m in sequence):
        return _("Adgangskoden ligner en af de adgangskoder, der oftest bruges og står på "
                 "lister fra datalæk. Den er let at gætte.")
    if "sequence" in patterns:
        return _("Adgangskoden er en række (som abcd eller 4567). Den er let at gætte.")
    if "repeat" in patterns:
        return _("Adgangskoden gentager de samme tegn eller ord. Den er let at gætte.")
    if patterns & {"date", "regex"}:
        return _("Adgangskoden er mest et årstal eller en dato. Den er let at gætte.")
    return _("Adgangskoden er let at gætte (almindelige ord med tal og tegn omkring).")


class GuessablePatternValidator:
    """Refuses passwords that zxcvbn scores below ``MIN_SCORE``, with the Danish words
    people build passwords from and the user's own names among its dictionaries."""

    def validate(self, password: str, user: Any = None) -> None:
        from zxcvbn import zxcvbn

        result = zxcvbn(password[:ANALYSED_LENGTH],
                        user_inputs=[*danish_words(), *_user_words(user)])
        if result["score"] < MIN_SCORE:
            raise ValidationError(
                "%(problem)s %(advice)s",
                code="password_guessable",
                params={"problem": _message(result["sequence"]),
                        "advice": _("Brug f.eks. tre-fire tilfældige ord med bindestreg "
                                    "imellem, som du kan huske.")})

    def get_help_text(self) -> str:
        return _("Din adgangskode må ikke være et almindeligt ord med tal og tegn omkring (som "
                 "Sommer2026!), et tastaturmønster eller en kendt adgangskode.")


class NotCurrentPasswordValidator:
    """A new password must differ from the current one (the password-change form, and an
    administrator setting a user's password)."""

    def validate(self, password: str, user: Any = None) -> None:
        if user is None or user.pk is None or not user.has_usable_password():
            return
        from django.contrib.auth.hashers import check_password

        # check_password, not user.check_password: the latter would save an upgraded hash.
        if check_password(password, user.password):
            raise ValidationError(
                _("Den nye adgangskode skal være en anden end den, du har nu."),
                code="password_unchanged")

    def get_help_text(self) -> str:
        return _("Din adgangskode skal være en anden end den, du har nu.")
