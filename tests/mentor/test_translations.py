"""Every text of the interface has an English translation in locale/en/LC_MESSAGES/django.po
(the Danish text is the msgid)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from babel.messages.extract import extract_python
from babel.messages.pofile import read_po
from django.conf import settings
from django.utils.translation.template import templatize

TEMPLATES = Path(settings.BASE_DIR) / "templates"
KEYWORDS = {"gettext": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2),
            "npgettext": ((1, "c"), 2, 3), "_": None}


def catalogue() -> dict[str, object]:
    with (Path(settings.BASE_DIR) / "locale/en/LC_MESSAGES/django.po").open("rb") as po:
        return {str(m.id if isinstance(m.id, str) else m.id[0]): m.string for m in read_po(po)}


def messages_of(path: Path) -> list[str]:
    """The msgids of a template, as ``makemessages`` reads them (Django's ``templatize``)."""
    source = templatize(path.read_text(), origin=str(path))
    # xgettext reads it as a stream of tokens; Python's tokenizer also minds indentation.
    source = "\n".join(line.lstrip() for line in source.splitlines())
    found = extract_python(io.BytesIO(source.encode()), KEYWORDS, [], {})
    return [str(message if isinstance(message, str) else message[0])
            for _line, _function, message, _comments in found]


PAGES = sorted(p for p in TEMPLATES.rglob("*.html") if "reporting" not in p.parts)


def test_the_reader_finds_a_templates_texts() -> None:
    assert "Mine borgere" in messages_of(TEMPLATES / "visitation" / "workspace.html")
    assert "%(n)s borger" in messages_of(TEMPLATES / "mentor" / "citizen_list.html")


@pytest.mark.parametrize("path", PAGES, ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_every_text_of_a_template_has_an_english_translation(path: Path) -> None:
    known = catalogue()
    assert [m for m in messages_of(path) if m and not known.get(m)] == []


PY_KEYWORDS = {**KEYWORDS, "gettext_lazy": None, "ngettext_lazy": (1, 2),
               "pgettext_lazy": ((1, "c"), 2), "gettext_noop": None}
APPS = ("mentor", "visitation", "agreements", "reporting")


def python_sources() -> list[Path]:
    base = Path(settings.BASE_DIR)
    return sorted(p for app in APPS for p in (base / app).rglob("*.py")
                  if "migrations" not in p.parts)


def test_every_text_marked_in_python_has_an_english_translation() -> None:
    from babel.messages.extract import extract_from_file

    known = catalogue()
    missing = []
    for path in python_sources():
        for line, message, _comments, _context in extract_from_file(
                "python", str(path), keywords=PY_KEYWORDS):
            text = str(message if isinstance(message, str) else message[0])
            if text and not known.get(text):
                missing.append(f"{path.name}:{line}: {text}")
    assert missing == []


def test_service_refusals_are_marked_for_translation() -> None:
    """A refusal (DomainError, NotPermitted) is shown to the user, so its text is a msgid
    rendered in the reader's language, never a bare Danish literal or f-string."""
    import ast

    bare = []
    for path in python_sources():
        if "seed" in path.parts:  # the demo generator's internal refusals are never shown
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id in {"DomainError", "NotPermitted"} and node.args):
                continue
            text = node.args[0]
            translated = any(isinstance(inner, ast.Call) and isinstance(inner.func, ast.Name)
                             and inner.func.id in {"_", "gettext"} for inner in ast.walk(text))
            if isinstance(text, ast.Constant | ast.JoinedStr | ast.BinOp) and not translated:
                bare.append(f"{path.name}:{node.lineno}")
    assert bare == []
