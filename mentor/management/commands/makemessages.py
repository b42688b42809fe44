"""``makemessages`` that also reads the Jinja2 pages (``templates/**/*.jinja``).

Django's command hands every non-Python file to its template lexer, which does not know
Jinja2's ``{{ _("…", n=x) }}`` or ``ngettext(…)``. Here a ``.jinja`` file is read with
Jinja2's own extractor instead, and its messages are written, each on its own source line,
as the Python calls xgettext reads, so that ``manage.py makemessages -l en`` keeps the
pages' strings in the catalogue with the right file and line.
"""

from __future__ import annotations

import io
from typing import Any

from django.core.management.commands import makemessages
from jinja2.ext import babel_extract

KEYWORDS = ("_", "gettext", "ngettext")
JINJA_EXTENSION = "jinja"


def as_python(source: bytes) -> str:
    """The messages of a Jinja2 template as Python calls on the lines they stand on."""
    by_line: dict[int, list[str]] = {}
    with_options = {"extensions": "jinja2.ext.i18n", "trimmed": "false"}
    for lineno, function, message, _comments in babel_extract(io.BytesIO(source), KEYWORDS,
                                                              [], with_options):
        # A call with keyword arguments comes as a tuple with None for each of them.
        strings = message if isinstance(message, tuple) else (message,)
        if function == "ngettext":
            call = f"ngettext({strings[0]!r}, {strings[1]!r}, n)"
        else:
            call = f"gettext({strings[0]!r})"
        by_line.setdefault(lineno, []).append(call)
    last = max(by_line, default=0)
    return "\n".join("; ".join(by_line.get(line, [])) for line in range(1, last + 1)) + "\n"


class JinjaBuildFile(makemessages.BuildFile):
    @property
    def is_jinja(self) -> bool:
        return self.domain == "django" and self.path.endswith("." + JINJA_EXTENSION)

    def preprocess(self) -> None:
        if not self.is_jinja:
            super().preprocess()
            return
        with open(self.path, "rb") as source:
            content = as_python(source.read())
        with open(self.work_path, "w", encoding="utf-8") as work:
            work.write(content)


class Command(makemessages.Command):
    build_file_class = JinjaBuildFile

    def handle(self, *args: Any, **options: Any) -> None:
        if options.get("domain", "django") == "django" and not options.get("extensions"):
            options["extensions"] = ["html", "txt", "py", JINJA_EXTENSION]
        super().handle(*args, **options)
