"""Reads for referrals, the approval queue and the rules' decision as the pages show it.

Query shape is decided here; dates and the language are passed in, never read from a clock.
"""

from __future__ import annotations

import copy
import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.paginator import Page, Paginator
from django.db.models import (
    Count,
    DecimalField,
    F,
    Field,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.http import HttpRequest, QueryDict

from mentor.models import (
    Citizen,
    DecisionKind,
    Mentor,
    MentorType,
    Municipality,
    Provider,
    TargetGroup,
    Team,
    User,
)
from mentor.permissions import (
    may_approve,
    prospective_decider_ids,
    referral_decider_ids,
    referrals_awaiting_deputy,
    visible_referrals,
    visible_referrals_to_count,
)
from visitation import rules

if TYPE_CHECKING:
    from visitation.filters import ApprovalQueueFilter
from visitation.decisions import decide, stored_decision
from visitation.models import Course, CourseStatus, Referral, ReferralStatus, VisitationGround

PAGE_SIZE = 25


# --- The decision as shown ---------------------------------------------------------------------
@dataclass
class Labels:
    """Catalogue names for codes in a stored decision, in the UI language."""

    target_groups: dict[str, str]
    mentor_types: dict[str, str]


def load_labels(lang: str) -> Labels:
    """Cached until a target group or mentor type is written (``docs/caching.md``)."""
    from mentor import caching

    english = lang.startswith("en")

    def load() -> Labels:
        groups = {code: (en if english else da) for code, da, en in
                  TargetGroup.objects.values_list("code", "name", "name_en")}
        types = {code: (en if english else da) for code, da, en in
                 MentorType.objects.values_list("code", "name", "name_en")}
        return Labels(groups, types)

    return caching.cached(f"catalogue-labels:{'en' if english else 'da'}", load,
                          versions=[caching.CATALOGUE], ttl=caching.REFERENCE_TTL)


@dataclass
class DecisionView:
    kind: str = ""
    kind_label: str = ""
    target_groups: list[str] = field(default_factory=list)
    mentor_type: str = ""
    mentor_type_code: str = ""
    legal_basis: list[str] = field(default_factory=list)
    min_contact_days: int | None = None
    start_date: datetime.date | None = None
    end_date: datetime.date | None = None
    min_total_months: int | None = None
    extension_months: int | None = None
    min_hours_first_year: int | None = None
    review_dates: list[datetime.date] = field(default_factory=list)
    explanation: list[str] = field(default_factory=list)
    rule_set_version: str = ""
    error: str = ""

    @property
    def eligible(self) -> bool:
        return bool(self.kind) and self.kind != DecisionKind.NOT_ELIGIBLE and not self.error


def _date(value: Any) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def _kind_label(kind: str) -> str:
    # By the enum's own lookup: ``DecisionKind.values`` builds its list anew at every use
    # (once per row of the approval queue).
    try:
        return str(DecisionKind(kind).label)
    except ValueError:
        return kind


def decision_display(stored: dict[str, Any], labels: Labels | None,
                     lang: str) -> DecisionView | None:
    """A stored decision (``visitation.decisions.stored_decision``) for a template. Without
    ``labels`` (a page that shows neither, such as the approval queue) the target groups and
    the mentor type are left empty rather than named."""
    if not stored:
        return None
    english = lang.startswith("en")
    if stored.get("error"):
        return DecisionView(error=stored.get("error_en" if english else "error", ""))
    kind = stored.get("kind", "")
    mentor_type = stored.get("mentor_type") or ""
    return DecisionView(
        kind=kind,
        kind_label=_kind_label(kind),
        target_groups=[] if labels is None else [
            labels.target_groups.get(code, code) for code in stored.get("target_groups", [])],
        mentor_type="" if labels is None else labels.mentor_types.get(mentor_type, mentor_type),
        mentor_type_code=mentor_type,
        legal_basis=list(stored.get("legal_basis", [])),
        min_contact_days=stored.get("min_contact_days"),
        start_date=_date(stored.get("start_date")),
        end_date=_date(stored.get("end_date")),
        min_total_months=stored.get("min_total_months"),
        extension_months=stored.get("extension_months"),
        min_hours_first_year=stored.get("min_hours_first_year"),
        review_dates=[datetime.date.fromisoformat(d) for d in stored.get("review_dates", [])],
        explanation=list(stored.get("explanation_en" if english else "explanation", [])),
        rule_set_version=stored.get("rule_set_version", ""),
    )


def decision_for(citizen: Citizen, *, facts: dict[str, Any] | None, service_level: int,
                 start_date: datetime.date | None, on: datetime.date,
                 policy: rules.Policy) -> tuple[dict[str, Any], dict[str, Any]]:
    """(facts snapshot, stored decision) for ``citizen`` with ``facts`` laid over the
    citizen's own, without saving anything. A fact the rules cannot read gives a stored
    ``{"error": …, "error_en": …}`` instead of a decision."""
    shadow = copy.copy(citizen)
    for name, value in (facts or {}).items():
        setattr(shadow, name, value)
    try:
        snapshot, decision = decide(shadow, decision_date=on, service_level=service_level,
                                    start_date=start_date, policy=policy)
    except rules.RulesError as exc:
        return shadow.rules_facts(decision_date=on, service_level=service_level,
                                  start_date=start_date), \
            {"error": exc.message_da, "error_en": exc.message_en}
    return snapshot, stored_decision(decision)


def decision_today(citizen: Citizen, *, on: datetime.date, lang: str) -> DecisionView | None:
    """What the rules decide for ``citizen`` on ``on`` at service level 1 (citizen page)."""
    from visitation.decisions import policy_for

    _facts, stored = decision_for(citizen, facts=None, service_level=1, start_date=None, on=on,
                                  policy=policy_for(citizen.team.municipality, on))
    return decision_display(stored, load_labels(lang), lang)


def hours_outside_level(policy: rules.Policy, level: int, hours: Decimal | None) -> bool:
    """True when ``hours`` per week lie outside the municipality's range for ``level``."""
    if hours is None or level not in (1, 2, 3):
        return False
    band = policy.level(level)
    value = float(hours)
    if value < band.min_hours_per_week:
        return True
    return band.max_hours_per_week is not None and value > band.max_hours_per_week


# --- Lists -------------------------------------------------------------------------------------
def _list_related(qs: QuerySet[Referral]) -> QuerySet[Referral]:
    return qs.select_related("citizen", "team", "created_by", "mentor_type", "decided_by")


def referrals_for_list(user: User) -> QuerySet[Referral]:
    """The referrals the user may see, with what the list shows; ``ReferralFilter`` narrows
    them (own or team's, status, ...) and sorts them."""
    return _list_related(visible_referrals(user))


def deciders(user: User, *, team: Team, referral: Referral | None) -> list[User]:
    """Who would decide the referral if ``user`` sent it to visitation now (shown before the
    button); empty when nobody could, and then the submission is refused."""
    ids = (referral_decider_ids(referral, also_authors={user.pk})
           if referral is not None and referral.pk else
           prospective_decider_ids(team, author=user))
    return list(User.objects.filter(pk__in=ids).order_by("first_name", "last_name", "pk"))


QUEUE_FIELDS = ("submitted_at", "decision", "service_level", "hours_per_week",
                "citizen__first_name", "citizen__last_name", "citizen__birth_date",
                "team_id", "created_by__username", "created_by__first_name",
                "created_by__last_name")


@dataclass
class ApprovalQueue:
    page: Page[Referral]
    own_waiting: int  # the team leader's own referrals, which another team leader approves
    filter: ApprovalQueueFilter | None = None


def approval_queue(user: User, page_number: str | None, *, params: QueryDict | None = None,
                   request: HttpRequest | None = None) -> ApprovalQueue:
    """Submitted referrals of the team leader's teams, oldest first unless the list's filter
    (``params``) sorts otherwise; never their own (how many of those wait for another team
    leader is counted beside them)."""
    from visitation.filters import ApprovalQueueFilter

    if not may_approve(user):
        return ApprovalQueue(Paginator(Referral.objects.none(), PAGE_SIZE).get_page(page_number),
                             own_waiting=0)
    waiting = visible_referrals(user).filter(status=ReferralStatus.SUBMITTED)
    # Both counts in one statement: the queue's (for the page numbers) and the user's own,
    # from the index of submitted referrals by team alone (it holds the team, author and
    # citizen, not the id: so the citizen is what is counted, never null).
    counts = (visible_referrals_to_count(user).filter(status=ReferralStatus.SUBMITTED)
              .aggregate(queue=Count("citizen", filter=~Q(created_by=user)),
                         own=Count("citizen", filter=Q(created_by=user))))
    # A visitation deputy also decides what waits for them in the teams they stand in for.
    deputy = referrals_awaiting_deputy(user).exclude(created_by=user).exclude(
        team_id__in=user.team_ids)
    queue_count = counts["queue"] + (deputy.count() if user.state.deputy_team_ids else 0)
    # Only what the queue shows: each further join costs PostgreSQL planning time per request,
    # and each further column (the facts snapshot is a JSON document) decoding time per row.
    # The teams' names come from the cache (``team_names``), not from a join.
    filterset = ApprovalQueueFilter(params, request=request, queryset=(
        waiting.exclude(created_by=user).select_related("citizen", "created_by")
        .only(*QUEUE_FIELDS)))
    paginator = Paginator(filterset.qs, PAGE_SIZE)
    if not filterset.narrows:  # the whole queue: counted above already
        paginator.count = queue_count
    return ApprovalQueue(paginator.get_page(page_number), own_waiting=counts["own"],
                         filter=filterset)


def snapshot_rows(snapshot: dict[str, Any]) -> list[tuple[str, str]]:
    """The facts snapshotted on a referral, labelled as on the citizen page."""
    from django.utils.translation import gettext as _

    from mentor.models import Benefit
    from mentor.services import CITIZEN_FACT_FIELDS

    rows: list[tuple[str, str]] = []
    for name in CITIZEN_FACT_FIELDS:
        model_field = Citizen._meta.get_field(name)
        if not isinstance(model_field, Field):
            raise TypeError(f"{name} is not a concrete field of Citizen")
        label = str(model_field.verbose_name).capitalize()
        value = snapshot.get(name)
        if name == "benefit" and value in Benefit.values:
            shown = str(Benefit(value).label)
        elif isinstance(value, bool):
            shown = str(_("Ja") if value else _("Nej"))
        elif isinstance(value, str) and value:
            shown = datetime.date.fromisoformat(value).strftime("%d.%m.%Y")
        else:
            shown = "—"
        rows.append((label, shown))
    return rows


def referral_detail(referral: Referral) -> dict[str, Any]:
    goals = list(referral.goals.all())
    events = list(referral.events.select_related("actor"))
    tasks = list(referral.tasks.all())
    course = Course.objects.filter(referral=referral).select_related("mentor", "provider") \
        .first()
    return {"goals": goals, "events": events, "tasks": tasks, "course": course,
            "facts": snapshot_rows(referral.facts_snapshot),
            "grounds": [label for value, label in VisitationGround.choices
                        if value in referral.visitation_grounds]}


# --- Mentors and capacity ---------------------------------------------------------------------
def _open_hours() -> Subquery:
    return Subquery(
        Course.objects.filter(mentor=OuterRef("pk")).exclude(status=CourseStatus.ENDED)
        .values("mentor").annotate(total=Sum("hours_per_week")).values("total")[:1],
        output_field=DecimalField(max_digits=7, decimal_places=1))


def mentors_with_load() -> QuerySet[Mentor]:
    """Mentors annotated with ``load`` (hours of their open courses) and ``capacity_left``."""
    zero = Value(Decimal("0"), output_field=DecimalField(max_digits=7, decimal_places=1))
    return Mentor.objects.annotate(load=Coalesce(_open_hours(), zero)).annotate(
        capacity_left=F("weekly_capacity_hours") - F("load"))


def mentors_for(*, municipality: Municipality, mentor_type: MentorType | None,
                hours: Decimal, exclude: Mentor | None = None) -> QuerySet[Mentor]:
    """Active mentors certified for ``mentor_type`` with at least ``hours`` capacity left."""
    qs = mentors_with_load().filter(active=True, provider__active=True,
                                     provider__municipality=municipality,
                                     capacity_left__gte=hours)  # type: ignore[misc]
    if mentor_type is not None:
        qs = qs.filter(Q(certifications__mentor_type=mentor_type))
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    return qs.select_related("provider").order_by("name", "id")


def mentor_capacity_left(mentor: Mentor) -> Decimal:
    left = mentors_with_load().filter(pk=mentor.pk).values_list(  # type: ignore[misc]
        "capacity_left", flat=True).first()
    return Decimal(left if left is not None else 0)


def providers_for(municipality: Municipality) -> QuerySet[Provider]:
    return Provider.objects.filter(municipality=municipality, active=True).order_by("name")


def fact_warnings(facts: dict[str, Any], *, today: datetime.date) -> list[str]:
    """What in the facts a caseworker should look at again before the referral is decided:
    a psychiatric discharge date that has passed (the right under LAB § 167, stk. 2 is
    decided from it)."""
    from django.utils import formats
    from django.utils.translation import gettext as _

    warnings: list[str] = []
    discharge = facts.get("psychiatric_discharge_date")
    if isinstance(discharge, str):
        try:
            discharge = datetime.date.fromisoformat(discharge)
        except ValueError:
            discharge = None
    if isinstance(discharge, datetime.date) and discharge < today:
        warnings.append(_("Den forventede udskrivning fra psykiatrisk afdeling (%(date)s) er "
                          "passeret. Ret datoen, eller fjern den, hvis borgeren er udskrevet.")
                        % {"date": formats.date_format(discharge, "SHORT_DATE_FORMAT")})
    return warnings
