"""Who may see which citizen: decided here and nowhere else.

- caseworkers and team leaders: citizens of their teams;
- mentors: citizens with an active or recently ended course assigned to them;
- managers: aggregates, plus a citizen they opened through a justified look-up (logged);
- administrators: configuration only (and the access log).
Everything else answers 404, so that a URL does not even reveal that a citizen exists.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from mentor.models import AccessAction, AccessLog, Citizen, Provider, Role, Team, User

if TYPE_CHECKING:
    from agreements.models_letters import Letter, PrintBatch
    from visitation.models import Course, JournalEntry, Referral, Review

# A mentor keeps access to an ended course this long, for closing notes and handover.
MENTOR_RECENT_DAYS = 90
# A manager's justified look-up opens a case for this long.
MANAGER_LOOKUP_HOURS = 8


def _mentor_course_filter(user: User, prefix: str = "") -> Q:
    from visitation.models import CourseStatus

    today = timezone.localdate()
    recent = today - datetime.timedelta(days=MENTOR_RECENT_DAYS)
    return Q(**{f"{prefix}mentor__user": user}) & (
        ~Q(**{f"{prefix}status": CourseStatus.ENDED})
        | Q(**{f"{prefix}ended_on__gte": recent})
    )


def _sees_team_cases(user: User) -> bool:
    """Caseworkers and team leaders see the citizens (and courses) of their teams."""
    return user.has_role(Role.CASEWORKER) or user.has_role(Role.TEAM_LEADER)


def visible_citizens(user: User) -> QuerySet[Citizen]:
    """The citizens this user may open. Combines every role the user has."""
    qs = Citizen.objects.filter(anonymised_at__isnull=True)
    if not user.is_authenticated or not user.is_active:
        return qs.none()
    condition = Q(pk__in=[])
    if _sees_team_cases(user):
        condition |= Q(team_id__in=user.team_ids)
    if user.has_role(Role.MENTOR):
        from visitation.models import Course

        condition |= Q(pk__in=Course.objects.filter(_mentor_course_filter(user))
                       .values("citizen_id"))
    if user.has_role(Role.MANAGER):
        since = timezone.now() - datetime.timedelta(hours=MANAGER_LOOKUP_HOURS)
        condition |= Q(pk__in=AccessLog.objects.filter(
            user=user, action=AccessAction.LOOKUP, at__gte=since).values("citizen_id"))
    return qs.filter(condition)


def get_citizen_for_user(user: User, pk: int) -> Citizen:
    """The citizen if ``user`` may see them (404 otherwise), with team and municipality (the
    pages read the policy of the citizen's municipality)."""
    try:
        return visible_citizens(user).select_related("team__municipality").get(pk=pk)
    except (Citizen.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such citizen") from exc


def get_case_citizen_for_user(user: User, pk: int) -> Citizen:
    """A citizen the user may change or file referrals for: a caseworker of the citizen's team
    (404 otherwise); with team and municipality, as ``get_citizen_for_user``."""
    citizen = get_citizen_for_user(user, pk)
    if not may_edit_citizen(user, citizen):
        raise Http404("No such citizen")
    return citizen


def visible_courses(user: User) -> QuerySet[Course]:
    from visitation.models import Course

    if not user.is_authenticated or not user.is_active:
        return Course.objects.none()
    condition = Q(pk__in=[])
    if _sees_team_cases(user):
        condition |= Q(team_id__in=user.team_ids)
    if user.has_role(Role.MENTOR):
        condition |= _mentor_course_filter(user)
    if user.has_role(Role.MANAGER):
        condition |= Q(citizen__in=visible_citizens(user).filter(
            pk__in=AccessLog.objects.filter(user=user, action=AccessAction.LOOKUP)
            .values("citizen_id")))
    return Course.objects.filter(condition, citizen__anonymised_at__isnull=True)


def get_course_for_user(user: User, pk: int) -> Course:
    from visitation.models import Course

    try:
        return visible_courses(user).get(pk=pk)
    except (Course.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such course") from exc


def get_entry_for_user(user: User, pk: int) -> JournalEntry:
    """A journal entry on a course the user may see; 404 otherwise."""
    from visitation.models import JournalEntry

    try:
        return (JournalEntry.objects.select_related("course__citizen", "course__mentor",
                                                    "author", "corrects")
                .get(pk=pk, course__in=visible_courses(user)))
    except (JournalEntry.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such journal entry") from exc


def get_review_for_user(user: User, pk: int) -> Review:
    """A review on a course the user may see; 404 otherwise."""
    from visitation.models import Review

    try:
        return (Review.objects.select_related("course__citizen", "course__mentor",
                                              "course__referral", "completed_by", "period")
                .get(pk=pk, course__in=visible_courses(user)))
    except (Review.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such review") from exc


def _sees_referrals(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and (
        user.has_role(Role.CASEWORKER) or user.has_role(Role.TEAM_LEADER)))


def visible_referrals(user: User) -> QuerySet[Referral]:
    """Referrals are case work: the caseworkers and team leaders of the referral's team."""
    from visitation.models import Referral

    if not _sees_referrals(user):
        return Referral.objects.none()
    return Referral.objects.filter(team_id__in=user.team_ids,
                                   citizen__anonymised_at__isnull=True)


def visible_referrals_to_count(user: User) -> QuerySet[Referral]:
    """The referrals of ``visible_referrals``, written for counting many at once: instead of
    joining each referral's citizen to see that it is not anonymised, those of the (few)
    anonymised citizens are left out (``NOT EXISTS``, answered from the small partial index
    ``citizen_anonymised``). For reading rows with their citizen the join is cheaper."""
    from visitation.models import Referral

    if not _sees_referrals(user):
        return Referral.objects.none()
    anonymised = Citizen.objects.filter(pk=OuterRef("citizen_id"), anonymised_at__isnull=False)
    return Referral.objects.filter(team_id__in=user.team_ids).exclude(Exists(anonymised))


def get_referral_for_user(user: User, pk: int) -> Referral:
    from visitation.models import Referral

    try:
        return visible_referrals(user).select_related("citizen", "team").get(pk=pk)
    except (Referral.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such referral") from exc


# --- Who may act -----------------------------------------------------------------------------
# One named predicate per rule. Views ask them to show or refuse an action; services ask the
# same one and raise ``NotPermitted`` (a ``DomainError``) when it says no. Roles add up: a user
# with two roles may do what either allows, except where a rule says otherwise (four eyes).


def does_case_work(user: User) -> bool:
    """Caseworkers and team leaders do case work: the citizen list, the referral list and
    the team's follow-up list."""
    return user.has_role(Role.CASEWORKER) or user.has_role(Role.TEAM_LEADER)


def follows_own_courses_only(user: User) -> bool:
    """A caseworker who is not also a team leader follows the courses they are caseworker
    of; a team leader follows every course of their teams."""
    return user.has_role(Role.CASEWORKER) and not user.has_role(Role.TEAM_LEADER)


def may_register_citizen(user: User, team: Team | None = None) -> bool:
    """Caseworkers register citizens, in one of their own teams. Without a team: whether the
    user registers citizens at all."""
    if not user.has_role(Role.CASEWORKER):
        return False
    return team is None or team.pk in user.team_ids


def may_edit_citizen(user: User, citizen: Citizen) -> bool:
    """A caseworker of the citizen's team changes the citizen's facts and contact data and
    records parallel support under the Social Services Act."""
    return user.has_role(Role.CASEWORKER) and citizen.team_id in user.team_ids


def may_file_referral(user: User, citizen: Citizen | None = None) -> bool:
    """A caseworker of the citizen's team drafts, edits, submits and withdraws the citizen's
    referrals. Without a citizen: whether the user files referrals at all."""
    if not user.has_role(Role.CASEWORKER):
        return False
    return citizen is None or citizen.team_id in user.team_ids


def may_approve(user: User, referral: Referral | None = None) -> bool:
    """A team leader of the referral's team decides it (approves, rejects or returns it),
    unless they created, edited or submitted it themselves (four eyes: whoever wrote a
    referral never decides it, even when they hold both roles). Without a referral: whether
    the user decides referrals at all (the approval queue)."""
    if not user.has_role(Role.TEAM_LEADER):
        return False
    if referral is None:
        return True
    return referral.team_id in user.team_ids and user.pk not in referral_author_ids(referral)


def referral_author_ids(referral: Referral) -> set[int]:
    """The users who created, edited or submitted ``referral``: its creator, the actors of its
    draft and submission events, and the users of its history rows except the visitation
    decisions (a move from submitted to approved, rejected or returned)."""
    from visitation.models import ReferralEvent, ReferralStatus

    authors = {referral.created_by_id}
    authors.update(ReferralEvent.objects.filter(
        referral_id=referral.pk, to_status__in=(ReferralStatus.DRAFT, ReferralStatus.SUBMITTED))
        .values_list("actor_id", flat=True))
    decided = {ReferralStatus.APPROVED, ReferralStatus.REJECTED, ReferralStatus.RETURNED}
    previous = ""
    for user_id, status in referral.history.order_by(
            "history_date", "history_id").values_list("history_user_id", "status"):
        if user_id is not None and not (previous == ReferralStatus.SUBMITTED
                                        and status in decided):
            authors.add(user_id)
        previous = status
    return authors


def may_manage_course(user: User, course: Course) -> bool:
    """Caseworkers and team leaders of the course's team extend, end and reassign it and
    record the citizen's readiness."""
    return does_case_work(user) and course.team_id in user.team_ids


def may_manage_agreements(user: User, course: Course) -> bool:
    """Caseworkers and team leaders of the course's team open, edit and issue its agreement
    and record the citizen's acceptance."""
    return does_case_work(user) and course.team_id in user.team_ids


def visible_letters(user: User) -> QuerySet[Letter]:
    """Decision letters of the citizens the user may see (and only theirs)."""
    from agreements.models_letters import Letter

    return Letter.objects.filter(citizen__in=visible_citizens(user))


def get_letter_for_user(user: User, pk: int) -> Letter:
    """A letter of a citizen the user may see, with its citizen and course; 404 otherwise."""
    from agreements.models_letters import Letter

    try:
        return (visible_letters(user).select_related("citizen__team__municipality", "course",
                                                      "referral", "template", "print_batch")
                .get(pk=pk))
    except (Letter.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such letter") from exc


def may_send_letters(user: User, citizen: Citizen) -> bool:
    """Caseworkers and team leaders of the citizen's team send a failed letter again,
    through the same or another channel."""
    return does_case_work(user) and citizen.team_id in user.team_ids


def may_print_letters(user: User, team: Team | None = None) -> bool:
    """Caseworkers and team leaders make and confirm the print batches of their teams' letters
    (the post room's work). Without a team: whether the user handles print batches at all."""
    return does_case_work(user) and (team is None or team.pk in user.team_ids)


def get_print_batch_for_user(user: User, pk: int) -> PrintBatch:
    """A print batch of one of the user's teams, for those who handle print; 404 otherwise
    (a batch holds the letters of many of the team's citizens)."""
    from agreements.models_letters import PrintBatch

    if not may_print_letters(user):
        raise Http404("No such print batch")
    try:
        return PrintBatch.objects.select_related("team").get(pk=pk, team_id__in=user.team_ids)
    except (PrintBatch.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such print batch") from exc


def may_edit_letter_templates(user: User) -> bool:
    """Administrators edit the municipality's letter templates."""
    return is_administrator(user)


def may_journal(user: User, course: Course) -> bool:
    """Only the course's mentor writes in its journal (and corrects their own entries)."""
    return course.mentor is not None and course.mentor.user_id == user.pk


def may_correct_entry(user: User, entry: JournalEntry, course: Course) -> bool:
    """The author of a journal entry edits (within 24 hours) or corrects it, while they are
    still the mentor of its course."""
    return entry.author_id == user.pk and may_journal(user, course)


def may_complete_review(user: User, course: Course) -> bool:
    """The course's mentor, or a caseworker of the course's team (reviews are made
    together)."""
    return may_journal(user, course) or (
        user.has_role(Role.CASEWORKER) and course.team_id in user.team_ids)


def may_use_mentor_workspace(user: User) -> bool:
    """Mentors have a workspace and a calendar feed of their contacts and reviews."""
    return user.has_role(Role.MENTOR)


def may_run_followup(user: User) -> bool:
    """Team leaders start the follow-up sweep on demand and receive the weekly digest."""
    return user.has_role(Role.TEAM_LEADER)


def may_look_up_citizen(user: User) -> bool:
    """Managers open a citizen's case through a justified, logged look-up."""
    return user.has_role(Role.MANAGER)


def may_view_dashboard(user: User) -> bool:
    """Managers and team leaders see the management dashboard and its exports."""
    return user.has_role(Role.MANAGER) or user.has_role(Role.TEAM_LEADER)


def reports_on_all_teams(user: User) -> bool:
    """Managers' reports cover every team; anyone else's (a team leader's) their own teams."""
    return user.has_role(Role.MANAGER)


def reports_on_own_teams(user: User) -> bool:
    """Team leaders' reports cover their own teams."""
    return user.has_role(Role.TEAM_LEADER)


def may_simulate_policy(user: User) -> bool:
    """Administrators and managers try a service-level policy on the simulator."""
    return is_administrator(user) or user.has_role(Role.MANAGER)


def may_see_course_costs(user: User) -> bool:
    """Everyone but mentors sees a course's costs: administrators, caseworkers, team leaders
    and managers."""
    return is_administrator(user) or does_case_work(user) or user.has_role(Role.MANAGER)


def may_enrol_two_factor(user: User) -> bool:
    """Every signed-in user sets up two-factor sign-in: every role reads case data."""
    return bool(user.is_authenticated and user.is_active)


def may_reset_two_factor(actor: User, user: User) -> bool:
    """An administrator resets another user's second factor (a lost phone); not their own,
    which another administrator must do."""
    return is_administrator(actor) and actor.pk != user.pk


def is_administrator(user: User) -> bool:
    """Administrators (and superusers) configure: policy, costs, the access log, erasure."""
    return user.is_superuser or user.has_role(Role.ADMINISTRATOR)


def may_register_provider_costs(user: User, provider: Provider) -> bool:
    """A provider's system (an active API client of the provider, with write access) registers
    hours and invoices for the provider's courses. No person does: administrators register
    cost lines as administrators (``is_administrator``)."""
    from mentor.models_api import ApiClient, ApiScope

    client = ApiClient.objects.filter(user_id=user.pk, revoked_at__isnull=True).first()
    return (client is not None and client.provider_id == provider.pk
            and ApiScope.PROVIDER_WRITE in client.scope_set)


def log_access(user: User, citizen: Citizen, *, action: str, what: str,
               reason: str = "") -> None:
    AccessLog.objects.create(user=user, citizen=citizen, action=action, what=what[:200],
                             reason=reason[:300])


def may_sign_in_with_password(user: User) -> bool:
    """With single sign-on configured, staff sign in through the identity provider; a
    password sign-in is left only to the break-glass accounts (``BreakGlassAccount``, granted
    in the admin) for when the provider is down. Without single sign-on, everyone may."""
    from mentor import selectors_sso, sso

    return not sso.enabled() or selectors_sso.is_break_glass(user.pk)
