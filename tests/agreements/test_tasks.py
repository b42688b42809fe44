import datetime

import pytest
from pytest_django import DjangoCaptureOnCommitCallbacks

from agreements import selectors, services
from agreements.models import Agreement, AgreementStatus
from agreements.tasks import issue_agreement_for_course
from mentor.models import PolicyVersion
from mentor.services import DomainError
from tests.agreements.conftest import make_course
from tests.conftest import People
from visitation.models import Course, CoursePeriod


def change_guidance(policy: PolicyVersion, text: str) -> None:
    # As a policy service would: the cached policy in force is read anew (docs/caching.md).
    from mentor import caching

    policy.complaint_guidance = text
    policy.save(update_fields=["complaint_guidance"])
    caching.bump(caching.POLICY)


def test_the_bulk_task_is_idempotent(people: People, policy: PolicyVersion,
                                     issued: Agreement) -> None:
    change_guidance(policy, "Ny klagevejledning: klag til Ankestyrelsen inden 4 uger.")
    args = (issued.course_id, people.administrator.pk, f"policy:{policy.pk}",
            "Kommunens klagevejledning er ændret.")
    assert issue_agreement_for_course(*args) == "issued"
    assert issue_agreement_for_course(*args) == "already_done"
    versions = Agreement.objects.filter(course=issued.course).order_by("version")
    assert [(a.version, a.status) for a in versions] == [
        (1, AgreementStatus.SUPERSEDED), (2, AgreementStatus.ISSUED)]
    assert versions[1].content["complaint_guidance"].startswith("Ny klagevejledning")
    assert versions[1].reason == "Kommunens klagevejledning er ændret."


def test_the_fan_out_queues_one_task_per_course_after_commit(
        people: People, policy: PolicyVersion, issued: Agreement,
        django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks) -> None:
    change_guidance(policy, "Ny tekst")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        queued = services.agreements_bulk_issue(
            actor=people.administrator, course_ids=[issued.course_id, issued.course_id],
            key="policy:x", reason="Ny klagevejledning")
        assert Agreement.objects.filter(course=issued.course).count() == 1
    assert queued == 1 and len(callbacks) == 1
    callbacks[0]()
    assert Agreement.objects.filter(course=issued.course).count() == 2


def test_a_bulk_run_needs_a_reason(people: People, issued: Agreement) -> None:
    with pytest.raises(DomainError):
        services.agreements_bulk_issue(actor=people.administrator,
                                       course_ids=[issued.course_id], key="k", reason=" ")


def test_an_open_draft_is_refreshed_and_left_for_the_caseworker(
        people: People, policy: PolicyVersion, draft: Agreement) -> None:
    services.agreement_draft_update(actor=people.caseworker, agreement=draft,
                                    goal="Mit eget mål")
    change_guidance(policy, "Ny tekst")
    result = issue_agreement_for_course(draft.course_id, people.administrator.pk, "policy:1",
                                        "Ny klagevejledning")
    draft.refresh_from_db()
    assert result == "draft_pending" and draft.status == AgreementStatus.DRAFT
    assert draft.content["complaint_guidance"] == "Ny tekst"
    assert draft.content["goal"] == "Mit eget mål"


def test_an_incomplete_new_version_stays_a_draft(people: People) -> None:
    course = make_course(people)  # no policy: the complaint guidance is missing
    result = services.agreement_reissue(actor=people.caseworker, course=course,
                                        key="period:1", reason="")
    assert result == services.ReissueResult.INCOMPLETE
    assert course.agreements.get().status == AgreementStatus.DRAFT


def test_the_bulk_overview_counts_outdated_agreements_without_names(
        people: People, policy: PolicyVersion, issued: Agreement) -> None:
    overview = selectors.bulk_overview(people.municipality, policy.complaint_guidance)
    assert overview.outdated_course_ids == []
    overview = selectors.bulk_overview(people.municipality, "Ny tekst")
    assert overview.outdated_course_ids == [issued.course_id]
    assert overview.open_courses == 1 and overview.without_agreement == 0


def extend(course: Course) -> CoursePeriod:
    period = CoursePeriod.objects.create(
        course=course, number=2, start_date=datetime.date(2017, 9, 3),
        end_date=datetime.date(2018, 3, 3), rule_set_version=course.rule_set_version,
        created_by=course.caseworker)
    course.end_date = period.end_date
    course.save()
    return period


def test_an_extension_issues_a_new_agreement_for_the_new_period(
        people: People, issued: Agreement,
        django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks) -> None:
    extend(issued.course)
    assert selectors.course_agreements(issued.course, people.caseworker).period_not_covered
    with django_capture_on_commit_callbacks(execute=True):
        services.agreement_on_extension(actor=people.caseworker, course=issued.course)
    with django_capture_on_commit_callbacks(execute=True):
        services.agreement_on_extension(actor=people.caseworker, course=issued.course)
    current = Agreement.objects.get(course=issued.course, status=AgreementStatus.ISSUED)
    assert current.version == 2
    assert current.content["period"]["start"] == "2017-09-03"
    assert current.reason.startswith("Mentorforløbet er forlænget: periode 2")
    assert not selectors.course_agreements(issued.course,
                                           people.caseworker).period_not_covered


def test_course_extend_issues_the_agreement_for_the_new_period(
        people: People, issued: Agreement,
        django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks) -> None:
    from visitation.services.courses import course_extend

    with django_capture_on_commit_callbacks(execute=True):
        course_extend(actor=people.caseworker, course=issued.course,
                      reason="Borgeren kan fortsat ikke deltage i tilbud")
    current = Agreement.objects.get(course=issued.course, status=AgreementStatus.ISSUED)
    assert current.version == 2 and current.content["period"]["number"] == 2
    assert current.source_key == "period:2"
