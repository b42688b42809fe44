"""Reads for agreements. Query shape is decided here; permission through mentor.permissions."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Max, QuerySet
from django.http import Http404

from agreements.models import Agreement, AgreementStatus
from mentor.models import Municipality, User
from mentor.permissions import may_manage_agreements, visible_courses
from visitation.models import Course, CourseStatus


def agreement_for_user(user: User, pk: int) -> Agreement:
    """An agreement of a course the user may see; 404 otherwise."""
    try:
        return (Agreement.objects.filter(course__in=visible_courses(user))
                .select_related("course__citizen", "course__team", "created_by", "issued_by",
                                "acceptance_recorded_by")
                .defer("pdf").get(pk=pk))
    except (Agreement.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such agreement") from exc


def agreement_pdf_bytes(agreement: Agreement) -> bytes:
    data = Agreement.objects.values_list("pdf", flat=True).get(pk=agreement.pk)
    return bytes(data) if data is not None else b""


@dataclass
class CourseAgreements:
    versions: list[Agreement]
    current: Agreement | None
    draft: Agreement | None
    latest_period: int
    can_manage: bool
    course_open: bool
    course_mentor: str

    @property
    def period_not_covered(self) -> bool:
        """The course has a newer period (an extension) than the current version covers."""
        if self.current is None:
            return False
        covered = int((self.current.content.get("period") or {}).get("number") or 1)
        return self.latest_period > covered

    @property
    def mentor_changed(self) -> bool:
        """The course has another mentor than the one the current version names."""
        if self.current is None or not self.course_mentor:
            return False
        return (self.current.content.get("mentor") or {}).get("name") != self.course_mentor


def course_agreements(course: Course, user: User) -> CourseAgreements:
    """Every version of the course's agreement (newest first), without the PDF bytes."""
    versions = list(Agreement.objects.filter(course=course)
                    .select_related("issued_by", "acceptance_recorded_by", "created_by")
                    .defer("pdf").order_by("-version", "-id"))
    # Drafts have no version number; show the draft first.
    versions.sort(key=lambda a: (a.version is not None, -(a.version or 0)))
    latest = course.periods.aggregate(n=Max("number"))["n"] or 1
    return CourseAgreements(
        versions=versions,
        current=next((a for a in versions if a.status == AgreementStatus.ISSUED), None),
        draft=next((a for a in versions if a.status == AgreementStatus.DRAFT), None),
        latest_period=latest,
        can_manage=may_manage_agreements(user, course),
        course_open=course.status != CourseStatus.ENDED,
        course_mentor=course.mentor.name if course.mentor_id and course.mentor else "",
    )


def open_courses(municipality: Municipality) -> QuerySet[Course]:
    return Course.objects.filter(team__municipality=municipality).exclude(
        status=CourseStatus.ENDED)


@dataclass(frozen=True)
class BulkOverview:
    open_courses: int
    without_agreement: int
    outdated_course_ids: list[int]


def bulk_overview(municipality: Municipality, complaint_guidance: str) -> BulkOverview:
    """For the bulk page: open courses whose current version has another complaint guidance
    than the policy's. Numbers only: administrators see no names."""
    courses = open_courses(municipality)
    current = Agreement.objects.filter(course__in=courses, status=AgreementStatus.ISSUED)
    outdated = list(current.exclude(content__complaint_guidance=complaint_guidance)
                    .order_by("course_id").values_list("course_id", flat=True))
    total = courses.count()
    return BulkOverview(open_courses=total, without_agreement=total - current.count(),
                        outdated_course_ids=outdated)
