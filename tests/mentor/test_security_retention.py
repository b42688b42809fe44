"""Retention: a nightly task anonymises the cases whose retention period has run out (years
after the last course ended, set in the policy); erasing earlier is refused with the reason."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from mentor import cpr as cpr_lib
from mentor.models import AccessAction, AccessLog, Citizen
from mentor.permissions import visible_citizens
from mentor.selectors_security import citizen_by_cpr
from mentor.services import DEFAULT_LEVELS, DomainError, policy_version_create
from mentor.services_security import citizen_erase, retention_anonymise_expired
from mentor.tasks import anonymise_expired_citizens
from tests.conftest import People
from tests.factories import CitizenFactory, fake_cpr, open_course

DECIDED = datetime.date(2015, 3, 2)
ENDED = datetime.date(2016, 6, 30)
EXPIRES = datetime.date(2021, 6, 30)  # five years (the default) after the course ended


def _at(day: datetime.date) -> Any:
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(3, 0)), tick=False)


def _ended_case(people: People, *, ended: datetime.date | None = ENDED, number: str | None = None
                ) -> Citizen:
    from reporting.models import CostLine
    from visitation.models import JournalEntry
    from visitation.services.courses import course_end

    number = number or fake_cpr()
    with _at(DECIDED):
        citizen = CitizenFactory(team=people.team, cpr=number, first_name="Gitte",
                                 last_name="Glemmesen", address="Vejen 1", phone="12345678")
        course = open_course(citizen=citizen, caseworker=people.caseworker,
                             mentor=people.mentor, approver=people.team_leader,
                             decision_date=DECIDED, in_employment_activity=True)
        JournalEntry.objects.create(course=course, author=people.mentor_user,
                                    contact_date=DECIDED, form="meeting", duration_minutes=30,
                                    note="Gitte fortalte om sin indlæggelse")
        CostLine.objects.create(course=course, provider=course.provider, kind="invoice",
                                period_start=DECIDED, period_end=DECIDED, amount=1500)
        AccessLog.objects.create(user=people.caseworker, citizen=citizen,
                                 action=AccessAction.VIEW, what="Borgerside")
    if ended is not None:
        with _at(ended):
            course_end(actor=people.caseworker, course=course, reason="goal_reached",
                       ended_on=ended)
    return Citizen.objects.get(pk=citizen.pk)


def test_task_anonymises_a_citizen_whose_retention_has_run_out(people: People) -> None:
    citizen = _ended_case(people)
    with _at(EXPIRES):
        assert anonymise_expired_citizens.delay().get() == 1
    citizen.refresh_from_db()
    assert citizen.anonymised_at is not None
    assert "Glemmesen" not in citizen.full_name and not citizen.address and not citizen.phone
    assert citizen.birth_date == datetime.date(citizen.birth_date.year, 1, 1)


def test_anonymised_citizen_cannot_be_found_by_the_old_cpr(people: People) -> None:
    number = fake_cpr()
    citizen = _ended_case(people, number=number)
    with _at(EXPIRES):
        retention_anonymise_expired(EXPIRES)
    assert citizen_by_cpr(number) is None
    citizen.refresh_from_db()
    assert citizen.cpr_hash != cpr_lib.keyed_hash(number)
    assert number not in cpr_lib.decrypt(citizen.cpr_encrypted)


def test_anonymisation_removes_names_from_history_and_journal(people: People) -> None:
    from visitation.models import JournalEntry

    citizen = _ended_case(people)
    with _at(EXPIRES):
        retention_anonymise_expired(EXPIRES)
    assert not Citizen.history.filter(id=citizen.pk, last_name="Glemmesen").exists()
    assert not Citizen.history.filter(id=citizen.pk).exclude(address="").exists()
    notes = list(JournalEntry.objects.filter(course__citizen=citizen)
                 .values_list("note", flat=True))
    history_notes = list(JournalEntry.history.filter(course__citizen=citizen)
                         .values_list("note", flat=True))
    assert notes and not any("indlæggelse" in note for note in notes + history_notes)


def test_anonymisation_keeps_the_progression_scale_but_not_its_words(people: People) -> None:
    from visitation.models import Review

    citizen = _ended_case(people)
    Review.objects.filter(course__citizen=citizen).update(
        effect="Gitte har det bedre", progression=[
            {"goal_id": 1, "goal": "Gitte møder op", "scale": 4, "text": "Hver uge"}])
    with _at(EXPIRES):
        retention_anonymise_expired(EXPIRES)
    review = Review.objects.filter(course__citizen=citizen).first()
    assert review is not None
    assert review.progression == [{"goal_id": 1, "goal": "", "scale": 4, "text": ""}]
    assert review.effect == ""


def test_anonymisation_keeps_courses_costs_and_the_access_log(people: People) -> None:
    from reporting.models import CostLine
    from visitation.models import Course

    citizen = _ended_case(people)
    with _at(EXPIRES):
        retention_anonymise_expired(EXPIRES)
    assert Course.objects.filter(citizen=citizen).count() == 1
    assert CostLine.objects.filter(course__citizen=citizen).get().amount == 1500
    assert AccessLog.objects.filter(citizen=citizen).count() == 1


def test_task_keeps_the_case_until_the_period_has_run_out(people: People) -> None:
    citizen = _ended_case(people)
    day_before = EXPIRES - datetime.timedelta(days=1)
    with _at(day_before):
        assert retention_anonymise_expired(day_before) == 0
    citizen.refresh_from_db()
    assert citizen.anonymised_at is None


def test_task_never_anonymises_a_citizen_with_an_open_course(people: People) -> None:
    citizen = _ended_case(people, ended=None)
    later = datetime.date(2030, 1, 1)
    with _at(later):
        assert retention_anonymise_expired(later) == 0
    citizen.refresh_from_db()
    assert citizen.anonymised_at is None


def test_task_uses_the_retention_years_of_the_policy(people: People) -> None:
    policy_version_create(actor=people.administrator, municipality=people.municipality,
                          name="Kort opbevaring", effective_from=datetime.date(2014, 1, 1),
                          right_and_duty_contact_days=None, review_lead_days=14,
                          complaint_guidance="Klag inden 4 uger.", levels=DEFAULT_LEVELS,
                          retention_years=2)
    citizen = _ended_case(people)
    day = datetime.date(2018, 6, 30)
    with _at(day):
        assert retention_anonymise_expired(day) == 1
    citizen.refresh_from_db()
    assert citizen.anonymised_at is not None


def test_task_can_run_twice(people: People) -> None:
    citizen = _ended_case(people)
    with _at(EXPIRES):
        assert retention_anonymise_expired(EXPIRES) == 1
        first = Citizen.objects.get(pk=citizen.pk).anonymised_at
        assert retention_anonymise_expired(EXPIRES) == 0
    assert Citizen.objects.get(pk=citizen.pk).anonymised_at == first


def test_citizen_without_a_course_is_kept_from_registration(people: People) -> None:
    with _at(DECIDED):
        citizen = CitizenFactory(team=people.team)
    with _at(datetime.date(2020, 3, 1)):
        assert retention_anonymise_expired(datetime.date(2020, 3, 1)) == 0
    with _at(datetime.date(2020, 3, 2)):
        assert retention_anonymise_expired(datetime.date(2020, 3, 2)) == 1
    citizen.refresh_from_db()
    assert citizen.anonymised_at is not None


def test_early_erasure_is_refused_with_the_reason(people: People) -> None:
    citizen = _ended_case(people)
    with _at(datetime.date(2018, 1, 10)), pytest.raises(DomainError) as refused:
        citizen_erase(actor=people.administrator, citizen=citizen,
                      reason="Borgeren har bedt om sletning")
    assert "skal opbevares til 30.06.2021" in str(refused.value)
    assert "5 år" in str(refused.value) and "30.06.2016" in str(refused.value)
    citizen.refresh_from_db()
    assert citizen.anonymised_at is None


def test_erasure_is_refused_while_a_course_is_open(people: People) -> None:
    citizen = _ended_case(people, ended=None)
    with pytest.raises(DomainError, match="igangværende mentorforløb"):
        citizen_erase(actor=people.administrator, citizen=citizen,
                      reason="Borgeren har bedt om sletning")


def test_only_an_administrator_may_erase(people: People) -> None:
    citizen = _ended_case(people)
    with _at(EXPIRES), pytest.raises(DomainError, match="Kun administratorer"):
        citizen_erase(actor=people.caseworker, citizen=citizen, reason="Sletning efter ønske")


def test_administrator_erases_an_expired_case_from_the_access_log_page(client: Client,
                                                                        people: People) -> None:
    citizen = _ended_case(people)
    client.force_login(people.administrator)
    with _at(EXPIRES):
        response = client.post(reverse("citizen_erase", args=[citizen.pk]),
                               {"reason": "Anmodning om sletning"}, follow=True)
    assert "anonymiseret" in response.content.decode()
    citizen.refresh_from_db()
    assert citizen.anonymised_at is not None


def test_early_erasure_on_the_page_shows_the_reason_and_changes_nothing(client: Client,
                                                                         people: People) -> None:
    citizen = _ended_case(people)
    client.force_login(people.administrator)
    with _at(datetime.date(2019, 5, 1)):
        page = client.get(reverse("access_log_citizen", args=[citizen.pk])).content.decode()
        response = client.post(reverse("citizen_erase", args=[citizen.pk]),
                               {"reason": "Anmodning om sletning"}, follow=True)
    assert "skal opbevares til 30.06.2021" in page
    assert "skal opbevares til 30.06.2021" in response.content.decode()
    citizen.refresh_from_db()
    assert citizen.anonymised_at is None


def test_anonymised_citizen_is_gone_from_case_work(people: People) -> None:
    citizen = _ended_case(people)
    with _at(EXPIRES):
        retention_anonymise_expired(EXPIRES)
    assert not visible_citizens(people.caseworker).filter(pk=citizen.pk).exists()


def test_the_daily_sweep_is_registered_with_beat(db: None) -> None:
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(task="mentor.tasks.anonymise_expired_citizens")
    assert task.enabled and task.crontab is not None
