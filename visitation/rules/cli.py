"""The command-line behaviour of `rules evaluate`, as a pure function of its streams.

One JSON object of facts per input line, one JSON object per output line in the same order:
the decision, or ``{"error": "<message naming the field>"}``. Blank lines are skipped.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from typing import Final, Protocol

from .decision import decision_to_dict
from .engine import evaluate
from .errors import FactsError, PolicyError, RulesError
from .facts import parse_facts
from .policy import LEGAL_MINIMUM, parse_policy

EXIT_OK: Final = 0
EXIT_LINE_ERROR: Final = 1
EXIT_BAD_POLICY: Final = 2
LANGS: Final = ("en", "da")


class TextSink(Protocol):
    def write(self, text: str, /) -> object: ...


def run_evaluate(
    lines_in: Iterable[str],
    out: TextSink,
    policy_text: str | None,
    lang: str = "en",
    *,
    err: TextSink | None = None,
) -> int:
    """Decide every line of `lines_in` and write one JSON line each to `out`.

    Returns 0 when every line was decided, 1 when any line was an error, 2 when the policy is
    malformed (or `lang` unknown): then nothing is read and the message goes to `err`
    (standard error by default).
    """
    errors = sys.stderr if err is None else err
    if lang not in LANGS:
        errors.write(f"lang must be en or da, got {lang!r}\n")
        return EXIT_BAD_POLICY
    policy = LEGAL_MINIMUM
    if policy_text is not None:
        try:
            policy = parse_policy(policy_text)
        except PolicyError as error:
            errors.write(error.message(lang) + "\n")
            return EXIT_BAD_POLICY

    status = EXIT_OK
    for number, raw in enumerate(lines_in):
        line = raw.strip()
        if number == 0:
            line = line.lstrip("\ufeff").strip()  # a byte-order mark from some editors
        if not line:
            continue
        try:
            result = decision_to_dict(evaluate(parse_facts(_load(line)), policy), lang)
        except RulesError as error:
            result = {"error": error.message(lang)}
            status = EXIT_LINE_ERROR
        out.write(json.dumps(result, ensure_ascii=False) + "\n")
    return status


def _load(line: str) -> object:
    try:
        return json.loads(line, object_pairs_hook=_object_without_duplicates)
    except FactsError:
        raise
    except (ValueError, RecursionError) as error:
        if isinstance(error, json.JSONDecodeError):
            message = f"{error.msg} (column {error.colno})"
        else:
            message = str(error) or type(error).__name__
        raise FactsError(
            None,
            f"line is not valid JSON: {message}",
            f"linjen er ikke gyldig JSON: {message}",
        ) from None


def _object_without_duplicates(pairs: list[tuple[str, object]]) -> dict[str, object]:
    result: dict[str, object] = {}
    for key, value in pairs:
        if key in result:
            shown = json.dumps(key, ensure_ascii=False)
            raise FactsError(key, f"duplicate field {shown}", f"feltet {shown} står to gange")
        result[key] = value
    return result
