from django.test import Client

from tests.conftest import People


def test_the_interface_is_danish_by_default(client: Client, people: People) -> None:
    client.force_login(people.caseworker)
    body = client.get("/").content.decode()
    assert ">Borgere<" in body
    assert '<html lang="da">' in body


def test_a_user_can_switch_the_interface_to_english(client: Client, people: People) -> None:
    client.force_login(people.caseworker)
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    body = client.get("/").content.decode()
    assert '<html lang="en">' in body
    assert ">Citizens<" in body
    assert "Caseworker" in body
