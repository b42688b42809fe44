import io

from agreements.models import Agreement, AgreementStatus
from mentor.models import PolicyVersion
from mentor.seed import agreements as demo
from tests.agreements.conftest import make_course
from tests.conftest import People


def test_the_demo_issues_agreements_and_can_run_again(people: People,
                                                      policy: PolicyVersion) -> None:
    courses = [make_course(people) for _ in range(4)]
    demo.seed(people.municipality, 50, io.StringIO())
    first = list(Agreement.objects.order_by("id").values_list("id", "checksum"))
    demo.seed(people.municipality, 50, io.StringIO())
    assert list(Agreement.objects.order_by("id").values_list("id", "checksum")) == first
    assert Agreement.objects.filter(status=AgreementStatus.ISSUED).count() == 3
    assert not courses[2].agreements.exists()  # every third course is left for the demo
    assert courses[1].agreements.count() == 2  # one re-issued as version 2
    assert Agreement.objects.filter(accepted_on__isnull=False).exists()
