"""CPR numbers: validation (python-stdnum), encryption at rest, keyed hash for search.

A CPR number is never logged and never shown in full unless the user asks (a logged action).
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet
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
def _fernet() -> Fernet:
    return Fernet(settings.CPR_ENCRYPTION_KEY.encode())


def encrypt(cpr: str) -> str:
    return _fernet().encrypt(normalise(cpr).encode()).decode()


def decrypt(token: str) -> str:
    return _fernet().decrypt(token.encode()).decode()


def keyed_hash(cpr: str) -> str:
    return hmac.new(settings.CPR_HASH_KEY.encode(), normalise(cpr).encode(),
                    hashlib.sha256).hexdigest()


def format_full(cpr: str) -> str:
    return f"{cpr[:6]}-{cpr[6:]}"


def looks_like_cpr(query: str) -> bool:
    digits = query.replace("-", "").strip()
    return len(digits) == 10 and digits.isdigit()
