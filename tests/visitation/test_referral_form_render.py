"""The referral form's cheap rendering: the same markup as crispy-forms, the provider and
mentor choices read with plain queries (and only when the form is shown), the same
server-side validation of the chosen values."""

from __future__ import annotations

import datetime
import re
from html.parser import HTMLParser
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from crispy_forms.utils import render_crispy_form
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mentor.forms import CitizenFactsForm
from mentor.models import ProviderKind
from tests.factories import CitizenFactory, MentorFactory, MunicipalityFactory, ProviderFactory
from visitation.decisions import policy_for
from visitation.forms import GoalFormSet, ReferralForm
from visitation.forms_render import render_field, render_form
from visitation.models import Referral

NOW = datetime.datetime(2026, 11, 22, 10, 0, tzinfo=ZoneInfo("Europe/Copenhagen"))


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def citizen(people):
    return CitizenFactory(team=people.team, benefit="cash_benefit", in_employment_activity=True)


@pytest.fixture
def caseworker(client, people):
    client.force_login(people.caseworker)
    return client


class _Tokens(HTMLParser):
    """Tags with their attributes in order, and text with whitespace collapsed: the DOM a
    browser builds, whatever the whitespace between tags."""

    def __init__(self) -> None:
        super().__init__()
        self.tokens: list[Any] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tokens.append((tag, tuple(attrs)))

    def handle_endtag(self, tag: str) -> None:
        self.tokens.append(("/" + tag,))

    def handle_data(self, data: str) -> None:
        text = " ".join(data.split())
        if text:
            self.tokens.append(text)


def tokens(html: str) -> list[Any]:
    parser = _Tokens()
    parser.feed(str(html))
    return parser.tokens


def forms_for(people: Any, citizen: Any, data: dict[str, Any] | None = None) -> Any:
    policy = policy_for(people.municipality, NOW.date())
    return (ReferralForm(data, municipality=people.municipality, policy=policy, submitting=True,
                         initial={"proposed_start": NOW.date()}),
            CitizenFactsForm(data, instance=citizen, prefix="facts"))


BAD = {"facts-benefit": "nonsense", "visitation_grounds": ["nonsense"], "grounds_text": "<b>",
       "service_level": "", "hours_per_week": "x", "proposed_start": "2020-01-01",
       "preferred_provider": "999999", "preferred_mentor": "999999", "tasks": ["999999"],
       "mentor_type": "999999"}


@pytest.mark.parametrize("data", [None, BAD], ids=["unbound", "with errors"])
def test_the_markup_is_crispy_forms_own(people, citizen, data) -> None:
    company = ProviderFactory(municipality=people.municipality, kind=ProviderKind.COMPANY,
                              name="Firma & Co")
    MentorFactory(provider=company, name="Bo <Mentor>")
    crispy_form, crispy_facts = forms_for(people, citizen, data)
    fast_form, fast_facts = forms_for(people, citizen, data)
    if data:
        assert not crispy_form.is_valid() and not fast_form.is_valid()
        crispy_form.add_error(None, "Noget gik galt.")
        fast_form.add_error(None, "Noget gik galt.")
    for crispy, fast in ((crispy_form, fast_form), (crispy_facts, fast_facts)):
        assert tokens(render_form(fast)) == tokens(render_crispy_form(crispy))
    html = str(render_form(fast_form))
    assert "Firma &amp; Co" in html and "Bo &lt;Mentor&gt;" in html
    if data:
        assert 'class="select form-select is-invalid"' in html and "Noget gik galt." in html


def test_a_goal_field_is_rendered_as_as_crispy_field_renders_it(people) -> None:
    data = {"goals-TOTAL_FORMS": "1", "goals-INITIAL_FORMS": "0",
            "goals-0-description": "Møde stabilt", "goals-0-measure": ""}
    crispy_goals, fast_goals = GoalFormSet(data, prefix="goals"), GoalFormSet(data, prefix="goals")
    assert not crispy_goals.is_valid() and not fast_goals.is_valid()
    for name in ("description", "measure"):
        assert tokens(render_field(fast_goals.forms[0][name], inline_errors=False)) == \
            tokens(as_crispy_field(crispy_goals.forms[0][name]))
        assert tokens(render_field(fast_goals.empty_form[name], inline_errors=False)) == \
            tokens(as_crispy_field(crispy_goals.empty_form[name]))


def _select(page: str, name: str) -> str:
    match = re.search(rf'<select name="{name}".*?</select>', page, re.S)
    assert match, name
    return match.group(0)


def test_the_mentors_are_the_municipalitys_active_ones_grouped_by_provider(
        caseworker, people, citizen) -> None:
    alpha = ProviderFactory(municipality=people.municipality, name="Alfa Mentor ApS")
    MentorFactory(provider=alpha, name="Zenia Holm")
    MentorFactory(provider=alpha, name="Anna Berg")
    MentorFactory(provider=alpha, name="Inaktiv Mentor", active=False)
    elsewhere = ProviderFactory(municipality=MunicipalityFactory(name="Andenkommune"))
    MentorFactory(provider=elsewhere, name="Anden Kommunes Mentor")
    select = _select(caseworker.get(f"/citizens/{citizen.pk}/referrals/new/").content.decode(),
                     "preferred_mentor")
    groups = re.findall(r'<optgroup label="([^"]*)">(.*?)</optgroup>', select, re.S)
    names = {label: re.findall(r">([^<]+)</option>", options) for label, options in groups}
    assert names == {"Alfa Mentor ApS": ["Anna Berg", "Zenia Holm"],
                     people.mentor.provider.name: ["Maja Mentor"]}
    assert [label for label, _options in groups] == sorted(names)
    assert select.count("<option") == 4  # the empty choice and three mentors


def test_the_provider_select_marks_the_section_31d_providers(caseworker, people, citizen) -> None:
    company = ProviderFactory(municipality=people.municipality, kind=ProviderKind.COMPANY)
    school = ProviderFactory(municipality=people.municipality, kind=ProviderKind.EDUCATION)
    ProviderFactory(municipality=people.municipality, kind=ProviderKind.COMPANY, active=False)
    select = _select(caseworker.get(f"/citizens/{citizen.pk}/referrals/new/").content.decode(),
                     "preferred_provider")
    marked = re.search(r'data-section-31d="([^"]*)"', select)
    assert marked and sorted(marked.group(1).split(",")) == sorted(
        [str(company.pk), str(school.pk)])


@pytest.mark.parametrize("who", ["inactive", "other municipality"])
def test_a_mentor_not_on_offer_is_refused(caseworker, people, citizen, who) -> None:
    from tests.visitation.test_referral_form import form_data

    if who == "inactive":
        mentor = MentorFactory(provider=people.mentor.provider, active=False)
    else:
        mentor = MentorFactory(provider=ProviderFactory(
            municipality=MunicipalityFactory(name="Andenkommune")))
    response = caseworker.post(f"/citizens/{citizen.pk}/referrals/new/",
                               form_data("submit", preferred_mentor=mentor.pk))
    assert response.status_code == 200 and not Referral.objects.exists()
    assert "Det valg, du har foretaget, er ikke blandt de tilgængelige valgmuligheder" in \
        response.content.decode()


def test_the_chosen_mentor_is_kept_and_shown_selected(caseworker, people, citizen) -> None:
    from tests.visitation.test_referral_form import form_data

    response = caseworker.post(f"/citizens/{citizen.pk}/referrals/new/",
                               form_data(preferred_mentor=people.mentor.pk))
    referral = Referral.objects.get()
    assert referral.preferred_mentor == people.mentor
    select = _select(caseworker.get(response.url).content.decode(), "preferred_mentor")
    assert f'<option value="{people.mentor.pk}" selected>Maja Mentor</option>' in select


def test_a_saved_submission_reads_no_choice_lists(caseworker, people, citizen) -> None:
    from tests.visitation.test_referral_form import form_data

    with CaptureQueriesContext(connection) as queries:
        response = caseworker.post(f"/citizens/{citizen.pk}/referrals/new/",
                                   form_data("submit"))
    assert response.status_code == 302
    read = [q["sql"] for q in queries if q["sql"].startswith("SELECT")]
    for table in ("mentor_mentor", "mentor_provider", "mentor_mentortype", "mentor_mentortask"):
        assert not any(f'FROM "{table}"' in sql for sql in read), table


# --- The kept choice lists -----------------------------------------------------------------------
def _options(client: Any, citizen: Any) -> dict[str, Any]:
    """The form's mentor groups, providers, mentor types and tasks, as shown."""
    page = client.get(f"/citizens/{citizen.pk}/referrals/new/").content.decode()
    mentors = re.findall(r'<optgroup label="([^"]*)">(.*?)</optgroup>',
                         _select(page, "preferred_mentor"), re.S)
    return {"mentors": {label: re.findall(r">([^<]+)</option>", options)
                        for label, options in mentors},
            "providers": re.findall(r'<option value="\d+">([^<]+)</option>',
                                    _select(page, "preferred_provider")),
            "types": re.findall(r'<option value="\d+">([^<]+)</option>',
                                _select(page, "mentor_type")),
            "tasks": re.findall(r'name="tasks" value="\d+"[^>]*><label[^>]*>([^<]+)</label>',
                                page)}


def _change(kind: str, people: Any) -> Any:
    """One change as the admin or a loader makes it (``save()`` / ``delete()``), and what
    the next form must show."""
    from mentor.models import Mentor, MentorTask, MentorType, Provider

    provider = people.mentor.provider
    if kind == "mentor added":
        MentorFactory(provider=provider, name="Ny Mentor")
        return lambda o: "Ny Mentor" in o["mentors"][provider.name]
    if kind == "mentor deactivated":
        mentor = Mentor.objects.get(pk=people.mentor.pk)
        mentor.active = False
        mentor.save()
        return lambda o: provider.name not in o["mentors"]
    if kind == "mentor deleted":
        Mentor.objects.get(name="Kortvarig Mentor").delete()
        return lambda o: o["mentors"] == {provider.name: ["Maja Mentor"]}
    if kind == "mentor moved":
        other: Provider = ProviderFactory.create(municipality=people.municipality,
                                                 name="Anden Leverandør")
        mentor = Mentor.objects.get(pk=people.mentor.pk)
        mentor.provider = other
        mentor.save()
        return lambda o: o["mentors"] == {"Anden Leverandør": ["Maja Mentor"]}
    if kind == "provider renamed":
        renamed = Provider.objects.get(pk=provider.pk)
        renamed.name = "Omdøbt Leverandør"
        renamed.save()
        return lambda o: "Omdøbt Leverandør" in o["mentors"] and \
            "Omdøbt Leverandør" in o["providers"]
    if kind == "provider deactivated":
        closed = Provider.objects.get(pk=provider.pk)
        closed.active = False
        closed.save()
        return lambda o: provider.name not in o["providers"]
    if kind == "mentor type renamed":
        mentor_type = MentorType.objects.order_by("pk").first()
        assert mentor_type is not None
        mentor_type.name = "Omdøbt mentortype"
        mentor_type.save()
        return lambda o: "Omdøbt mentortype" in o["types"]
    assert kind == "task added"
    MentorTask.objects.create(code="ny_opgave", name="Ny opgave", name_en="New task")
    return lambda o: "Ny opgave" in o["tasks"]


KINDS = ["mentor added", "mentor deactivated", "mentor deleted", "mentor moved",
         "provider renamed", "provider deactivated", "mentor type renamed", "task added"]


@pytest.mark.parametrize("kind", KINDS)
def test_a_change_shows_on_the_next_form(caseworker, people, citizen, kind) -> None:
    if kind == "mentor deleted":
        MentorFactory(provider=people.mentor.provider, name="Kortvarig Mentor")
    before = _options(caseworker, citizen)  # read and kept
    assert ("Kortvarig Mentor" in before["mentors"][people.mentor.provider.name]) == (
        kind == "mentor deleted")
    shows = _change(kind, people)
    after = _options(caseworker, citizen)
    assert after != before and shows(after), after


def test_a_change_through_the_admin_shows_on_the_next_form(client, people, citizen) -> None:
    from benchmarks.load import find_form
    from tests.visitation.test_referral_form import form_data

    client.force_login(people.caseworker)
    assert _options(client, citizen)["mentors"] == {people.mentor.provider.name: ["Maja Mentor"]}
    client.force_login(people.administrator)
    people.administrator.is_superuser = True
    people.administrator.save()
    url = f"/admin/mentor/mentor/{people.mentor.pk}/change/"
    form = find_form(client.get(url).content.decode(), "name")
    form.set("name", "Maja Omdøbt")
    fields: dict[str, list[str]] = {}
    for name, value in form.fields():
        fields.setdefault(name, []).append(value)
    assert client.post(url, fields).status_code == 302
    client.force_login(people.caseworker)
    assert _options(client, citizen)["mentors"] == {people.mentor.provider.name: ["Maja Omdøbt"]}
    response = client.post(f"/citizens/{citizen.pk}/referrals/new/",
                           form_data(preferred_mentor=people.mentor.pk))
    assert response.status_code == 302


def test_a_change_rolled_back_is_not_shown(caseworker, people, citizen) -> None:
    from django.db import transaction

    from mentor.models import Mentor

    before = _options(caseworker, citizen)
    with transaction.atomic():
        mentor = Mentor.objects.get(pk=people.mentor.pk)
        mentor.name = "Aldrig Gemt"
        mentor.save()
        assert _options(caseworker, citizen)["mentors"] == {
            people.mentor.provider.name: ["Aldrig Gemt"]}
        transaction.set_rollback(True)
    assert _options(caseworker, citizen) == before


def test_unchanged_options_are_read_once(caseworker, people, citizen) -> None:
    _options(caseworker, citizen)
    with CaptureQueriesContext(connection) as queries:
        _options(caseworker, citizen)
    read = [q["sql"] for q in queries]
    for table in ("mentor_mentor", "mentor_provider", "mentor_mentortype", "mentor_mentortask"):
        assert not any(f'FROM "{table}"' in sql for sql in read), table
    assert sum("history_id" in sql for sql in read) == 1
