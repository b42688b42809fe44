"""The dashboard's overdue lists name citizens: each named citizen shown is an access-log row;
a citizen shown without a name (a case the user may not open) is not."""

import datetime

import time_machine
from django.test import Client

from mentor.models import AccessAction, AccessLog
from tests.conftest import People
from tests.reporting.helpers import holistic

D = datetime.date


@time_machine.travel(D(2019, 11, 22))
def test_a_citizen_named_in_an_overdue_list_is_logged(client: Client, people: People) -> None:
    course = holistic(people, D(2019, 10, 1))  # contact was due 15 October
    client.force_login(people.team_leader)
    body = client.get("/reporting/?year=2019").content.decode()
    assert course.citizen.last_name in body
    row = AccessLog.objects.get(citizen=course.citizen, user=people.team_leader)
    assert row.action == AccessAction.VIEW


@time_machine.travel(D(2019, 11, 22))
def test_a_citizen_listed_without_a_name_is_not_logged(client: Client, people: People) -> None:
    holistic(people, D(2019, 10, 1))
    client.force_login(people.manager)
    client.get("/reporting/?year=2019")
    assert not AccessLog.objects.exists()
