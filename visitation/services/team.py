"""Running a team: handing a caseload over, and the team leader's note on a course.

- ``mentor_caseload_move``: a mentor's courses (all or some) to other mentors, each certified
  for its course's mentor type and with capacity for its hours (or an explicit, reasoned
  override);
- ``caseworker_caseload_move``: a caseworker's citizens, open referrals and open courses to
  another caseworker of the team;
- ``course_note_write``: the team leader's note for the course's caseworker and mentor.

A move is all or nothing: every item is checked under its row lock before anything is
written, and a refusal (``CaseloadRefused``) says per item why, with nothing changed. Each
moved course gets a history event with who, when and why; the people affected are notified.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mentor import caching
from mentor.models import Citizen, Mentor, Role, Team, User
from mentor.permissions import (
    HANDOVER,
    may_lead_team,
    may_write_team_note,
    referral_decider_ids,
)
from mentor.services import DomainError, NotPermitted, notify
from visitation.models import (
    Course,
    CourseEvent,
    CourseNote,
    CourseStatus,
    FollowUpTask,
    Referral,
    ReferralEvent,
    ReferralStatus,
)
from visitation.selectors_referrals import mentors_with_load

# Referrals that are still the caseworker's work: they can be handed over.
OPEN_REFERRAL_STATUSES = (ReferralStatus.DRAFT, ReferralStatus.SUBMITTED,
                          ReferralStatus.RETURNED)


class CaseloadRefused(DomainError):
    """A move refused as a whole; ``problems`` says why per item (``"course-12"``,
    ``"referral-3"``, ``"citizen-5"``), in Danish."""

    def __init__(self, problems: Mapping[str, list[str]]) -> None:
        self.problems = dict(problems)
        count = len(self.problems)
        super().__init__(ngettext(
            "Intet er flyttet: %(n)s element kan ikke flyttes. Se begrundelsen ved hvert "
            "forløb.",
            "Intet er flyttet: %(n)s elementer kan ikke flyttes. Se begrundelsen ved hvert "
            "forløb.", count) % {"n": count})


def _hours(value: Decimal) -> str:
    return f"{value:.1f}".replace(".", ",")


def _check_leader(actor: User, team: Team) -> None:
    if not may_lead_team(actor, team.pk):
        raise NotPermitted(_("Kun teamets teamleder eller en administrator kan flytte sager."))


def _check_reason(reason: str) -> str:
    if not reason.strip():
        raise DomainError(_("Skriv begrundelsen for flytningen."))
    return reason.strip()


# --- A mentor's courses --------------------------------------------------------------------


@dataclass(frozen=True)
class MentorMove:
    """What a mentor move would do to one course (the confirmation page shows these)."""

    course: Course
    to_mentor: Mentor
    over_capacity: bool


def _locked_courses(ids: Collection[int], *related: str) -> dict[int, Course]:
    """Lock the courses' rows by id, in id order, then read them with their related rows.

    Not in one ``SELECT … FOR UPDATE OF`` with joins: when another move changed a joined
    column (the mentor or the caseworker) while this one waited for the lock, PostgreSQL
    re-checks the join against the related row it read before the wait, and the course drops
    out of the result as if it did not exist."""
    locked = list(Course.objects.select_for_update().filter(pk__in=ids).order_by("pk")
                  .values_list("pk", flat=True))
    return {c.pk: c for c in Course.objects.select_related(*related).filter(pk__in=locked)}


def _mentor_plan(*, team: Team, from_mentor: Mentor, moves: Mapping[int, int],
                 courses: Mapping[int, Course], receivers: Mapping[int, Mentor],
                 certified: Collection[tuple[int, int]], override: bool
                 ) -> tuple[list[MentorMove], dict[str, list[str]]]:
    """The moves and, per course, why it may not move. ``receivers`` carry ``load`` (hours of
    their open courses); the hours moved to one receiver add up, course by course."""
    plan: list[MentorMove] = []
    problems: dict[str, list[str]] = {}
    added: dict[int, Decimal] = {}
    for course_id, mentor_id in sorted(moves.items()):
        key = f"course-{course_id}"
        course = courses.get(course_id)
        mentor = receivers.get(mentor_id)
        if course is None or course.team_id != team.pk:
            problems[key] = [_("Forløbet findes ikke i teamet.")]
            continue
        here: list[str] = []
        if course.mentor_id != from_mentor.pk:
            here.append(_("Mentorforløb #%(n)s er ikke længere hos %(mentor)s: det er flyttet "
                          "i mellemtiden. Genindlæs siden.")
                        % {"n": course.pk, "mentor": from_mentor})
        if course.status == CourseStatus.ENDED:
            here.append(_("Mentorforløb #%(n)s er afsluttet.") % {"n": course.pk})
        if mentor is None:
            here.append(_("Den valgte mentor findes ikke."))
            problems[key] = here
            continue
        if mentor.pk == from_mentor.pk:
            here.append(_("%(mentor)s er allerede mentor på forløbet.") % {"mentor": mentor})
        if (not mentor.active or not mentor.provider.active
                or mentor.provider.municipality_id != team.municipality_id):
            here.append(_("%(mentor)s er ikke aktiv som mentor i kommunen.") % {"mentor": mentor})
        if (mentor.pk, course.mentor_type_id) not in certified:
            here.append(_("%(mentor)s er ikke certificeret som %(type)s.")
                        % {"mentor": mentor, "type": course.mentor_type.name.lower()})
        load = Decimal(getattr(mentor, "load", 0) or 0) + added.get(mentor.pk, Decimal(0))
        after = load + course.hours_per_week
        over = after > mentor.weekly_capacity_hours
        if over and not override:
            left = max(Decimal(0), mentor.weekly_capacity_hours - load)
            here.append(_("%(mentor)s har %(left)s timer pr. uge ledigt, og forløbet kræver "
                          "%(hours)s. Overskrid kun kapaciteten med en udtrykkelig "
                          "begrundelse.") % {"mentor": mentor, "left": _hours(left),
                                              "hours": _hours(course.hours_per_week)})
        if here:
            problems[key] = here
            continue
        added[mentor.pk] = added.get(mentor.pk, Decimal(0)) + course.hours_per_week
        plan.append(MentorMove(course=course, to_mentor=mentor, over_capacity=over))
    return plan, problems


def _receivers(ids: Collection[int], *, lock: bool) -> dict[int, Mentor]:
    qs: QuerySet[Mentor] = mentors_with_load().filter(pk__in=ids).select_related(
        "provider", "user").order_by("pk")
    if lock:
        # The mentors' rows first, by id (two moves lock in the same order): nobody else can
        # give them a course while their load is read and added to.
        list(Mentor.objects.select_for_update().filter(pk__in=ids).order_by("pk")
             .values_list("pk", flat=True))
    return {mentor.pk: mentor for mentor in qs}


def _certified(mentor_ids: Collection[int]) -> set[tuple[int, int]]:
    from mentor.models import Certification

    return set(Certification.objects.filter(mentor_id__in=mentor_ids)
               .values_list("mentor_id", "mentor_type_id"))


def _check_override(override_capacity: bool, override_reason: str) -> bool:
    if override_capacity and not override_reason.strip():
        raise DomainError(_("Skriv begrundelsen for at overskride mentorens kapacitet."))
    return override_capacity


def mentor_caseload_check(*, actor: User, team: Team, from_mentor: Mentor,
                          moves: Mapping[int, int], reason: str,
                          override_capacity: bool = False,
                          override_reason: str = "") -> list[MentorMove]:
    """What ``mentor_caseload_move`` would do, without doing it (the confirmation step).
    Raises what it would raise."""
    _check_leader(actor, team)
    _check_reason(reason)
    override = _check_override(override_capacity, override_reason)
    if not moves:
        raise DomainError(_("Vælg mindst ét forløb og den mentor, det skal flyttes til."))
    courses = {c.pk: c for c in Course.objects.filter(pk__in=moves).select_related(
        "mentor_type", "citizen")}
    receivers = _receivers(set(moves.values()), lock=False)
    plan, problems = _mentor_plan(team=team, from_mentor=from_mentor, moves=moves,
                                  courses=courses, receivers=receivers,
                                  certified=_certified(receivers), override=override)
    if problems:
        raise CaseloadRefused(problems)
    return plan


@transaction.atomic
def mentor_caseload_move(*, actor: User, team: Team, from_mentor: Mentor,
                         moves: Mapping[int, int], reason: str, override_capacity: bool = False,
                         override_reason: str = "") -> list[Course]:
    """Move courses of ``from_mentor`` in ``team``: ``moves`` maps a course id to the id of
    its new mentor. All or nothing (``CaseloadRefused`` with the reasons per course)."""
    _check_leader(actor, team)
    why = _check_reason(reason)
    override = _check_override(override_capacity, override_reason)
    if not moves:
        raise DomainError(_("Vælg mindst ét forløb og den mentor, det skal flyttes til."))
    # The courses' rows, then the mentors', each by id: the order of ``course_reassign_mentor``
    # (course, then mentor), so that neither waits for the other in a circle.
    courses = _locked_courses(moves, "mentor_type", "mentor__user", "caseworker")
    receivers = _receivers(set(moves.values()), lock=True)
    plan, problems = _mentor_plan(team=team, from_mentor=from_mentor, moves=moves,
                                  courses=courses, receivers=receivers,
                                  certified=_certified(receivers), override=override)
    if problems:
        raise CaseloadRefused(problems)
    for move in plan:
        course, mentor = move.course, move.to_mentor
        data: dict[str, object] = {
            "from_mentor_id": from_mentor.pk, "from_mentor": str(from_mentor),
            "from_provider_id": course.provider_id, "to_mentor_id": mentor.pk,
            "to_mentor": str(mentor), "to_provider_id": mentor.provider_id, "handover": True}
        if move.over_capacity:
            data["capacity_override"] = override_reason.strip()
        course.mentor = mentor
        course.provider = mentor.provider
        course._history_user = actor  # type: ignore[attr-defined]
        course.save(update_fields=["mentor", "provider"])
        CourseEvent.objects.create(course=course, actor=actor, action="mentor_reassigned",
                                   from_status=course.status, to_status=course.status,
                                   reason=why, data=data)
        url = reverse("course_detail", args=[course.pk])
        if mentor.user is not None:
            notify(user=mentor.user, code="course_new_mentor_you", params={"course": course.pk},
                   url=url)
        notify(user=course.caseworker, code="course_new_mentor", params={"course": course.pk},
               url=url)
    caching.bump(caching.COURSES)
    if from_mentor.user is not None:
        notify(user=from_mentor.user, code="caseload_mentor_moved",
               params={"count": len(plan)})
    return [move.course for move in plan]


# --- A caseworker's citizens, referrals and courses ---------------------------------------


@dataclass(frozen=True)
class CaseworkerMoved:
    citizens: int
    referrals: int
    courses: int


def _check_receiver(team: Team, from_user: User, to_user: User) -> None:
    if to_user.pk == from_user.pk:
        raise DomainError(_("Vælg en anden sagsbehandler end den, sagerne flyttes fra."))
    is_caseworker = to_user.groups.filter(name=Role.CASEWORKER).exists()
    in_team = to_user.teams.filter(pk=team.pk).exists()
    if not (to_user.is_active and is_caseworker and in_team):
        raise DomainError(_("%(user)s er ikke aktiv sagsbehandler i %(team)s.")
                          % {"user": to_user, "team": team})


def _caseworker_problems(*, team: Team, from_user: User, to_user: User,
                         citizens: Mapping[int, Citizen], citizen_ids: Collection[int],
                         referrals: Mapping[int, Referral], referral_ids: Collection[int],
                         courses: Mapping[int, Course], course_ids: Collection[int]
                         ) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}
    for pk in sorted(citizen_ids):
        citizen = citizens.get(pk)
        if citizen is None or citizen.team_id != team.pk or citizen.anonymised_at:
            problems[f"citizen-{pk}"] = [_("Borgeren findes ikke i teamet.")]
        elif citizen.caseworker_id != from_user.pk:
            problems[f"citizen-{pk}"] = [_(
                "Borgeren er ikke længere hos %(who)s: den er flyttet i mellemtiden. "
                "Genindlæs siden.") % {"who": from_user}]
    for pk in sorted(referral_ids):
        referral = referrals.get(pk)
        key = f"referral-{pk}"
        if referral is None or referral.team_id != team.pk:
            problems[key] = [_("Indstillingen findes ikke i teamet.")]
        elif referral.created_by_id != from_user.pk:
            problems[key] = [_(
                "Indstilling #%(n)s er ikke længere hos %(who)s: den er flyttet i mellemtiden. "
                "Genindlæs siden.") % {"n": pk, "who": from_user}]
        elif referral.status not in OPEN_REFERRAL_STATUSES:
            problems[key] = [_("Indstilling #%(n)s er %(status)s og kan ikke overdrages.")
                             % {"n": pk, "status": referral.get_status_display().lower()}]
        elif referral.status == ReferralStatus.SUBMITTED:
            # The new holder becomes one of its authors: someone else must still decide it.
            referral.created_by_id = to_user.pk
            if not referral_decider_ids(referral):
                problems[key] = [_("Ingen ville kunne visitere indstilling #%(n)s, hvis "
                                   "den overdrages til %(user)s.") % {"n": pk, "user": to_user}]
            referral.created_by_id = from_user.pk
    for pk in sorted(course_ids):
        course = courses.get(pk)
        key = f"course-{pk}"
        if course is None or course.team_id != team.pk:
            problems[key] = [_("Forløbet findes ikke i teamet.")]
        elif course.caseworker_id != from_user.pk:
            problems[key] = [_(
                "Mentorforløb #%(n)s er ikke længere hos %(who)s: det er flyttet i mellemtiden. "
                "Genindlæs siden.") % {"n": pk, "who": from_user}]
        elif course.status == CourseStatus.ENDED:
            problems[key] = [_("Mentorforløb #%(n)s er afsluttet.") % {"n": pk}]
    return problems


def caseworker_caseload_check(*, actor: User, team: Team, from_user: User, to_user: User,
                              citizen_ids: Collection[int], referral_ids: Collection[int],
                              course_ids: Collection[int], reason: str) -> None:
    """What ``caseworker_caseload_move`` would refuse, without moving anything."""
    _check_leader(actor, team)
    _check_reason(reason)
    _check_receiver(team, from_user, to_user)
    if not (citizen_ids or referral_ids or course_ids):
        raise DomainError(_("Vælg mindst én borger, indstilling eller ét forløb."))
    problems = _caseworker_problems(
        team=team, from_user=from_user, to_user=to_user,
        citizens=Citizen.objects.in_bulk(list(citizen_ids)), citizen_ids=citizen_ids,
        referrals=Referral.objects.in_bulk(list(referral_ids)), referral_ids=referral_ids,
        courses=Course.objects.in_bulk(list(course_ids)), course_ids=course_ids)
    if problems:
        raise CaseloadRefused(problems)


@transaction.atomic
def caseworker_caseload_move(*, actor: User, team: Team, from_user: User, to_user: User,
                             citizen_ids: Collection[int], referral_ids: Collection[int],
                             course_ids: Collection[int], reason: str) -> CaseworkerMoved:
    """Give ``to_user`` (a caseworker of ``team``) these citizens, open referrals and open
    courses of ``from_user``. All or nothing (``CaseloadRefused``)."""
    _check_leader(actor, team)
    why = _check_reason(reason)
    _check_receiver(team, from_user, to_user)
    if not (citizen_ids or referral_ids or course_ids):
        raise DomainError(_("Vælg mindst én borger, indstilling eller ét forløb."))
    citizens = {c.pk: c for c in Citizen.objects.select_for_update()
                .filter(pk__in=citizen_ids).order_by("pk")}
    referrals = {r.pk: r for r in Referral.objects.select_for_update()
                 .filter(pk__in=referral_ids).order_by("pk")}
    courses = _locked_courses(course_ids, "mentor__user")
    problems = _caseworker_problems(
        team=team, from_user=from_user, to_user=to_user, citizens=citizens,
        citizen_ids=citizen_ids, referrals=referrals, referral_ids=referral_ids,
        courses=courses, course_ids=course_ids)
    if problems:
        raise CaseloadRefused(problems)
    names = {"from_caseworker": str(from_user), "to_caseworker": str(to_user),
             "from_caseworker_id": from_user.pk, "to_caseworker_id": to_user.pk}
    for citizen in citizens.values():
        citizen.caseworker = to_user
        citizen._history_user = actor  # type: ignore[attr-defined]
        citizen._change_reason = HANDOVER  # type: ignore[attr-defined]
        citizen.save(update_fields=["caseworker"])
    # The citizens' open follow-up tasks go with them.
    for task in FollowUpTask.objects.filter(citizen_id__in=list(citizens), done_at__isnull=True,
                                            caseworker=from_user):
        task.caseworker = to_user
        task._history_user = actor  # type: ignore[attr-defined]
        task.save(update_fields=["caseworker"])
    for referral in referrals.values():
        referral.created_by = to_user
        referral._history_user = actor  # type: ignore[attr-defined]
        # Not an edit of what it says: the team leader stays free to decide it (four eyes).
        referral._change_reason = HANDOVER  # type: ignore[attr-defined]
        referral.save(update_fields=["created_by", "updated_at"])
        ReferralEvent.objects.create(referral=referral, actor=actor, action="handover",
                                     from_status=referral.status, to_status=referral.status,
                                     reason=why, data=names)
    for course in courses.values():
        course.caseworker = to_user
        course._history_user = actor  # type: ignore[attr-defined]
        course.save(update_fields=["caseworker"])
        CourseEvent.objects.create(course=course, actor=actor, action="caseworker_reassigned",
                                   from_status=course.status, to_status=course.status,
                                   reason=why, data=names)
        if course.mentor is not None and course.mentor.user is not None:
            notify(user=course.mentor.user, code="course_new_caseworker",
                   params={"course": course.pk, "caseworker": str(to_user)},
                   url=reverse("course_detail", args=[course.pk]))
    if courses:
        caching.bump(caching.COURSES)
    moved = CaseworkerMoved(citizens=len(citizens), referrals=len(referrals),
                            courses=len(courses))
    counts = {"citizens": moved.citizens, "referrals": moved.referrals,
              "courses": moved.courses}
    notify(user=to_user, code="caseload_received", params={**counts, "from": str(from_user)})
    notify(user=from_user, code="caseload_handed_over", params={**counts, "to": str(to_user)})
    return moved


# --- The team leader's note on a course ---------------------------------------------------


@transaction.atomic
def course_note_write(*, actor: User, course: Course, text: str) -> CourseNote:
    """Write or change the team leader's note; the earlier text stays in its history."""
    if not may_write_team_note(actor, course):
        raise NotPermitted(_("Kun en teamleder i forløbets team kan skrive teamlederens note."))
    text = text.strip()
    if not text:
        raise DomainError(_("Skriv noten."))
    locked = Course.objects.select_for_update().get(pk=course.pk)
    note = CourseNote.objects.filter(course=locked).first()
    if note is not None and note.text == text:
        return note
    if note is None:
        note = CourseNote(course=locked)
    note.text = text
    note.written_by = actor
    note.written_at = timezone.now()
    note._history_user = actor  # type: ignore[attr-defined]
    note.save()
    url = reverse("course_detail", args=[locked.pk])
    readers = {locked.caseworker_id}
    if locked.mentor is not None and locked.mentor.user_id is not None:
        readers.add(locked.mentor.user_id)
    for user in User.objects.filter(pk__in=readers - {actor.pk}, is_active=True):
        notify(user=user, code="course_note_written", params={"course": locked.pk}, url=url)
    return note
