"""The follow-up sweep: due and overdue contacts and reviews, reminders and escalations, the
team leaders' weekly digest, compliance intervals, and catch-up after a broker outage.

How it stays correct when things go wrong:

- All state is in the database. A reminder is owed while its stamp is empty
  (``Review.reminded_before_at``, ``reminded_on_day_at``, ``escalated_at``;
  ``Course.contact_reminded_for`` / ``contact_escalated_for`` hold the due date they were sent
  for). The sweep finds owed work by querying for those, never by remembering.
- Each item is claimed by a conditional ``UPDATE`` that sets the stamp only if it is still
  empty, in the same transaction that creates the notification; the notification also has a
  unique ``dedupe_key``. Two sweeps, two workers or a retried task therefore send one reminder.
- The sweep queues one task per item after commit. If the broker is down the task is not
  queued, nothing is stamped, and the next sweep finds the item again. Emails whose task could
  not be queued are queued again by the next sweep (delivery is itself claimed, so never twice).
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any, cast

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from mentor import caching
from mentor.events import event_record
from mentor.models import Citizen, Notification, Role, User
from mentor.models_api import EventType
from mentor.permissions import may_file_referral, may_run_followup
from mentor.queue import enqueue_on_commit
from mentor.services import DELIVER_NOTIFICATION, DomainError, NotPermitted, notify
from visitation.models import (
    SITUATION_TASK_MONTHS,
    Course,
    CourseEvent,
    CourseStatus,
    FollowUpTask,
    FollowUpTaskKind,
    JournalDraft,
    Referral,
    Review,
    ReviewStatus,
    Situation,
)
from visitation.rules.dates import add_months
from visitation.selectors_compliance import expected_interval_count
from visitation.selectors_followup import overdue_counts_for_teams
from visitation.selectors_journal import citizen_initials, course_label
from visitation.services.reviews import course_url

logger = logging.getLogger(__name__)


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


# Defaults; each can be overridden in settings (FOLLOWUP_…).
REVIEW_REMINDER_DAYS_BEFORE = _setting("FOLLOWUP_REVIEW_REMINDER_DAYS_BEFORE", 7)
CONTACT_REMINDER_DAYS_BEFORE = _setting("FOLLOWUP_CONTACT_REMINDER_DAYS_BEFORE", 2)
# Escalate to the caseworker this many days after the due date (1: the day after).
ESCALATION_AFTER_DAYS = _setting("FOLLOWUP_ESCALATION_AFTER_DAYS", 1)
# The digest goes out with the first sweep on or after this weekday (0 = Monday).
DIGEST_WEEKDAY = _setting("FOLLOWUP_DIGEST_WEEKDAY", 0)
DRAFT_RETENTION_DAYS = _setting("FOLLOWUP_DRAFT_RETENTION_DAYS", 14)
# Emails not delivered within this window are queued again by the sweep.
EMAIL_RETRY_DAYS = _setting("FOLLOWUP_EMAIL_RETRY_DAYS", 7)
EMAIL_RETRY_AFTER = datetime.timedelta(minutes=5)
# A release date up to this many days back still gets its task (a missed sweep catches up).
RELEASE_LOOKBACK_DAYS = _setting("FOLLOWUP_RELEASE_LOOKBACK_DAYS", 30)
# A course ended this many days back without its situation tasks (ended outside
# ``course_end``: an import, a restored backup) gets them from the sweep.
SITUATION_LOOKBACK_DAYS = _setting("FOLLOWUP_SITUATION_LOOKBACK_DAYS", 31)
# Team leaders are reminded this many days before a complaint's deadline for Ankestyrelsen.
COMPLAINT_REMINDER_DAYS_BEFORE = _setting("FOLLOWUP_COMPLAINT_REMINDER_DAYS_BEFORE", 7)

# The sweep as a task (``visitation.tasks``): beat runs it daily, a team leader on demand.
SWEEP = "visitation.tasks.run_followup_sweep"

CONTACT_REMIND, CONTACT_ESCALATE = "contact_remind", "contact_escalate"
REVIEW_BEFORE, REVIEW_ON_DAY, REVIEW_ESCALATE = "before", "on_day", "escalate"
REVIEW_STAMPS = {REVIEW_BEFORE: "reminded_before_at", REVIEW_ON_DAY: "reminded_on_day_at",
                 REVIEW_ESCALATE: "escalated_at"}


@dataclass
class SweepResult:
    contact_reminders: int = 0
    contact_escalations: int = 0
    review_reminders: int = 0
    review_escalations: int = 0
    digests: int = 0
    emails_requeued: int = 0
    intervals_synced: int = 0
    drafts_purged: int = 0
    release_tasks: int = 0
    situation_tasks: int = 0
    situation_reminders: int = 0
    spending_warnings: int = 0
    complaint_reminders: int = 0

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


def _open_courses() -> QuerySet[Course]:
    return Course.objects.exclude(status=CourseStatus.ENDED)


def week_key(day: datetime.date) -> str:
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


# --- Finding owed work (reads) ------------------------------------------------------------


def contacts_to_remind(today: datetime.date) -> list[tuple[int, datetime.date]]:
    lead = today + datetime.timedelta(days=CONTACT_REMINDER_DAYS_BEFORE)
    rows = (_open_courses().filter(mentor__user__isnull=False, next_contact_due__lte=lead)
            .exclude(contact_reminded_for=F("next_contact_due"))
            .values_list("pk", "next_contact_due").order_by("pk"))
    return cast(list[tuple[int, datetime.date]], list(rows))


def contacts_to_escalate(today: datetime.date) -> list[tuple[int, datetime.date]]:
    limit = today - datetime.timedelta(days=ESCALATION_AFTER_DAYS)
    rows = (_open_courses().filter(next_contact_due__lte=limit)
            .exclude(contact_escalated_for=F("next_contact_due"))
            .values_list("pk", "next_contact_due").order_by("pk"))
    return cast(list[tuple[int, datetime.date]], list(rows))


def reviews_owed(today: datetime.date) -> list[tuple[int, str]]:
    due = Review.objects.filter(status=ReviewStatus.DUE,
                                course__in=_open_courses().values("pk"))
    with_mentor = due.filter(course__mentor__user__isnull=False)
    before = with_mentor.filter(
        reminded_before_at__isnull=True, due_date__gt=today,
        due_date__lte=today + datetime.timedelta(days=REVIEW_REMINDER_DAYS_BEFORE))
    on_day = with_mentor.filter(reminded_on_day_at__isnull=True, due_date__lte=today)
    escalate = due.filter(escalated_at__isnull=True, due_date__lte=today
                          - datetime.timedelta(days=ESCALATION_AFTER_DAYS))
    owed: list[tuple[int, str]] = []
    for stage, qs in ((REVIEW_BEFORE, before), (REVIEW_ON_DAY, on_day),
                      (REVIEW_ESCALATE, escalate)):
        owed.extend((pk, stage) for pk in qs.order_by("pk").values_list("pk", flat=True))
    return owed


def digests_owed(today: datetime.date) -> list[tuple[int, str]]:
    """Team leaders who have not had this week's digest yet (from the digest weekday on)."""
    if today.weekday() < DIGEST_WEEKDAY:
        return []
    key = week_key(today)
    leaders = (User.objects.filter(is_active=True, groups__name=Role.TEAM_LEADER,
                                   teams__isnull=False).distinct().order_by("pk")
               .values_list("pk", flat=True))
    sent = set(Notification.objects.filter(dedupe_key__startswith="digest:",
                                           dedupe_key__endswith=f":{key}")
               .values_list("user_id", flat=True))
    return [(pk, key) for pk in leaders if pk not in sent]


# --- Doing one item (each claims its row; safe to run twice) -------------------------------


@transaction.atomic
def contact_remind(*, course_id: int, due: datetime.date, today: datetime.date) -> bool:
    """Remind the mentor that contact is due (or overdue). Once per due date."""
    claimed = (Course.objects.filter(pk=course_id, next_contact_due=due,
                                     mentor__user__isnull=False)
               .exclude(status=CourseStatus.ENDED).exclude(contact_reminded_for=due)
               .update(contact_reminded_for=due))
    if not claimed:
        return False
    course = Course.objects.select_related("citizen", "mentor__user").get(pk=course_id)
    # The claim above matched only a course whose mentor has a user, and holds the row.
    mentor_user = course.mentor.user if course.mentor is not None else None
    if mentor_user is None:
        raise RuntimeError(f"course {course_id} was claimed without a mentor user")
    label = course_label(course)
    code = ("contact_overdue" if due < today else "contact_due_today" if due == today
            else "contact_due")
    notify(user=mentor_user, code=code, params={"label": label, "due": due.isoformat()},
           url=reverse("journal_entry_add", kwargs={"pk": course_id}),
           dedupe_key=f"contact-remind:{course_id}:{due.isoformat()}")
    return True


@transaction.atomic
def contact_escalate(*, course_id: int, due: datetime.date, today: datetime.date) -> bool:
    """Tell the caseworker that contact is overdue. Once per due date."""
    claimed = (Course.objects.filter(pk=course_id, next_contact_due=due)
               .exclude(status=CourseStatus.ENDED).exclude(contact_escalated_for=due)
               .update(contact_escalated_for=due))
    if not claimed:
        return False
    course = Course.objects.select_related("citizen", "caseworker", "mentor").get(pk=course_id)
    params: dict[str, str | int] = {"label": course_label(course), "due": due.isoformat(),
                                    "days": (today - due).days}
    if course.mentor is not None:
        params["mentor"] = course.mentor.name
    notify(user=course.caseworker,
           code="contact_escalated" if course.mentor is not None else "contact_escalated_no_mentor",
           params=params,
           url=course_url(course_id),
           dedupe_key=f"contact-escalate:{course_id}:{due.isoformat()}")
    return True


@transaction.atomic
def review_remind(*, review_id: int, stage: str, today: datetime.date) -> bool:
    """One reminder stage for a review: before / on the day (mentor), escalate (caseworker)."""
    stamp = REVIEW_STAMPS[stage]
    claimed = (Review.objects.filter(Q(**{f"{stamp}__isnull": True}), pk=review_id,
                                     status=ReviewStatus.DUE)
               .exclude(course__status=CourseStatus.ENDED)
               .update(**{stamp: timezone.now()}))
    if not claimed:
        return False
    review = Review.objects.select_related("course__citizen", "course__mentor__user",
                                           "course__caseworker").get(pk=review_id)
    course = review.course
    label = course_label(course)
    url = reverse("review_form", kwargs={"pk": review_id})
    if stage == REVIEW_ESCALATE:
        event_record(EventType.REVIEW_OVERDUE, course=course,
                     data={"review_id": review_id, "due_date": review.due_date.isoformat()})
        user = course.caseworker
        code = "review_escalated"
    else:
        if course.mentor is None or course.mentor.user is None:
            return True
        user = course.mentor.user
        code = ("review_due" if review.due_date > today else "review_due_today"
                if review.due_date == today else "review_missing")
    notify(user=user, code=code, url=url,
           params={"kind": review.kind, "label": label, "due": review.due_date.isoformat()},
           dedupe_key=f"review-{stage}:{review_id}")
    return True


@transaction.atomic
def team_digest_send(*, user_id: int, week: str, today: datetime.date) -> bool:
    """The weekly digest of overdue items in a team leader's teams. Once per ISO week; none
    when nothing is overdue (the next sweep that week looks again)."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not may_run_followup(user):
        return False
    contacts, reviews = overdue_counts_for_teams(user.team_ids, today=today)
    if not contacts and not reviews:
        return False
    return notify(user=user, code="team_digest", url=reverse("followup_overview"),
                  params={"week": week[-2:], "contacts": contacts, "reviews": reviews},
                  dedupe_key=f"digest:{user_id}:{week}")


# --- Tasks for caseworkers -----------------------------------------------------------------


def prison_releases_owed(today: datetime.date) -> list[tuple[int, datetime.date]]:
    """Citizens whose Prison and Probation Service effort ended (release date reached, within
    the look-back) and who have no task for that date yet."""
    since = today - datetime.timedelta(days=RELEASE_LOOKBACK_DAYS)
    has_task = FollowUpTask.objects.filter(citizen=OuterRef("pk"),
                                           kind=FollowUpTaskKind.PRISON_RELEASE,
                                           due_date=OuterRef("prison_release_date"))
    rows = (Citizen.objects.filter(anonymised_at__isnull=True,
                                   prison_release_date__range=(since, today))
            .exclude(Exists(has_task)).order_by("pk")
            .values_list("pk", "prison_release_date"))
    return cast(list[tuple[int, datetime.date]], list(rows))


def _caseworker_for(citizen: Citizen) -> User | None:
    """The citizen's responsible caseworker; for a citizen without one, the caseworker who
    last filed a referral for them, else who registered them."""
    if citizen.caseworker_id is not None:
        return citizen.caseworker
    referral = (Referral.objects.filter(citizen=citizen).select_related("created_by")
                .order_by("-created_at", "-pk").first())
    return referral.created_by if referral is not None else citizen.created_by


@transaction.atomic
def prison_release_task_create(*, citizen_id: int, release_date: datetime.date,
                               today: datetime.date) -> bool:
    """The caseworker's task to assess the need for a mentor when the citizen is released
    (LAB § 31 b: release coordinator, in cooperation with the Prison and Probation Service).
    Once per citizen and release date: the unique constraint decides between two sweeps."""
    citizen = (Citizen.objects.filter(pk=citizen_id, prison_release_date=release_date,
                                      anonymised_at__isnull=True).select_related("team")
               .first())
    if citizen is None:
        return False
    caseworker = _caseworker_for(citizen)
    try:
        with transaction.atomic():
            FollowUpTask.objects.create(citizen=citizen, team=citizen.team,
                                        caseworker=caseworker,
                                        kind=FollowUpTaskKind.PRISON_RELEASE,
                                        due_date=release_date)
    except IntegrityError:
        return False
    if caseworker is not None:
        initials = citizen_initials(citizen.first_name, citizen.last_name)
        notify(user=caseworker, code="prison_release_assess",
               params={"initials": initials, "release_date": release_date.isoformat()},
               url=reverse("followup_overview"),
               dedupe_key=f"prison-release:{citizen_id}:{release_date.isoformat()}")
    return True


@transaction.atomic
def followup_task_complete(*, actor: User, task: FollowUpTask) -> None:
    """A caseworker of the citizen's team marks the task assessed (once)."""
    if not may_file_referral(actor, task.citizen):
        raise NotPermitted(_("Kun en sagsbehandler i borgerens team kan markere opgaven."))
    if task.kind in SITUATION_TASK_MONTHS:
        raise DomainError(_("Registrér borgerens situation på opgaven."))
    done = (FollowUpTask.objects.filter(pk=task.pk, done_at__isnull=True)
            .update(done_at=timezone.now(), done_by=actor))
    if not done:
        raise DomainError(_("Opgaven er allerede markeret som vurderet."))


# --- The citizen's situation 3 and 6 months after a course --------------------------------


@transaction.atomic
def situation_tasks_create(*, course: Course) -> int:
    """The caseworker's tasks to record the citizen's situation 3 and 6 months after the
    course ended (the effect that lasts, for the managers' effect figures). Once per course and
    kind: the unique constraint decides between ``course_end`` and a sweep. Returns how many
    were made."""
    if course.ended_on is None:
        return 0
    created = 0
    for kind, months in SITUATION_TASK_MONTHS.items():
        try:
            with transaction.atomic():
                FollowUpTask.objects.create(
                    citizen_id=course.citizen_id, course=course, team_id=course.team_id,
                    caseworker_id=course.caseworker_id, kind=kind,
                    due_date=add_months(course.ended_on, months))
        except IntegrityError:
            continue
        created += 1
    return created


def situation_tasks_missing(today: datetime.date) -> list[int]:
    """Courses ended within the look-back that have no situation tasks yet."""
    since = today - datetime.timedelta(days=SITUATION_LOOKBACK_DAYS)
    has_tasks = FollowUpTask.objects.filter(course=OuterRef("pk"),
                                            kind__in=list(SITUATION_TASK_MONTHS))
    return list(Course.objects.filter(status=CourseStatus.ENDED,
                                      ended_on__range=(since, today))
                .exclude(Exists(has_tasks)).order_by("pk").values_list("pk", flat=True))


def situation_tasks_due(today: datetime.date) -> list[int]:
    """Situation tasks that fell due and whose caseworker has not been told yet."""
    return list(FollowUpTask.objects.filter(
        kind__in=list(SITUATION_TASK_MONTHS), done_at__isnull=True, reminded_at__isnull=True,
        due_date__lte=today).order_by("pk").values_list("pk", flat=True))


@transaction.atomic
def situation_task_remind(*, task_id: int, today: datetime.date) -> bool:
    """Tell the caseworker that the situation is due for recording. Once per task: claimed by
    stamping ``reminded_at`` while it is empty."""
    claimed = (FollowUpTask.objects.filter(pk=task_id, done_at__isnull=True,
                                           reminded_at__isnull=True, due_date__lte=today)
               .update(reminded_at=timezone.now()))
    if not claimed:
        return False
    task = FollowUpTask.objects.select_related("citizen", "caseworker").get(pk=task_id)
    if task.caseworker is not None:
        notify(user=task.caseworker, code="situation_due",
               params={"initials": citizen_initials(task.citizen.first_name,
                                                    task.citizen.last_name),
                       "months": SITUATION_TASK_MONTHS.get(task.kind, 0),
                       "course": task.course_id or 0, "due": task.due_date.isoformat()},
               url=reverse("situation_record", kwargs={"pk": task_id}),
               dedupe_key=f"situation:{task_id}")
    return True


@transaction.atomic
def situation_record(*, actor: User, task: FollowUpTask, situation: str,
                     today: datetime.date) -> FollowUpTask:
    """A caseworker of the citizen's team records the citizen's situation on a due situation
    task (once); the course's history says so."""
    if situation not in Situation.values:
        raise DomainError(_("Vælg borgerens situation."))
    locked = (FollowUpTask.objects.select_for_update(of=("self",)).select_related("citizen")
              .get(pk=task.pk))
    if locked.kind not in SITUATION_TASK_MONTHS:
        raise DomainError(_("Opgaven handler ikke om borgerens situation efter et forløb."))
    if not may_file_referral(actor, locked.citizen):
        raise NotPermitted(_("Kun en sagsbehandler i borgerens team kan registrere situationen."))
    if locked.done_at is not None:
        raise DomainError(_("Situationen er allerede registreret."))
    if locked.due_date > today:
        raise DomainError(_("Situationen kan først registreres fra %(day)s.")
                          % {"day": f"{locked.due_date:%d.%m.%Y}"})
    locked.situation = situation
    locked.done_at = timezone.now()
    locked.done_by = actor
    locked._history_user = actor  # type: ignore[attr-defined]
    locked.save(update_fields=["situation", "done_at", "done_by"])
    if locked.course_id is not None:
        CourseEvent.objects.create(
            course_id=locked.course_id, actor=actor, action="situation_recorded",
            data={"months": SITUATION_TASK_MONTHS[locked.kind], "situation": situation})
    caching.bump(caching.FOLLOWUPS)
    return locked


# --- Complaint deadlines ---------------------------------------------------------------------
COMPLAINT_SOON, COMPLAINT_PASSED = "soon", "passed"
COMPLAINT_STAMPS = {COMPLAINT_SOON: "reminded_at", COMPLAINT_PASSED: "overdue_notified_at"}


def complaints_owed(today: datetime.date) -> list[tuple[int, str]]:
    """Complaints waiting for the re-assessment whose deadline is near (a reminder) or has
    passed (a notice), not yet told."""
    from visitation.models_complaints import Complaint, ComplaintStatus

    waiting = Complaint.objects.filter(status=ComplaintStatus.RECEIVED,
                                       citizen__anonymised_at__isnull=True)
    soon = waiting.filter(reminded_at__isnull=True, forward_deadline__gte=today,
                          forward_deadline__lte=today + datetime.timedelta(
                              days=COMPLAINT_REMINDER_DAYS_BEFORE))
    passed = waiting.filter(overdue_notified_at__isnull=True, forward_deadline__lt=today)
    owed: list[tuple[int, str]] = []
    for stage, qs in ((COMPLAINT_SOON, soon), (COMPLAINT_PASSED, passed)):
        owed.extend((pk, stage) for pk in qs.order_by("pk").values_list("pk", flat=True))
    return owed


@transaction.atomic
def complaint_deadline_notify(*, complaint_id: int, stage: str, today: datetime.date) -> bool:
    """Tell the team leaders of the complaint's team (and whoever registered it) that its
    deadline is near or has passed. Once per stage: the stamp is claimed first."""
    from visitation.models_complaints import Complaint, ComplaintStatus

    stamp = COMPLAINT_STAMPS[stage]
    claimed = (Complaint.objects.filter(Q(**{f"{stamp}__isnull": True}), pk=complaint_id,
                                        status=ComplaintStatus.RECEIVED)
               .update(**{stamp: timezone.now()}))
    if not claimed:
        return False
    complaint = Complaint.objects.get(pk=complaint_id)
    users = set(User.objects.filter(teams=complaint.team_id, groups__name=Role.TEAM_LEADER,
                                    is_active=True).values_list("pk", flat=True))
    users.add(complaint.registered_by_id)
    code = "complaint_deadline_soon" if stage == COMPLAINT_SOON else "complaint_deadline_passed"
    for user in User.objects.filter(pk__in=users, is_active=True).order_by("pk"):
        notify(user=user, code=code, url=reverse("complaint_detail", args=[complaint_id]),
               params={"complaint": complaint_id, "due": complaint.forward_deadline.isoformat()},
               dedupe_key=f"complaint-{stage}:{complaint_id}:{user.pk}")
    return True


# --- Housekeeping ---------------------------------------------------------------------------


def intervals_sync(today: datetime.date) -> int:
    """Add the contact intervals that have elapsed since the last sweep (compliance)."""
    from visitation.services.journal import contact_intervals_sync

    until = today - datetime.timedelta(days=1)
    recent = today - datetime.timedelta(days=400)
    courses = (Course.objects.filter(min_contact_days__isnull=False)
               .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=recent))
               .filter(start_date__lte=until))
    from django.db.models import Count

    synced = 0
    for course in courses.annotate(kept=Count("contact_intervals")).iterator():
        if course.kept != expected_interval_count(course, until):
            with transaction.atomic():
                locked = Course.objects.select_for_update(skip_locked=True).filter(
                    pk=course.pk).first()
                if locked is not None:
                    synced += contact_intervals_sync(course=locked, until=until)
    return synced


def requeue_undelivered_emails(now: datetime.datetime) -> int:
    pending = list(Notification.objects.filter(
        emailed_at__isnull=True, created_at__lt=now - EMAIL_RETRY_AFTER,
        created_at__gte=now - datetime.timedelta(days=EMAIL_RETRY_DAYS))
        .values_list("pk", flat=True))
    for pk in pending:
        enqueue_on_commit(DELIVER_NOTIFICATION, pk)
    return len(pending)


def purge_old_drafts(now: datetime.datetime) -> int:
    deleted, _by_model = JournalDraft.objects.filter(
        updated_at__lt=now - datetime.timedelta(days=DRAFT_RETENTION_DAYS)).delete()
    return deleted


# --- The sweep -------------------------------------------------------------------------------


def sweep(*, today: datetime.date | None = None, now: datetime.datetime | None = None,
          inline: bool = False) -> SweepResult:
    """Find owed reminders and send them: queued as one task per item (``inline=False``,
    the beat task), or done here in this process (``inline=True``, the command). A task
    that cannot be queued (the broker is down) leaves its item owed: the next sweep finds it."""
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    result = SweepResult()
    result.emails_requeued = requeue_undelivered_emails(now)
    iso = today.isoformat()

    def run(task_name: str, function: Callable[..., bool], *args: Any, **kwargs: Any) -> None:
        if inline:
            function(**kwargs, today=today)
        else:
            enqueue_on_commit(task_name, *args)

    for course_id, due in contacts_to_remind(today):
        result.contact_reminders += 1
        run("visitation.tasks.send_contact_reminder", contact_remind,
            course_id, due.isoformat(), iso, course_id=course_id, due=due)
    for course_id, due in contacts_to_escalate(today):
        result.contact_escalations += 1
        run("visitation.tasks.send_contact_escalation", contact_escalate,
            course_id, due.isoformat(), iso, course_id=course_id, due=due)
    for review_id, stage in reviews_owed(today):
        if stage == REVIEW_ESCALATE:
            result.review_escalations += 1
        else:
            result.review_reminders += 1
        run("visitation.tasks.send_review_reminder", review_remind,
            review_id, stage, iso, review_id=review_id, stage=stage)
    for user_id, week in digests_owed(today):
        result.digests += 1
        run("visitation.tasks.send_team_digest", team_digest_send,
            user_id, week, iso, user_id=user_id, week=week)
    for citizen_id, release_date in prison_releases_owed(today):
        # Made here, not queued: a row and a notification, claimed by the unique constraint.
        if prison_release_task_create(citizen_id=citizen_id, release_date=release_date,
                                      today=today):
            result.release_tasks += 1
    for course_id in situation_tasks_missing(today):
        course = Course.objects.filter(pk=course_id).first()
        if course is not None:
            result.situation_tasks += situation_tasks_create(course=course)
    for task_id in situation_tasks_due(today):
        # Made here, not queued, like the release tasks: one stamp and one notification.
        if situation_task_remind(task_id=task_id, today=today):
            result.situation_reminders += 1
    for complaint_id, stage in complaints_owed(today):
        # Made here, like the release tasks: claimed by the stamp, deduplicated by key.
        if complaint_deadline_notify(complaint_id=complaint_id, stage=stage, today=today):
            result.complaint_reminders += 1
    result.intervals_synced = intervals_sync(today)
    result.drafts_purged = purge_old_drafts(now)
    # Reporting reads visitation's models, so it is imported here, not at the top.
    from reporting.services_money import spending_warnings_check

    result.spending_warnings = spending_warnings_check(today=today)
    logger.info("Follow-up sweep for %s: %s", iso, result.as_dict())
    return result
