"""Every list page's query count is the same with 3 and with 15 rows (issue 9).

One small world grows in every direction at once: citizens with open courses, journal
entries, reviews, submitted referrals, notifications, access-log rows, cost lines, policy
versions, and a focus citizen and course that collect rows of their own. Each page is counted
at 3 rows and again at 15; a page whose count moves has a query per row (an N+1). The
benchmark (``make bench``) checks the same at 1,000 and 100,000 citizens.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mentor.models import (
    AccessAction,
    Notification,
    PolicyVersion,
    SocialServiceSupport,
    SocialSupportKind,
    User,
)
from mentor.permissions import log_access
from mentor.services import DEFAULT_COMPLAINT_GUIDANCE, DEFAULT_LEVELS, policy_version_create
from reporting.models import CostKind, CostLine
from tests.conftest import People
from tests.factories import CitizenFactory, open_course
from visitation import rules
from visitation.decisions import decide, stored_decision
from visitation.models import (
    ContactForm,
    Course,
    EndReason,
    JournalEntry,
    Outcome,
    Referral,
    ReferralStatus,
)
from visitation.services.courses import course_end

pytestmark = pytest.mark.django_db


class World:
    """The people's world, grown a row at a time in every direction."""

    def __init__(self, people: People, *, agreements: bool = False) -> None:
        self.people = people
        self.agreements = agreements
        self.today = timezone.localdate()
        self.rows = 0
        self.focus_citizen = CitizenFactory(team=people.team, first_name="Fokus",
                                            in_employment_activity=True)
        self.focus_course = self._course(self.focus_citizen)

    def _course(self, citizen: Any) -> Course:
        p = self.people
        course: Course = open_course(
            citizen=citizen, caseworker=p.caseworker, mentor=p.mentor, approver=p.team_leader,
            decision_date=self.today - datetime.timedelta(days=100), service_level=2)
        return course

    def grow(self, count: int) -> None:
        for _ in range(count):
            self.rows += 1
            self._one(self.rows)

    def _one(self, n: int) -> None:
        p, today = self.people, self.today
        citizen = CitizenFactory(team=p.team, in_employment_activity=True)
        course = self._course(citizen)  # with reviews, some overdue
        for target in (course, self.focus_course):
            JournalEntry.objects.create(
                course=target, author=p.mentor_user, note="Møde om ugens aftaler.",
                contact_date=today - datetime.timedelta(days=n), form=ContactForm.MEETING,
                duration_minutes=45)
            CostLine.objects.create(
                course=target, provider=target.provider, kind=CostKind.INVOICE,
                period_start=today - datetime.timedelta(days=30 * n + 30),
                period_end=today - datetime.timedelta(days=30 * n), hours=Decimal("3"),
                amount=Decimal("1500"))
        # The focus citizen's referrals and courses grow; each of these courses ends, so the
        # dashboard's outcome and effect tables (courses ended in the period) grow too.
        course_end(actor=p.caseworker, course=self._course(self.focus_citizen),
                   reason=EndReason.JOB if n % 2 else EndReason.EDUCATION,
                   outcome=Outcome.JOB if n % 2 else Outcome.EDUCATION,
                   ended_on=today - datetime.timedelta(days=n))
        self._submitted_referral(citizen)
        SocialServiceSupport.objects.create(
            citizen=self.focus_citizen, kind=SocialSupportKind.SEL_85,
            start_date=today - datetime.timedelta(days=n), created_by=p.caseworker)
        for user in (p.caseworker, p.team_leader, p.mentor_user, p.manager, p.administrator):
            Notification.objects.create(user=user, message=f"Besked {n}", url="/")
        log_access(p.caseworker, self.focus_citizen, action=AccessAction.VIEW, what=f"Side {n}")
        self._complaint_and_document(n)
        policy_version_create(
            actor=p.administrator, municipality=p.municipality, name=f"Politik {n}",
            effective_from=datetime.date(2014, 1, 1) + datetime.timedelta(days=40 * n),
            right_and_duty_contact_days=7, review_lead_days=14,
            complaint_guidance=DEFAULT_COMPLAINT_GUIDANCE, levels=DEFAULT_LEVELS)
        if self.agreements:
            self._agreement_version(n, course)

    def _agreement_version(self, n: int, course: Course) -> None:
        """Version n of the focus course's agreement (issued without rendering the PDF, which
        the pages do not read), and a first version for the new course."""
        from agreements import services
        from agreements.models import Agreement, AgreementStatus

        actor = self.people.caseworker
        for target, first in ((self.focus_course, n == 1), (course, True)):
            draft = (services.agreement_draft_open(actor=actor, course=target) if first else
                     services.agreement_new_version(actor=actor, course=target,
                                                    reason=f"Ændring {n}"))
            issued = Agreement.objects.filter(course=target, status=AgreementStatus.ISSUED)
            version = issued.count() + Agreement.objects.filter(
                course=target, status=AgreementStatus.SUPERSEDED).count() + 1
            issued.update(status=AgreementStatus.SUPERSEDED)
            Agreement.objects.filter(pk=draft.pk).update(
                status=AgreementStatus.ISSUED, version=version, issued_by=actor,
                issued_at=timezone.now(), checksum="0" * 64)

    def _complaint_and_document(self, n: int) -> None:
        """A complaint waiting for its re-assessment and a document, on the focus citizen."""
        from mentor.models_documents import Document, ScanStatus
        from visitation.models_complaints import Complaint

        p, course = self.people, self.focus_course
        Complaint.objects.create(
            citizen=self.focus_citizen, team=course.team, decision_kind="grant",
            referral=course.referral, decision_date=course.decision_date,
            received_on=self.today, channel="email", text=f"Klage {n}",
            forward_deadline=self.today + datetime.timedelta(days=n),
            registered_by=p.caseworker)
        Document.objects.create(
            citizen=self.focus_citizen, course=course if n % 2 else None,
            title=f"Dokument {n}", content_type="application/pdf", extension="pdf", size=10,
            sha256="0" * 64, file=f"documents/{n}", uploaded_by=p.caseworker,
            scan_status=ScanStatus.CLEAN if n % 3 else ScanStatus.NOT_SCANNED)

    def _submitted_referral(self, citizen: Any) -> None:
        p = self.people
        facts, decision = decide(citizen, decision_date=self.today, service_level=1,
                                 start_date=None, policy=rules.LEGAL_MINIMUM)
        Referral.objects.create(
            citizen=citizen, team=citizen.team, created_by=p.caseworker,
            status=ReferralStatus.SUBMITTED, proposed_start=self.today,
            visitation_grounds=["offer_retention"], facts_snapshot=facts,
            decision=stored_decision(decision), decision_kind=decision.kind,
            rule_set_version=decision.rule_set_version, submitted_at=timezone.now())


def longer(small: str, large: str) -> bool:
    """A list page shows each row: with more rows it is longer."""
    return len(large) > len(small)


def figure(page: str, label: str) -> int:
    """A key figure of the dashboard ("<5" is below 5)."""
    found = re.search(rf'<div class="label[^"]*">{re.escape(label)}</div>'
                      r'<div class="value[^"]*">([^<]+)</div>', page)
    assert found, label
    value = found.group(1).replace(".", "")
    return 4 if value == "&lt;5" else int(value)


def counted_more(small: str, large: str) -> bool:
    """The dashboard shows aggregates, a capped list and hides small numbers (whose notes then
    go), so its length need not grow: its key figures of started and ended courses must."""
    return all(figure(large, label) > figure(small, label)
               for label in ("Startede forløb", "Afsluttede forløb"))


@dataclass(frozen=True)
class Page:
    name: str
    who: str  # attribute of People
    url: Callable[[World], str]
    agreements: bool = False
    grew: Callable[[str, str], bool] = longer  # the page did show the extra rows

    def __str__(self) -> str:
        return self.name


def plain(name: str, query: str = "") -> Callable[[World], str]:
    return lambda world: reverse(name) + query


PAGES = (
    Page("citizen_list", "caseworker", plain("citizen_list")),
    Page("citizen_list search", "caseworker", plain("citizen_list", "?q=borger")),
    Page("citizen_detail", "caseworker",
         lambda w: reverse("citizen_detail", args=[w.focus_citizen.pk])),
    Page("referral_list", "caseworker", plain("referral_list", "?status=all")),
    Page("referral_list team", "team_leader", plain("referral_list", "?scope=team")),
    Page("approval_queue", "team_leader", plain("approval_queue")),
    Page("course_list", "caseworker", plain("course_list")),
    Page("course_detail", "caseworker",
         lambda w: reverse("course_detail", args=[w.focus_course.pk])),
    Page("mentor_workspace", "mentor_user", plain("mentor_workspace")),
    Page("journal_list", "mentor_user",
         lambda w: reverse("journal_list", args=[w.focus_course.pk])),
    Page("followup_overview", "team_leader", plain("followup_overview")),
    Page("notification_list", "caseworker", plain("notification_list")),
    Page("policy_list", "administrator", plain("policy_list")),
    Page("access_log_search", "administrator", plain("access_log_search", "?q=borger")),
    Page("access_log_citizen", "administrator",
         lambda w: reverse("access_log_citizen", args=[w.focus_citizen.pk])),
    Page("dashboard", "manager", plain("dashboard"), grew=counted_more),
    Page("costline_list", "administrator", plain("costline_list")),
    Page("agreement_course", "caseworker",
         lambda w: reverse("agreement_course", args=[w.focus_course.pk]), agreements=True),
    Page("agreement_bulk_issue", "administrator", plain("agreement_bulk_issue"),
         agreements=True),
)


def queries(client: Client, url: str) -> tuple[int, str]:
    """How many queries the page makes, and what it shows."""
    client.get(url)  # warm per-process caches and the session
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, f"{url}: HTTP {response.status_code}"
    return len(captured), response.content.decode()


@pytest.mark.parametrize("page", PAGES, ids=str)
def test_the_query_count_is_the_same_with_3_and_15_rows(page: Page, people: People,
                                                       client: Client) -> None:
    user: User = getattr(people, page.who)
    client.force_login(user)
    world = World(people, agreements=page.agreements)
    world.grow(3)
    small, small_page = queries(client, page.url(world))
    world.grow(12)
    large, large_page = queries(client, page.url(world))
    assert large == small
    assert page.grew(small_page, large_page)  # the page did show the extra rows


def test_the_world_really_grows(people: People) -> None:
    world = World(people)
    world.grow(3)
    assert Referral.objects.filter(status=ReferralStatus.SUBMITTED).count() == 3
    assert world.focus_citizen.courses.count() == 4
    assert world.focus_course.journal_entries.count() == 3
    assert PolicyVersion.objects.count() == 3
