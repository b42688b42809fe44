"""The password rules (``AUTH_PASSWORD_VALIDATORS``, ``mentor/passwords.py``): each refused
with its Danish message, a good password accepted; and through the password-change page."""

from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from mentor.models import User
from mentor.passwords import danish_words
from tests.conftest import People
from tests.factories import PASSWORD

GOOD = "Cykel-Lampe-Hindbær-Tog"


def _refusals(password: str, user: User | None = None) -> str:
    with translation.override("da"):
        try:
            validate_password(password, user)
        except ValidationError as error:
            return " ".join(error.messages)
    return ""


def test_a_good_password_is_accepted(people: People) -> None:
    assert _refusals(GOOD, people.caseworker) == ""


@pytest.mark.parametrize("password, message", [
    ("Kort-ord-9!", "Den skal indeholde mindst 12 tegn"),
    ("password1234", "for almindelig"),
    ("839201746523", "udelukkende numerisk"),
    ("Sommer2026!!", "bygget på et ord, der ofte bruges i adgangskoder"),
    ("Januar-2025!!", "bygget på et ord, der ofte bruges i adgangskoder"),
    ("Aarhus123456!", "bygget på et ord, der ofte bruges i adgangskoder"),
    ("Gribskov2026!", "bygget på et ord, der ofte bruges i adgangskoder"),
    ("Kodeord-2026!", "bygget på et ord, der ofte bruges i adgangskoder"),
    ("zxcvbnm,.-asdf", "tasterne på tastaturet"),
    ("qwertyuiopå12", "lister fra datalæk"),
    ("1qaz2wsx3edc4rfv", "lister fra datalæk"),
    ("P@ssw0rd2026!", "lister fra datalæk"),
    ("abcdefghijkl9!", "en række"),
    ("aaaaaaaaaaaaaa", "gentager de samme tegn"),
])
def test_a_guessable_password_is_refused_with_its_reason(people: People, password: str,
                                                         message: str) -> None:
    assert message in _refusals(password, people.caseworker)


def test_a_password_like_the_users_name_is_refused(people: People) -> None:
    people.caseworker.first_name, people.caseworker.last_name = "Sofie", "Rasmussenholm"
    assert "minder for meget om din/dit efternavn" in _refusals("Rasmussenholm",
                                                               people.caseworker)


def test_the_current_password_is_refused_as_the_new_one(people: People) -> None:
    assert "en anden end den, du har nu" in _refusals(PASSWORD, people.caseworker)
    assert "en anden end den" not in _refusals(GOOD, people.caseworker)


def test_the_danish_list_holds_the_municipalities_and_seasons() -> None:
    words = set(danish_words())
    assert {"gribskov", "slagelse", "københavn", "koebenhavn", "sommer", "efterår"} <= words
    assert len({w for w in words if w.isascii()}) > 150


def test_the_messages_have_english(people: People) -> None:
    with translation.override("en"), pytest.raises(ValidationError) as error:
        validate_password("Sommer2026!!", people.caseworker)
    assert "commonly used in passwords" in " ".join(error.value.messages)


def test_the_password_change_page_refuses_with_the_reason(client: Client,
                                                          people: People) -> None:
    client.force_login(people.caseworker)
    response = client.post(reverse("password_change"), {
        "old_password": PASSWORD, "new_password1": "Sommer2026!!",
        "new_password2": "Sommer2026!!"})
    assert response.status_code == 200
    assert "bygget på et ord" in response.content.decode()
    people.caseworker.refresh_from_db()
    assert people.caseworker.check_password(PASSWORD)


def test_the_password_change_page_refuses_the_current_password(client: Client,
                                                               people: People) -> None:
    client.force_login(people.caseworker)
    response = client.post(reverse("password_change"), {
        "old_password": PASSWORD, "new_password1": PASSWORD, "new_password2": PASSWORD})
    assert "en anden end den, du har nu" in response.content.decode()


def test_the_password_change_page_accepts_a_good_password(client: Client,
                                                          people: People) -> None:
    client.force_login(people.caseworker)
    response = client.post(reverse("password_change"), {
        "old_password": PASSWORD, "new_password1": GOOD, "new_password2": GOOD})
    assert response.status_code == 302
    people.caseworker.refresh_from_db()
    assert people.caseworker.check_password(GOOD)
