"""Reads for decision letters: the panels on the course and citizen pages, the team's failed
deliveries, the post room, and the template pages. Permission through mentor.permissions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet

from agreements.letters import KIND_PLACEHOLDERS, PLACEHOLDERS
from agreements.models_letters import (
    Letter,
    LetterChannel,
    LetterKind,
    LetterStatus,
    LetterTemplate,
    PrintBatch,
)
from mentor.models import Citizen, Language, Team, User
from mentor.permissions import (
    may_print_letters,
    may_send_letters,
    visible_courses,
    visible_letters,
    visible_referrals,
)
from visitation.models import Course, Referral, ReferralStatus

PANEL_LIMIT = 50


@dataclass
class LettersPanel:
    letters: list[Letter]
    can_send: bool


def _panel_rows(letters: QuerySet[Letter]) -> list[Letter]:
    return list(letters.defer("body", "content").order_by("-created_at", "-id")[:PANEL_LIMIT])


def course_letters(course: Course, user: User) -> LettersPanel:
    """The letters about a course the user may see, newest first (the course page)."""
    return LettersPanel(letters=_panel_rows(Letter.objects.filter(course=course)),
                        can_send=may_send_letters(user, course.citizen))


def citizen_letters(citizen: Citizen, user: User) -> LettersPanel:
    """Every letter to a citizen the user may see, newest first (the citizen page)."""
    return LettersPanel(letters=_panel_rows(Letter.objects.filter(citizen=citizen)),
                        can_send=may_send_letters(user, citizen))


def failed_letters(user: User, *, mine: bool = False, page: str | None = None) -> Page[Letter]:
    """Failed deliveries in the user's teams (the follow-up page), oldest first; with
    ``mine``, those of the caseworker's own courses and referrals."""
    letters = (visible_letters(user).filter(status=LetterStatus.FAILED,
                                            citizen__team_id__in=user.team_ids)
               .select_related("citizen").defer("body", "content")
               .order_by("updated_at", "id"))
    if mine:
        letters = letters.filter(Q(course__caseworker=user) | Q(referral__created_by=user))
    return Paginator(letters, 25).get_page(page)


def awaiting_print_count(user: User) -> int:
    if not may_print_letters(user):
        return 0
    return (Letter.objects.filter(status=LetterStatus.QUEUED, channel=LetterChannel.PRINT,
                                  print_batch__isnull=True, citizen__team_id__in=user.team_ids,
                                  citizen__anonymised_at__isnull=True).count())


@dataclass
class TeamPrint:
    team: Team
    waiting: list[Letter]
    waiting_count: int


def print_overview(user: User, *, page: str | None = None
                   ) -> tuple[list[TeamPrint], Page[Any]]:
    """The post room's page: per team of the user, the print letters waiting for a batch (the
    first 25 and how many), and the team's batches, newest first."""
    waiting = (Letter.objects.filter(status=LetterStatus.QUEUED, channel=LetterChannel.PRINT,
                                     print_batch__isnull=True,
                                     citizen__team_id__in=user.team_ids,
                                     citizen__anonymised_at__isnull=True)
               .select_related("citizen").defer("body", "content")
               .order_by("created_at", "id"))
    rows: dict[int, list[Letter]] = {}
    for letter in waiting[:500]:
        rows.setdefault(letter.citizen.team_id, []).append(letter)
    teams = Team.objects.filter(pk__in=user.team_ids).order_by("name")
    overview = [TeamPrint(team=team, waiting=rows.get(team.pk, [])[:25],
                          waiting_count=len(rows.get(team.pk, []))) for team in teams]
    batches = (PrintBatch.objects.filter(team_id__in=user.team_ids)
               .select_related("team", "created_by", "printed_by")
               .annotate(letter_count=Count("letters")).order_by("-created_at", "-id"))
    return overview, Paginator(batches, 20).get_page(page)


def batch_citizen_ids(batch: PrintBatch) -> list[int]:
    return sorted(set(batch.letters.values_list("citizen_id", flat=True)))


# --- Templates ---------------------------------------------------------------------------------

@dataclass
class TemplateRow:
    kind: str
    kind_label: str
    language: str
    language_label: str
    current: LetterTemplate | None


def template_overview() -> list[TemplateRow]:
    """Every kind in every language with its current version (None: the built-in text)."""
    latest: dict[tuple[str, str], LetterTemplate] = {}
    for template in LetterTemplate.objects.order_by("kind", "language", "-version"):
        latest.setdefault((template.kind, template.language), template)
    return [TemplateRow(kind=kind, kind_label=str(kind_label), language=language,
                        language_label=str(language_label),
                        current=latest.get((kind, language)))
            for kind, kind_label in LetterKind.choices
            for language, language_label in Language.choices]


def template_versions(kind: str, language: str) -> list[LetterTemplate]:
    return list(LetterTemplate.objects.filter(kind=kind, language=language)
                .select_related("created_by").order_by("-version")[:50])


def placeholders_for(kind: str) -> list[tuple[str, str]]:
    """The kind's placeholders as written in a template ("{borger_navn}"), with what each is."""
    return [(f"{{{name}}}", str(PLACEHOLDERS[name])) for name in KIND_PLACEHOLDERS[kind]]


def preview_cases(user: User, kind: str) -> list[tuple[str, str]]:
    """Cases the user may see, for a preview with real data: (value, label) pairs. An
    administrator who does no case work sees none and previews with made-up values."""
    choices: list[tuple[str, str]] = []
    if kind == LetterKind.REJECTION:
        referrals = (visible_referrals(user).exclude(status=ReferralStatus.DRAFT)
                     .select_related("citizen").order_by("-created_at", "-id")[:50])
        choices = [(f"referral:{r.pk}", f"{r.citizen.full_name} · #{r.pk}") for r in referrals]
    else:
        courses = (visible_courses(user).select_related("citizen")
                   .order_by("-start_date", "-id")[:50])
        choices = [(f"course:{c.pk}", f"{c.citizen.full_name} · #{c.pk}") for c in courses]
    return choices


def preview_case(user: User, value: str) -> Course | Referral | None:
    """The course or referral named by a preview choice, if the user may see it."""
    kind, _sep, raw = value.partition(":")
    if not raw.isdigit():
        return None
    if kind == "course":
        return (visible_courses(user).select_related(
            "citizen__team__municipality", "team", "caseworker", "mentor", "provider",
            "mentor_type", "referral").filter(pk=int(raw)).first())
    if kind == "referral":
        return (visible_referrals(user).select_related(
            "citizen__team__municipality", "team", "created_by").filter(pk=int(raw)).first())
    return None


def letter_checksum(pk: int) -> str:
    return str(Letter.objects.values_list("checksum", flat=True).get(pk=pk))
