"""Course pages: the list, the course page with its history, and the life-cycle actions
(extend with a new period and decision, end for a lawful reason, reassign the mentor)."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from mentor.http import AuthenticatedHttpRequest
from mentor.listing import list_context, paginate
from mentor.models import AccessAction, DecisionKind, User
from mentor.permissions import (
    get_course_for_user,
    log_access,
    may_lead_team,
    may_manage_course,
    may_read_team_note,
    may_write_team_note,
    visible_documents,
)
from mentor.services import DomainError
from visitation import selectors_courses as selectors
from visitation import selectors_referrals, selectors_replay
from visitation.decisions import policy_for
from visitation.filters import CourseFilter
from visitation.forms import CourseEndForm, CourseExtendForm, CourseLevelForm, CourseReassignForm
from visitation.models import Course, CourseStatus, EndReason
from visitation.services import courses as services

COURSE_COLUMNS = {"id": _lazy("Forløb"), "citizen": _lazy("Borger"), "kind": _lazy("Afgørelse"),
                  "mentor": _lazy("Mentor"), "end": _lazy("Periode"), "status": _lazy("Status")}


def _managed_course(user: User, pk: int) -> Course:
    """A course the user may change: 404 if they may not see it, 403 if they only may see it."""
    course = get_course_for_user(user, pk)
    if not may_manage_course(user, course):
        raise PermissionDenied
    return course


def _log(user: User, course: Course, what: str) -> None:
    log_access(user, course.citizen, action=AccessAction.VIEW,
               what=f"Mentorforløb #{course.pk}: {what}")


@login_required
def course_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    today = timezone.localdate()
    filterset = CourseFilter(request.GET, queryset=selectors.courses_for_list(request.user),
                             request=request, today=today)
    page = selectors.course_rows(paginate(filterset.qs, request.GET.get("page")), today=today)
    return render(request, "visitation/course_list.html", list_context(
        request, list_name="courses", filterset=filterset, page=page, labels=COURSE_COLUMNS))


@login_required
def course_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    course = get_course_for_user(request.user, pk)
    log_access(request.user, course.citizen, action=AccessAction.VIEW,
               what=f"Mentorforløb #{course.pk}")
    today = timezone.localdate()
    note, earlier_notes = (selectors.team_note(course) if may_read_team_note(request.user, course)
                           else (None, []))
    return render(request, "visitation/course_detail.html", {
        "course": course, "citizen": course.citizen, "today": today,
        "can_manage": may_manage_course(request.user, course)
        and course.status != CourseStatus.ENDED,
        "can_read_note": may_read_team_note(request.user, course),
        "can_write_note": may_write_team_note(request.user, course),
        "can_hand_over": may_lead_team(request.user, course.team_id)
        and course.status != CourseStatus.ENDED,
        "team_note": note, "earlier_notes": earlier_notes,
        "documents": list(visible_documents(request.user).filter(course=course)
                          .select_related("uploaded_by").order_by("-uploaded_at", "-id")),
        **selectors.course_detail(course, today=today)})


@login_required
def course_replay(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The course's decision as it was made beside what today's law and policy decide."""
    course = get_course_for_user(request.user, pk)
    _log(request.user, course, "afgørelsen genafspillet")
    replay = selectors_replay.course_replay(course, today=timezone.localdate(),
                                            lang=get_language() or "da")
    return render(request, "visitation/decision_replay.html", {
        "replay": replay, "citizen": course.citizen, "course": course,
        "back_url": reverse("course_detail", args=[course.pk])})


def _extension_preview(course: Course, form: CourseExtendForm) -> dict[str, Any]:
    today = timezone.localdate()
    level = (form.cleaned_data.get("service_level") if form.is_bound and form.is_valid()
             else None) or course.service_level
    _facts, stored = selectors_referrals.decision_for(
        course.citizen, facts=None, service_level=level,
        start_date=course.end_date + datetime.timedelta(days=1), on=today,
        policy=policy_for(course.team.municipality, today))
    lang = get_language() or "da"
    return {"decision": selectors_referrals.decision_display(
        stored, selectors_referrals.load_labels(lang), lang), "decision_date": today}


@login_required
def course_extend(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    course = _managed_course(request.user, pk)
    policy = policy_for(course.team.municipality, timezone.localdate())
    form = CourseExtendForm(request.POST or None, policy=policy, initial={
        "service_level": course.service_level, "hours_per_week": course.hours_per_week})
    if request.method == "POST" and form.is_valid():
        try:
            period = services.course_extend(
                actor=request.user, course=course, reason=form.cleaned_data["reason"],
                service_level=form.cleaned_data["service_level"],
                hours_per_week=form.cleaned_data["hours_per_week"])
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Mentorforløbet er forlænget til %(end)s.")
                             % {"end": period.end_date.strftime("%d.%m.%Y")})
            return redirect("course_detail", pk=course.pk)
    _log(request.user, course, "forlæng")
    return render(request, "visitation/course_extend.html", {
        "course": course, "form": form,
        "renewal": selectors.right_and_duty_renewal(course, today=timezone.localdate()),
        **_extension_preview(course, form)})


@login_required
def course_change_level(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    course = _managed_course(request.user, pk)
    policy = policy_for(course.team.municipality, timezone.localdate())
    form = CourseLevelForm(request.POST or None, policy=policy, initial={
        "service_level": course.service_level, "hours_per_week": course.hours_per_week})
    if request.method == "POST" and form.is_valid():
        try:
            services.course_change_level(
                actor=request.user, course=course, reason=form.cleaned_data["reason"],
                service_level=form.cleaned_data["service_level"],
                hours_per_week=form.cleaned_data["hours_per_week"])
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Serviceniveauet er ændret. Borgeren får et brev om "
                                        "afgørelsen."))
            return redirect("course_detail", pk=course.pk)
    _log(request.user, course, "skift serviceniveau")
    return render(request, "visitation/course_level.html", {"course": course, "form": form},
                  status=400 if form.errors else 200)


@login_required
def course_end(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    course = _managed_course(request.user, pk)
    right_and_duty = course.kind == DecisionKind.RIGHT_AND_DUTY
    initial = {"ended_on": timezone.localdate(),
               "reason": EndReason.READY_FOR_OFFER if right_and_duty else EndReason.GOAL_REACHED}
    form = CourseEndForm(request.POST or None, right_and_duty=right_and_duty, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.course_end(actor=request.user, course=course, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Mentorforløbet er afsluttet."))
            return redirect("course_detail", pk=course.pk)
    _log(request.user, course, "afslut")
    return render(request, "visitation/course_end.html", {
        "course": course, "form": form, "right_and_duty": right_and_duty})


@login_required
def course_reassign(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    course = _managed_course(request.user, pk)
    mentors = selectors_referrals.mentors_for(
        municipality=course.team.municipality, mentor_type=course.mentor_type,
        hours=course.hours_per_week, exclude=course.mentor)
    form = CourseReassignForm(request.POST or None, mentors=mentors, picker_filters={
        "mentor_type": course.mentor_type_id, "min_hours": course.hours_per_week,
        "exclude": course.mentor_id})
    if request.method == "POST" and form.is_valid():
        try:
            services.course_reassign_mentor(actor=request.user, course=course,
                                            mentor=form.cleaned_data["mentor"],
                                            reason=form.cleaned_data["reason"])
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Mentorforløbet har fået ny mentor."))
            return redirect("course_detail", pk=course.pk)
    _log(request.user, course, "skift mentor")
    return render(request, "visitation/course_reassign.html", {"course": course, "form": form})
