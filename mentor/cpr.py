"""CPR numbers: validation (python-stdnum), encryption at rest, keyed hash for search.

A CPR number is never logged and never shown in full unless the user asks (a logged action).
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import re
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from stdnum.dk import cpr as stdnum_cpr
from stdnum.exceptions import ValidationError as StdnumValidationError


class InvalidCpr(ValueError):
    pass


def normalise(value: str) -> str:
    """Digits only; raises InvalidCpr with a Danish message if it is not a valid CPR number."""
    try:
        compact = stdnum_cpr.compact(value)
        stdnum_cpr.validate(compact)
        # stdnum does not check the modulus-11 digit (dropped in 2007); the date must be real.
        stdnum_cpr.get_birth_date(compact)
    except (StdnumValidationError, ValueError) as exc:
        raise InvalidCpr("Ugyldigt CPR-nummer: skriv 10 cifre (DDMMÅÅ-XXXX) "
                         "med en gyldig fødselsdato.") from exc
    return str(compact)


def birth_date(cpr: str) -> datetime.date:
    return stdnum_cpr.get_birth_date(normalise(cpr))


@lru_cache(maxsize=1)
def _fernet() -> MultiFernet:
    """Encrypts with the newest key (``CPR_ENCRYPTION_KEYS[0]``), decrypts with any of them."""
    return MultiFernet([Fernet(key.encode()) for key in settings.CPR_ENCRYPTION_KEYS])


@lru_cache(maxsize=1)
def _newest_fernet() -> Fernet:
    return Fernet(settings.CPR_ENCRYPTION_KEYS[0].encode())


def encrypt(cpr: str) -> str:
    return _fernet().encrypt(normalise(cpr).encode()).decode()


def decrypt(token: str) -> str:
    return _fernet().decrypt(token.encode()).decode()


def rotate(token: str) -> str:
    """The same secret encrypted under the newest key (any key may have encrypted it)."""
    return _fernet().rotate(token.encode()).decode()


def _hash_with(key: str, number: str) -> str:
    return hmac.new(key.encode(), number.encode(), hashlib.sha256).hexdigest()


def keyed_hash(cpr: str) -> str:
    """The hash stored with a citizen: under the newest key (``CPR_HASH_KEYS[0]``)."""
    return _hash_with(settings.CPR_HASH_KEYS[0], normalise(cpr))


def search_hashes(cpr: str) -> list[str]:
    """What a search by CPR number looks for: the hash under every key, newest first, so that
    a citizen is found before and after ``rotate_cpr_keys`` has rewritten their row."""
    number = normalise(cpr)
    return [_hash_with(key, number) for key in settings.CPR_HASH_KEYS]


def is_current(token: str, digest: str | None, number: str | None) -> bool:
    """Whether an encrypted value (and the hash of ``number``) are under the newest keys."""
    try:
        _newest_fernet().decrypt(token.encode())
    except InvalidToken:
        return False
    return number is None or digest == _hash_with(settings.CPR_HASH_KEYS[0], number)


def reset_key_cache() -> None:
    """Forget the keys read from the settings (the tests change them)."""
    _fernet.cache_clear()
    _newest_fernet.cache_clear()


def format_full(cpr: str) -> str:
    return f"{cpr[:6]}-{cpr[6:]}"


# A CPR number however it is written or encoded: 170590-1234, 1705901234, 170590 1234,
# 17.05.90-1234, 170590+1234 and 170590%2D1234 (a space and a dash in a query string), with
# spaces around the separator. Ten digits with nothing digit-like on either side.
_DATE_SEP = r"(?:[.\s]|%20)?"
_SERIAL_SEP = r"\s*(?:[-+./]|%2[dDbB]|%20)?\s*"
CPR_IN_TEXT = re.compile(rf"(?<![\d%])\d\d{_DATE_SEP}\d\d{_DATE_SEP}\d\d{_SERIAL_SEP}\d{{4}}(?!\d)")


def redact(text: str) -> str:
    """``text`` with every CPR-shaped number replaced by ``******-****``."""
    return CPR_IN_TEXT.sub("******-****", text)


def could_hold_cpr(text: str) -> bool:
    """True when ``text`` holds something written like a CPR number: such text stays out of
    URLs and logs."""
    return CPR_IN_TEXT.search(text) is not None


def looks_like_cpr(query: str) -> bool:
    digits = query.replace("-", "").strip()
    return len(digits) == 10 and digits.isdigit()
