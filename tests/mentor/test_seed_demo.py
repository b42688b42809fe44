from io import StringIO

from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from mentor.models import Citizen, Mentor, PolicyVersion, User
from mentor.seed import deadlines, history
from reporting.models import CostLine
from visitation.models import ContactInterval, Course, CoursePeriod, JournalEntry, Referral, Review


def test_seed_demo_creates_a_login_for_every_role_and_is_idempotent(reference_data: None) -> None:
    call_command("seed_demo", "--citizens", "12", stdout=StringIO())
    counts = (User.objects.count(), Citizen.objects.count(), Mentor.objects.count(),
              PolicyVersion.objects.count())
    call_command("seed_demo", "--citizens", "12", stdout=StringIO())
    assert (User.objects.count(), Citizen.objects.count(), Mentor.objects.count(),
            PolicyVersion.objects.count()) == counts
    # The deadline demo has its own citizens, and the history its own.
    assert counts[1] == 12 + len(deadlines.DEADLINES) + history.CITIZENS
    roles = set(User.objects.values_list("groups__name", flat=True))
    assert {"caseworker", "team_leader", "mentor", "manager", "administrator"} <= roles


def test_demo_cpr_numbers_are_valid_format_and_fail_modulus_11(reference_data: None) -> None:
    from mentor import cpr

    call_command("seed_demo", "--citizens", "5", "--no-history", stdout=StringIO())
    for citizen in Citizen.objects.all():
        number = cpr.decrypt(citizen.cpr_encrypted)
        assert cpr.birth_date(number) == citizen.birth_date
        weights = (4, 3, 2, 7, 6, 5, 4, 3, 2, 1)
        assert sum(int(d) * w for d, w in zip(number, weights, strict=True)) % 11 != 0


def test_seed_demo_bulk_tops_up_to_the_requested_size_and_is_idempotent(
        reference_data: None) -> None:
    def counts() -> tuple[int, ...]:
        return tuple(model.objects.count() for model in (
            User, Citizen, Referral, Course, CoursePeriod, Review, JournalEntry, CostLine,
            ContactInterval))

    call_command("seed_demo", "--citizens", "300", "--bulk", stdout=StringIO())
    before = counts()
    assert before[3] > 0
    call_command("seed_demo", "--citizens", "300", "--bulk", stdout=StringIO())
    assert counts() == before
    assert Citizen.objects.count() == 300


def test_the_demo_shows_every_kind_of_deadline_to_every_role(reference_data: None,
                                                             client: Client) -> None:
    from django.utils import timezone

    from mentor.models import DecisionKind
    from visitation.models import ReviewStatus

    call_command("seed_demo", "--citizens", "12", "--no-history", stdout=StringIO())
    today = timezone.localdate()
    overdue_contact = Course.objects.get(citizen__last_name="Fristrup")
    assert overdue_contact.kind == DecisionKind.RIGHT_AND_DUTY
    assert overdue_contact.min_contact_days == 7  # the policy's contact rule
    assert overdue_contact.next_contact_due is not None
    assert overdue_contact.next_contact_due < today
    for username in ("mentor", "mentor2"):
        assert Review.objects.filter(course__mentor__user__username=username,
                                     status=ReviewStatus.DUE, due_date__lt=today).exists()
    for username in ("sagsbehandler", "teamleder", "mentor"):
        client.force_login(User.objects.get(username=username))
        home = client.get("/").content.decode()
        assert "overskredet" in home, username


def test_the_demo_has_a_history_of_several_years_with_costs_and_outcomes(
        reference_data: None) -> None:
    from django.db.models.functions import ExtractYear
    from django.utils import timezone

    call_command("seed_demo", "--citizens", "5", stdout=StringIO())
    this_year = timezone.localdate().year
    years = set(range(this_year - history.YEARS_BACK, this_year + 1))
    started = set(Course.objects.annotate(y=ExtractYear("start_date"))
                  .values_list("y", flat=True))
    billed = set(CostLine.objects.annotate(y=ExtractYear("period_start"))
                 .values_list("y", flat=True))
    assert years <= started
    assert years - {this_year} <= billed
    assert Course.objects.exclude(outcome="").count() > 50
    # The demo's own mentors keep their small caseloads.
    assert Course.objects.filter(mentor__user__username__in=["mentor", "mentor2"]).count() < 40


def test_the_demo_has_a_complaint_to_reassess_and_one_at_ankestyrelsen(
        reference_data: None, client: Client) -> None:
    from django.utils import timezone

    from visitation.models_complaints import Complaint, ComplaintStatus

    call_command("seed_demo", "--citizens", "12", "--no-history", stdout=StringIO())
    call_command("seed_demo", "--citizens", "12", "--no-history", stdout=StringIO())
    complaints = list(Complaint.objects.order_by("received_on"))
    assert [c.status for c in complaints] == [ComplaintStatus.FORWARDED,
                                              ComplaintStatus.RECEIVED]
    waiting = complaints[1]
    assert timezone.localdate() < waiting.forward_deadline
    assert complaints[0].bundle  # the case files went with it
    client.force_login(User.objects.get(username="teamleder"))
    followup = client.get(reverse("followup_overview")).content.decode()
    assert f"/complaints/{waiting.pk}/" in followup
