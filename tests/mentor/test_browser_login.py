"""Every role logs in through the browser and lands on its own home page."""

import pytest
from playwright.sync_api import Page

from tests.conftest import People, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("username, section", [
    ("caseworker", "caseworker"), ("teamleader", "team_leader"), ("mentor", "mentor"),
    ("manager", "manager"), ("administrator", "administrator"),
])
def test_role_logs_in_and_sees_its_home_page(page: Page, people: People, username: str,
                                             section: str) -> None:
    login(page, username)
    assert page.locator(f'[data-role-home="{section}"]').is_visible()
    assert page.locator("html").get_attribute("lang") == "da"
