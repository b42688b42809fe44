"""Every endpoint against every kind of caller: the provider, another provider's course, the
case system, another municipality's case system, a revoked client, an expired token."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from time_machine import TimeMachineFixture

from mentor.api.clients import api_client_revoke
from tests.mentor.api.conftest import ApiWorld, bearer, token
from visitation.models import Course

# (method, path template, body); {course}/{review}/{referral} filled from the world.
PROVIDER_ENDPOINTS: list[tuple[str, str, Any]] = [
    ("get", "/api/v1/provider/courses/{course}/", None),
    ("post", "/api/v1/provider/courses/{course}/journal/", {}),
    ("get", "/api/v1/provider/courses/{course}/cost-lines/", None),
    ("post", "/api/v1/provider/courses/{course}/cost-lines/", {}),
    ("get", "/api/v1/provider/courses/{course}/reviews/", None),
    ("post", "/api/v1/provider/reviews/{review}/complete/", {}),
]
CASE_ENDPOINTS: list[tuple[str, str, Any]] = [
    ("get", "/api/v1/case/courses/{course}/", None),
    ("get", "/api/v1/case/courses/{course}/events/", None),
    ("get", "/api/v1/case/decisions/{referral}/", None),
]
LISTS = [
    ("get", "/api/v1/provider/courses/", None, "provider"),
    ("get", "/api/v1/case/courses/", None, "case"),
    ("get", "/api/v1/case/decisions/", None, "case"),
    ("get", "/api/v1/case/events/", None, "case"),
    ("get", "/api/v1/case/webhooks/", None, "case"),
    ("post", "/api/v1/case/citizens/lookup/", {"cpr": "0101901234"}, "case"),
]


def _call(client: Client, method: str, path: str, body: Any, headers: dict[str, str]) -> Any:
    if body is None:
        return getattr(client, method)(path, headers=headers)
    return getattr(client, method)(path, body, content_type="application/json", headers=headers)


def _path(template: str, course: Course) -> str:
    review = course.reviews.order_by("due_date").first()
    assert review is not None
    return template.format(course=course.pk, review=review.pk, referral=course.referral_id)


@pytest.mark.parametrize(("method", "template", "body"), PROVIDER_ENDPOINTS)
def test_provider_endpoints(client: Client, world: ApiWorld, method: str, template: str,
                            body: dict[str, str] | None) -> None:
    provider = bearer(token(client, world.provider))
    own = _call(client, method, _path(template, world.course), body, provider)
    assert own.status_code in (200, 400), own.content  # 400: the empty body, past the checks
    other = _call(client, method, _path(template, world.other_course), body, provider)
    assert other.status_code == 404
    foreign = _call(client, method, _path(template, world.foreign_course), body, provider)
    assert foreign.status_code == 404
    case = _call(client, method, _path(template, world.course), body,
                 bearer(token(client, world.case)))
    assert case.status_code == 403


@pytest.mark.parametrize(("method", "template", "body"), CASE_ENDPOINTS)
def test_case_endpoints(client: Client, world: ApiWorld, method: str, template: str,
                        body: dict[str, str] | None) -> None:
    case = bearer(token(client, world.case))
    assert _call(client, method, _path(template, world.course), body, case).status_code == 200
    assert _call(client, method, _path(template, world.other_course), body,
                 case).status_code == 200
    foreign = _call(client, method, _path(template, world.foreign_course), body, case)
    assert foreign.status_code == 404
    provider = _call(client, method, _path(template, world.course), body,
                     bearer(token(client, world.provider)))
    assert provider.status_code == 403


@pytest.mark.parametrize(("method", "path", "body", "kind"), LISTS)
def test_lists_need_the_right_kind_of_client(client: Client, world: ApiWorld, method: str,
                                             path: str, body: dict[str, str] | None,
                                             kind: str) -> None:
    right = world.provider if kind == "provider" else world.case
    wrong = world.case if kind == "provider" else world.provider
    assert _call(client, method, path, body, bearer(token(client, right))).status_code in (200, 404)
    assert _call(client, method, path, body, bearer(token(client, wrong))).status_code == 403


@pytest.mark.parametrize(("method", "template", "body"),
                         PROVIDER_ENDPOINTS + CASE_ENDPOINTS)
def test_a_revoked_client_and_an_expired_token_are_refused(client: Client, world: ApiWorld,
                                                           time_machine: TimeMachineFixture,
                                                           method: str, template: str,
                                                           body: dict[str, str] | None) -> None:
    provider = bearer(token(client, world.provider))
    case = bearer(token(client, world.case))
    headers = provider if "/provider/" in template else case
    path = _path(template, world.course)
    time_machine.shift(datetime.timedelta(hours=2))
    assert _call(client, method, path, body, headers).status_code == 401
    integration = world.provider if "/provider/" in template else world.case
    fresh = bearer(token(client, integration))
    api_client_revoke(actor=world.people.administrator, client=integration.client)
    assert _call(client, method, path, body, fresh).status_code == 401
