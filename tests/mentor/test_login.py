import os
import subprocess
import sys

import pytest
from django.test import Client

from tests.conftest import People
from tests.factories import PASSWORD


def test_anonymous_visitor_is_sent_to_login(client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


@pytest.mark.parametrize("person, section", [
    ("caseworker", "caseworker"), ("team_leader", "team_leader"), ("mentor_user", "mentor"),
    ("manager", "manager"), ("administrator", "administrator"),
])
def test_each_role_sees_its_own_home_section(client: Client, people: People, person: str,
                                             section: str) -> None:
    client.force_login(getattr(people, person))
    body = client.get("/").content.decode()
    assert f'data-role-home="{section}"' in body
    others = {"caseworker", "team_leader", "mentor", "manager", "administrator"} - {section}
    assert not any(f'data-role-home="{other}"' in body for other in others)


def test_login_with_wrong_password_shows_danish_error(client: Client, people: People) -> None:
    response = client.post("/login/", {"username": "caseworker", "password": "wrong"})
    assert response.status_code == 200
    assert "korrekt brugernavn og adgangskode" in response.content.decode()


def test_login_with_right_password_goes_home(client: Client, people: People) -> None:
    response = client.post("/login/", {"username": "caseworker", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_production_settings_hash_passwords_with_argon2() -> None:
    env = {k: v for k, v in os.environ.items() if k != "TESTING"}
    out = subprocess.run(
        [sys.executable, "-c", "import django, os; "
         "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'mentor.settings'); django.setup(); "
         "from django.conf import settings; print(settings.PASSWORD_HASHERS[0])"],
        capture_output=True, text=True, env=env, check=True)
    assert out.stdout.strip() == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_caseworker_home_counts_overdue_reviews_on_own_courses(
        client: Client, people: People) -> None:
    import datetime

    import time_machine

    from tests.factories import CitizenFactory, open_course

    citizen = CitizenFactory(team=people.team, benefit="sickness_benefit")
    open_course(citizen=citizen, caseworker=people.caseworker, mentor=people.mentor,
                approver=people.team_leader, decision_date=datetime.date(2026, 1, 5))
    client.force_login(people.caseworker)
    with time_machine.travel(datetime.date(2026, 6, 1)):
        body = client.get("/").content.decode()
    assert "1 overskredet opfølgning i dine forløb" in body
