"""Schemes (ordninger): how mentor types roll up into the rows of the management reports.

Copenhagen's 2018 answer reports external spend per scheme: "fastholdelsesmentor" (offers under
LAB § 31 b / § 31 d: retention, professional and social mentors), "helhedsorienteret mentor"
(the right-and-duty mentor) and "udskrivningskoordinator". The release and study-start
coordinators are schemes of their own. This table is the only place that says so; the reports
turn it into a database ``CASE`` so that grouping happens in the query.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from django.db.models import Case, CharField, Q, Value, When
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Scheme:
    code: str
    label: str | Promise
    mentor_types: tuple[str, ...]


SCHEMES: Final[tuple[Scheme, ...]] = (
    Scheme("retention", _("Fastholdelsesmentor"),
           ("retention_mentor", "professional_mentor", "social_mentor")),
    Scheme("holistic", _("Helhedsorienteret mentor"), ("holistic_mentor",)),
    Scheme("discharge", _("Udskrivningskoordinator"), ("discharge_coordinator",)),
    Scheme("release", _("Udslusningskoordinator"), ("release_coordinator",)),
    Scheme("study_start", _("Studiestartskoordinator"), ("study_start_coordinator",)),
)
OTHER: Final = Scheme("other", _("Øvrige"), ())

SCHEME_BY_CODE: Final[dict[str, Scheme]] = {s.code: s for s in (*SCHEMES, OTHER)}
SCHEME_OF_MENTOR_TYPE: Final[dict[str, str]] = {
    code: scheme.code for scheme in SCHEMES for code in scheme.mentor_types}


def scheme_case(mentor_type_code_field: str) -> Case:
    """A database expression giving the scheme code of the row's mentor type."""
    return Case(
        *[When(Q(**{f"{mentor_type_code_field}__in": scheme.mentor_types}),
               then=Value(scheme.code)) for scheme in SCHEMES],
        default=Value(OTHER.code), output_field=CharField())


def scheme_order(code: str) -> int:
    codes = [s.code for s in (*SCHEMES, OTHER)]
    return codes.index(code) if code in codes else len(codes)


def scheme_label(code: str) -> str:
    scheme = SCHEME_BY_CODE.get(code)
    return str(scheme.label) if scheme else code
