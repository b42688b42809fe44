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

from mentor.models import AccessAction, AccessLog, Citizen, Role, User

if TYPE_CHECKING:
    from visitation.models import Course, Referral

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
    pages read the policy of the citizen's municipality).

    The same answer as ``visible_citizens(user).get(pk=pk)``, cheaper: the row is read by its
    key as SQL (``_citizen_with_team``), and a citizen of the user's own teams (a caseworker's
    or team leader's every case) is decided on that row by the team rule above; for anyone
    else ``visible_citizens`` decides, in a query of its own. Compiling the permission-checked
    queryset cost more than the rest of the read (1.2 ms against 0.4 ms), on every page about
    a citizen; a test compares the two for every role."""
    if not (user.is_authenticated and user.is_active):
        raise Http404("No such citizen")
    try:
        citizen = _citizen_with_team(int(pk))
    except (ValueError, TypeError) as exc:
        raise Http404("No such citizen") from exc
    if citizen is None or citizen.anonymised_at is not None:
        raise Http404("No such citizen")
    if _sees_team_cases(user) and citizen.team_id in user.team_ids:
        return citizen
    if (user.has_role(Role.MENTOR) or user.has_role(Role.MANAGER)) and \
            visible_citizens(user).filter(pk=citizen.pk).exists():
        return citizen
    raise Http404("No such citizen")


def get_case_citizen_for_user(user: User, pk: int) -> Citizen:
    """A citizen the user may change or file referrals for: a caseworker of the citizen's team
    (404 otherwise); with team and municipality, as ``get_citizen_for_user``."""
    citizen = get_citizen_for_user(user, pk)
    if not (user.has_role(Role.CASEWORKER) and citizen.team_id in user.team_ids):
        raise Http404("No such citizen")
    return citizen


_TEAM_COLUMNS = (("municipality_id", "t_municipality_id"), ("name", "t_name"))
_MUNICIPALITY_COLUMNS = (("name", "m_name"), ("address", "m_address"), ("phone", "m_phone"),
                         ("email", "m_email"))


def _citizen_with_team(pk: int) -> Citizen | None:
    """The citizen ``pk`` (any, unchecked) with their team and its municipality, as
    ``select_related("team__municipality")`` gives them."""
    from mentor import sql
    from mentor.models import Municipality, Team

    if not -(2**63) <= pk < 2**63:
        return None
    columns = ", ".join(f'c."{field.column}"' for field in Citizen._meta.concrete_fields)
    rows = sql.raw(Citizen, (
        f'SELECT {columns}, t."id" AS "t_id", '
        + ", ".join(f't."{column}" AS "{alias}"' for column, alias in _TEAM_COLUMNS) + ", "
        + ", ".join(f'm."{column}" AS "{alias}"' for column, alias in _MUNICIPALITY_COLUMNS)
        + f' FROM {sql.table(Citizen)} c JOIN {sql.table(Team)} t ON t."id" = c."team_id"'
        f' JOIN {sql.table(Municipality)} m ON m."id" = t."municipality_id"'
        ' WHERE c."id" = %s'), [pk])
    if not rows:
        return None
    citizen = rows[0]
    extra = citizen.__dict__
    sql.attach(citizen, "team", Team, {"id": extra.pop("t_id"), **{
        column: extra.pop(alias) for column, alias in _TEAM_COLUMNS}})
    sql.attach(citizen.team, "municipality", Municipality, {
        "id": citizen.team.municipality_id,
        **{column: extra.pop(alias) for column, alias in _MUNICIPALITY_COLUMNS}})
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


def can_file_referrals(user: User) -> bool:
    return user.has_role(Role.CASEWORKER)


def can_approve_referrals(user: User) -> bool:
    return user.has_role(Role.TEAM_LEADER)


def is_administrator(user: User) -> bool:
    return user.is_superuser or user.has_role(Role.ADMINISTRATOR)


def log_access(user: User, citizen: Citizen, *, action: str, what: str,
               reason: str = "") -> None:
    AccessLog.objects.create(user=user, citizen=citizen, action=action, what=what[:200],
                             reason=reason[:300])
