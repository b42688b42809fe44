"""Reads for the citizen pages. Query shape is decided here; dates are passed in."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final

from django.core.paginator import Page, Paginator
from django.db.models import Count, Field, OuterRef, QuerySet, Subquery, Window
from django.db.models.functions import Coalesce
from django.http import HttpRequest, QueryDict
from django.utils.translation import gettext as _

from mentor import cpr as cpr_lib
from mentor.filters import CitizenFilter
from mentor.models import Citizen, SocialServiceSupport, User
from mentor.name_search import name_matches
from mentor.permissions import (
    does_case_work,
    visible_citizens,
    visible_courses,
    visible_documents,
)
from mentor.services import CITIZEN_FACT_FIELDS

if TYPE_CHECKING:
    from visitation.models import Course, Referral

PAGE_SIZE = 25


@dataclass
class CitizenSearch:
    page: Page[Citizen]
    query: str
    by_cpr: bool = False
    invalid_cpr: bool = False
    filter: CitizenFilter | None = None


def citizen_search(user: User, query: str, page_number: str | None, *,
                   params: QueryDict | None = None,
                   request: HttpRequest | None = None) -> CitizenSearch:
    """The user's citizens, by name (every word, in any order, any case and spelling of the
    Danish letters: ``mentor.name_search``) or by a full CPR number, which finds exactly one
    through the keyed hash (the number itself is never stored); narrowed and sorted by the
    list's filter (``params``: the query string)."""
    from visitation.models import Course, CourseStatus

    query = " ".join(query.split())
    # A correlated count, evaluated for the page's rows only; a joined Count would group the
    # whole team's citizens before the page could be cut (and the paginator's count with it).
    open_courses = (Course.objects.filter(citizen=OuterRef("pk"))
                    .exclude(status=CourseStatus.ENDED).order_by().values("citizen")
                    .annotate(n=Count("pk")).values("n"))
    qs: QuerySet[Citizen] = visible_citizens(user).select_related("team").annotate(
        open_courses=Coalesce(Subquery(open_courses), 0))
    by_cpr = invalid = False
    if query and cpr_lib.looks_like_cpr(query):
        by_cpr = True
        try:
            qs = qs.filter(cpr_hash__in=cpr_lib.search_hashes(query))
        except cpr_lib.InvalidCpr:
            invalid = True
            qs = qs.none()
    elif query:
        qs = qs.filter(name_matches("search_name", query))
    filterset = CitizenFilter(params, queryset=qs, request=request)
    qs = filterset.qs
    page = (page_with_total(qs, page_number, PAGE_SIZE) if query or filterset.narrows
            else Paginator(qs, PAGE_SIZE).get_page(page_number))
    return CitizenSearch(page=page, query=query, by_cpr=by_cpr, invalid_cpr=invalid,
                         filter=filterset)


MAX_PAGE_NUMBER: Final = 10**9


def page_with_total(qs: QuerySet[Any], page_number: str | None, per_page: int) -> Page[Any]:
    """A page of a search and the number of matches in one query (``COUNT(*) OVER ()``)
    instead of a COUNT and a SELECT that both search. The same page as ``get_page`` gives;
    for a page number that is not a positive integer, or past the end, it is ``get_page``."""
    paginator = Paginator(qs, per_page)
    try:
        number = int(page_number or 1)
    except ValueError:
        number = 0
    # A typed page number so large that its offset overflows the database's integer is past
    # the end too: ``get_page`` answers it with the last page, without an OFFSET.
    if number < 1 or number > MAX_PAGE_NUMBER:
        return paginator.get_page(page_number)
    offset = (number - 1) * per_page
    rows = list(qs.annotate(matches=Window(Count("pk")))[offset:offset + per_page])
    if not rows:
        return paginator.get_page(page_number)
    paginator.count = rows[0].matches
    return Page(rows, number, paginator)


@dataclass
class SupportRow:
    support: SocialServiceSupport
    overlapping_courses: list[Any] = field(default_factory=list)


@dataclass
class CitizenOverview:
    citizen: Citizen
    facts: list[tuple[str, Any]]
    referrals: list[Any]
    courses: list[Any]
    reviews_due: list[Any]
    supports: list[SupportRow]
    is_case_team: bool
    decision_today: dict[str, Any] | None
    complaints: list[Any] = field(default_factory=list)
    documents: list[Any] = field(default_factory=list)

    @property
    def has_overlap(self) -> bool:
        return any(row.overlapping_courses for row in self.supports)


def citizen_facts(citizen: Citizen) -> list[tuple[str, Any]]:
    """(label, value) for each fact the rules read, as the citizen page shows them."""
    rows: list[tuple[str, Any]] = []
    for name in CITIZEN_FACT_FIELDS:
        model_field = Citizen._meta.get_field(name)
        if not isinstance(model_field, Field):
            raise TypeError(f"Citizen.{name} is not a field of the citizen's own.")
        value = getattr(citizen, name)
        if name == "benefit":
            shown = str(citizen.get_benefit_display())
        elif isinstance(value, bool):
            shown = str(_("Ja") if value else _("Nej"))
        elif isinstance(value, datetime.date):
            shown = value.strftime("%d.%m.%Y")
        else:
            shown = "—"
        rows.append((str(model_field.verbose_name).capitalize(), shown))
    return rows


def _overlaps(support: SocialServiceSupport, course: Course) -> bool:
    course_end = course.ended_on or course.end_date
    support_end = support.end_date or datetime.date.max
    return support.start_date <= course_end and course.start_date <= support_end


# Only the columns the page shows: a referral row carries its facts snapshot and decision as
# JSON, a course some fifty columns, and the page reads a handful of each.
REFERRAL_LIST_FIELDS = ("citizen_id", "created_at", "decision_kind", "status",
                        "created_by__username", "created_by__first_name",
                        "created_by__last_name")
COURSE_LIST_FIELDS = ("citizen_id", "kind", "legal_basis", "status", "start_date", "end_date",
                      "ended_on", "mentor__name", "provider__name", "mentor_type__name")
SUPPORT_LIST_FIELDS = ("citizen_id", "kind", "start_date", "end_date", "provider", "note")


def citizen_referrals(citizen: Citizen) -> QuerySet[Referral]:
    """The citizen's referrals, newest first, with their authors' names."""
    from visitation.models import Referral

    return (Referral.objects.filter(citizen=citizen).select_related("created_by")
            .only(*REFERRAL_LIST_FIELDS).order_by("-created_at", "-id"))


def citizen_supports(citizen: Citizen) -> QuerySet[SocialServiceSupport]:
    """The citizen's support under the Social Services Act, newest first."""
    return (SocialServiceSupport.objects.filter(citizen=citizen).only(*SUPPORT_LIST_FIELDS)
            .order_by("-start_date", "-id"))


def citizen_overview(user: User, citizen: Citizen, *, today: datetime.date,
                     decision_today: dict[str, Any] | None = None) -> CitizenOverview:
    """Everything the citizen page shows. A mentor sees their own courses only, and no
    referrals (those are case work of the citizen's team)."""
    from visitation.models import CourseStatus
    from visitation.selectors_journal import reviews_due

    is_case_team = citizen.team_id in user.team_ids and does_case_work(user)
    referrals: list[Any] = list(citizen_referrals(citizen)) if is_case_team else []
    courses = list(visible_courses(user).filter(citizen=citizen)
                   .select_related("mentor", "provider", "mentor_type")
                   .only(*COURSE_LIST_FIELDS).order_by("-start_date", "-id"))
    open_courses = [c for c in courses if c.status != CourseStatus.ENDED]
    reviews = reviews_due([c.pk for c in open_courses], limit=10)
    supports = [SupportRow(support, [c for c in open_courses if _overlaps(support, c)])
                for support in citizen_supports(citizen)]
    complaints: list[Any] = []
    if is_case_team:
        from visitation.selectors_complaints import citizen_complaints

        complaints = citizen_complaints(citizen)
    documents = list(visible_documents(user).filter(citizen=citizen)
                     .select_related("uploaded_by").order_by("-uploaded_at", "-id"))
    return CitizenOverview(citizen=citizen, facts=citizen_facts(citizen), referrals=referrals,
                           courses=courses, reviews_due=reviews, supports=supports,
                           is_case_team=is_case_team, decision_today=decision_today,
                           complaints=complaints, documents=documents)
