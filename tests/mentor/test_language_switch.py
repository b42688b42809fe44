"""The language changes only on an explicit action: one submit button per language, each
named in its own language, never a list that submits when moved through."""

from django.test import Client
from django.urls import reverse

from tests.conftest import People


def test_each_language_is_a_button_named_in_its_own_language(client: Client, people: People) -> None:
    client.force_login(people.caseworker)
    page = client.get(reverse("citizen_list")).content.decode()
    assert "<select" not in page.split('action="/i18n/setlang/"')[1].split("</form>")[0]
    assert ('<button type="submit" name="language" value="da" lang="da"' in page
            and ">Dansk</button>" in page)
    assert ('<button type="submit" name="language" value="en" lang="en"' in page
            and ">English</button>" in page)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = client.get(reverse("citizen_list")).content.decode()
    # Still named in their own languages, and the current one is marked as chosen.
    assert ">Dansk</button>" in english and ">English</button>" in english
    assert 'value="en" lang="en" class="btn btn-outline-light active" aria-pressed="true"' in english
