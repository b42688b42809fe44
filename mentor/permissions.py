"""Who may see which citizen: decided here and nowhere else.

- caseworkers and team leaders: citizens of their teams;
- mentors: citizens with an active or recently ended course assigned to them;
- managers: aggregates, plus a citizen they opened through a justified look-up (logged);
- administrators: configuration only (and the access log), and as they run a team the
  handover pages (each citizen named there is logged);
- a team's visitation deputy: the submitted referrals that wait for them.
Everything else answers 404, so that a URL does not even reveal that a citizen exists.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from mentor.models import AccessAction, AccessLog, Citizen, Provider, Role, Team, User

if TYPE_CHECKING:
    from agreements.models_letters import Letter, PrintBatch
    from mentor.models_documents import Document
    from visitation.models import Course, JournalEntry, Referral, Review
    from visitation.models_complaints import Complaint

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


def _may_stand_in(user: User) -> bool:
    """A visitation deputy is another team's leader or a manager (``Team.visitation_deputy``)."""
    return bool(user.is_authenticated and user.is_active and user.state.deputy_team_ids and (
        user.has_role(Role.TEAM_LEADER) or user.has_role(Role.MANAGER)))


def _no_other_team_leader() -> Q:
    """For a referral row: no active team leader of its team besides its author."""
    leaders = User.objects.filter(teams=OuterRef("team_id"), groups__name=Role.TEAM_LEADER,
                                  is_active=True).exclude(pk=OuterRef("created_by_id"))
    return ~Q(Exists(leaders))


def _awaiting_deputy(user: User) -> Q:
    """Submitted referrals of the teams ``user`` stands in for that no team leader of the
    team but their author could decide (``Team.visitation_deputy``)."""
    from visitation.models import ReferralStatus

    return _no_other_team_leader() & Q(team_id__in=user.state.deputy_team_ids,
                                       status=ReferralStatus.SUBMITTED)


def referrals_awaiting_deputy(user: User) -> QuerySet[Referral]:
    """The referrals waiting for ``user`` as a visitation deputy: these they see and decide."""
    from visitation.models import Referral

    if not _may_stand_in(user):
        return Referral.objects.none()
    return Referral.objects.filter(_awaiting_deputy(user), citizen__anonymised_at__isnull=True)


def visible_referrals(user: User) -> QuerySet[Referral]:
    """Referrals are case work: the caseworkers and team leaders of the referral's team, and
    a visitation deputy for those waiting for them (``referrals_awaiting_deputy``)."""
    from visitation.models import Referral

    sees = _sees_referrals(user)
    stands_in = _may_stand_in(user)
    if not (sees or stands_in):
        return Referral.objects.none()
    condition = Q(team_id__in=user.team_ids) if sees else Q(pk__in=[])
    if stands_in:
        condition |= _awaiting_deputy(user)
    return Referral.objects.filter(condition, citizen__anonymised_at__isnull=True)


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
    """Who decides a referral (approves, rejects or returns it): a team leader of the
    referral's team; where no team leader of the team but its author could (the team's only
    team leader wrote it), the team's visitation deputy (``Team.visitation_deputy``: another
    team's leader or a manager). Never anyone who created, edited or submitted it (four eyes,
    even when they hold both roles). Without a referral: whether the user decides referrals
    at all (the approval queue)."""
    if referral is None:
        return user.has_role(Role.TEAM_LEADER) or _may_stand_in(user)
    if not (user.is_authenticated and user.is_active):
        return False
    return user.pk in referral_decider_ids(referral)


def referral_decider_ids(referral: Referral, *, also_authors: Iterable[int] = ()) -> set[int]:
    """The users who may decide ``referral`` once it is submitted: the active team leaders of
    its team who did not write it; if no team leader of the team other than its creator
    exists, the team's visitation deputy (an active team leader or manager who did not write
    it). ``also_authors``: users about to become authors (the one submitting it now)."""
    authors = referral_author_ids(referral) if referral.pk else {referral.created_by_id}
    authors.update(also_authors)
    return _deciders(referral.team_id, creator_id=referral.created_by_id, authors=authors)


def prospective_decider_ids(team: Team, *, author: User) -> set[int]:
    """Who would decide a new referral ``author`` writes for ``team`` (the referral form,
    before it is saved)."""
    return _deciders(team.pk, creator_id=author.pk, authors={author.pk})


def _deciders(team_id: int, *, creator_id: int | None, authors: set[int]) -> set[int]:
    leaders = set(User.objects.filter(teams=team_id, groups__name=Role.TEAM_LEADER,
                                      is_active=True).values_list("pk", flat=True))
    deciders = leaders - authors
    if leaders - {creator_id}:
        # Another team leader exists: the team decides (and if they all wrote it, no one
        # does: the submission is refused and says so).
        return deciders
    deputy = (User.objects.filter(deputy_for_teams=team_id, is_active=True,
                                  groups__name__in=(Role.TEAM_LEADER, Role.MANAGER))
              .exclude(pk__in=authors).values_list("pk", flat=True).first())
    return {deputy} if deputy is not None else set()


def referral_author_ids(referral: Referral) -> set[int]:
    """The users who created, edited or submitted ``referral``: its creator, the actors of its
    draft and submission events, and the users of its history rows except the visitation
    decisions (a move from submitted to approved, rejected or returned) and handovers to
    another caseworker (a team leader's act on who holds the referral, not on what it says)."""
    from visitation.models import ReferralEvent, ReferralStatus

    authors = {referral.created_by_id}
    authors.update(ReferralEvent.objects.filter(
        referral_id=referral.pk, action="",
        to_status__in=(ReferralStatus.DRAFT, ReferralStatus.SUBMITTED))
        .values_list("actor_id", flat=True))
    decided = {ReferralStatus.APPROVED, ReferralStatus.REJECTED, ReferralStatus.RETURNED}
    previous = ""
    for user_id, status, why in referral.history.order_by(
            "history_date", "history_id").values_list("history_user_id", "status",
                                                      "history_change_reason"):
        if user_id is not None and why != HANDOVER and not (
                previous == ReferralStatus.SUBMITTED and status in decided):
            authors.add(user_id)
        previous = status
    return authors


# The history change reason of a referral's row when a team leader hands it over.
HANDOVER = "handover"


def may_lead_team(user: User, team_id: int) -> bool:
    """A team leader of the team, or an administrator, runs the team: sees its caseloads and
    hands over a mentor's or caseworker's courses, citizens and referrals."""
    if not (user.is_authenticated and user.is_active):
        return False
    return is_administrator(user) or (user.has_role(Role.TEAM_LEADER)
                                      and team_id in user.team_ids)


def may_view_caseloads(user: User) -> bool:
    """Whether the user runs any team (the menu's link to the caseloads)."""
    return bool(user.is_authenticated and user.is_active) and (
        is_administrator(user) or user.has_role(Role.TEAM_LEADER))


def led_teams(user: User) -> QuerySet[Team]:
    """The teams ``may_lead_team`` allows: an administrator's are every team."""
    if not may_view_caseloads(user):
        return Team.objects.none()
    if is_administrator(user):
        return Team.objects.all()
    return Team.objects.filter(pk__in=user.team_ids)


def may_write_team_note(user: User, course: Course) -> bool:
    """A team leader of the course's team writes the team leader's note on it."""
    return user.has_role(Role.TEAM_LEADER) and course.team_id in user.team_ids


def may_read_team_note(user: User, course: Course) -> bool:
    """The note is for the course's caseworker and mentor (and the team leaders who write
    it)."""
    return (may_write_team_note(user, course) or course.caseworker_id == user.pk
            or may_journal(user, course))


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


def may_view_money_reports(user: User) -> bool:
    """Managers and administrators follow the money: the spending limit (LAB § 203 a), hour
    norms, providers and trends. Municipality-wide figures, so not team leaders."""
    return is_administrator(user) or user.has_role(Role.MANAGER)


def may_set_spending_warnings(user: User) -> bool:
    """Managers (and administrators) set the limit's warning thresholds, the cost kinds that
    count against it and the run-rate window of the forecast."""
    return may_view_money_reports(user)


def may_enter_spending_basis(user: User) -> bool:
    """Administrators enter or import the limit's basis: the full-time persons the ministry
    publishes and the monthly spend on other guidance and upskilling (ØVO)."""
    return is_administrator(user)


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


# --- Complaints, documents and the citizen's own data (issue 20) ------------------------------
# Complaints and documents are case work: the caseworkers and team leaders of the citizen's
# team register and upload them; a team leader decides the re-assessment (the municipality's
# decision whether to change or maintain); a mentor sees the documents on their own courses
# only; a manager with a justified look-up sees what the case holds; administrators see none.
# The export of everything about a citizen (GDPR art. 15) is made by a team leader of the
# citizen's team: they see the whole case already, and the export is one more thing that a
# second person (not the caseworker who wrote most of it) answers for. Administrators, who
# see no case content, do not make it.


def is_case_team(user: User, citizen: Citizen) -> bool:
    """A caseworker or team leader of the citizen's team."""
    return does_case_work(user) and citizen.team_id in user.team_ids


def may_register_complaint(user: User, citizen: Citizen) -> bool:
    """Caseworkers and team leaders of the citizen's team register a complaint, record
    Ankestyrelsen's result and a withdrawal."""
    return is_case_team(user, citizen)


def may_reassess_complaint(user: User, complaint: Complaint) -> bool:
    """A team leader of the complaint's team re-assesses the decision (genvurdering):
    changes it, or maintains it and forwards the complaint to Ankestyrelsen."""
    return user.has_role(Role.TEAM_LEADER) and complaint.team_id in user.team_ids


def visible_complaints(user: User) -> QuerySet[Complaint]:
    """Complaints are case work: the caseworkers and team leaders of the complaint's team."""
    from visitation.models_complaints import Complaint

    if not _sees_referrals(user):
        return Complaint.objects.none()
    return Complaint.objects.filter(team_id__in=user.team_ids,
                                    citizen__anonymised_at__isnull=True)


def get_complaint_for_user(user: User, pk: int) -> Complaint:
    from visitation.models_complaints import Complaint

    try:
        return (visible_complaints(user)
                .select_related("citizen__team__municipality", "team", "referral", "course",
                                "course_event", "letter", "registered_by")
                .get(pk=pk))
    except (Complaint.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such complaint") from exc


def may_upload_document(user: User, citizen: Citizen) -> bool:
    """Caseworkers and team leaders of the citizen's team put documents on the case (and ask
    for a new virus scan of one that could not be scanned)."""
    return is_case_team(user, citizen)


def visible_documents(user: User) -> QuerySet[Document]:
    """The case team sees the documents of their teams' citizens, a mentor those on the
    courses they may see, a manager those of a citizen opened by a justified look-up."""
    from mentor.models_documents import Document

    if not user.is_authenticated or not user.is_active:
        return Document.objects.none()
    citizens = visible_citizens(user)
    condition = Q(pk__in=[])
    if _sees_team_cases(user):
        condition |= Q(citizen__in=citizens.filter(team_id__in=user.team_ids))
    if user.has_role(Role.MENTOR):
        condition |= Q(course__in=visible_courses(user).filter(_mentor_course_filter(user)))
    if user.has_role(Role.MANAGER):
        condition |= Q(citizen__in=citizens)
    return Document.objects.filter(condition, citizen__anonymised_at__isnull=True)


def get_document_for_user(user: User, pk: int) -> Document:
    from mentor.models_documents import Document

    try:
        return visible_documents(user).select_related("citizen", "course").get(pk=pk)
    except (Document.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such document") from exc


def may_export_citizen(user: User, citizen: Citizen) -> bool:
    """A team leader of the citizen's team exports everything about the citizen (GDPR
    art. 15), for a stated reason."""
    return user.has_role(Role.TEAM_LEADER) and citizen.team_id in user.team_ids


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
