"""The small speed-ups behind every page give the same results as the slow paths."""

from __future__ import annotations

import os
import uuid

import pytest
from django.template import Context, Template
from django.urls import reverse

from mentor.templatetags.pk_urls import pk_url_for


@pytest.mark.parametrize("name", ["course_detail", "journal_entry_add", "journal_list",
                                  "review_form", "citizen_detail", "referral_detail"])
@pytest.mark.parametrize("pk", [1, 42, 987654321, 10**12])
def test_pk_url_equals_reverse(name: str, pk: int) -> None:
    assert pk_url_for(name, pk) == reverse(name, args=[pk])


def test_pk_url_filter_in_a_template() -> None:
    rendered = Template('{% load pk_urls %}{{ pk|pk_url:"course_detail" }}').render(
        Context({"pk": 7}))
    assert rendered == reverse("course_detail", args=[7])


def test_pk_url_refuses_a_url_without_one_integer_argument() -> None:
    with pytest.raises(Exception):  # noqa: B017 - NoReverseMatch or ValueError
        pk_url_for("mentor_workspace", 1)


def _redis_url() -> str:
    url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError:
        pytest.skip("Redis is not running here (CI runs it)")
    return url


def test_redis_cache_keeps_one_client_per_pool() -> None:
    from mentor.cache import RedisCache

    cache = RedisCache(_redis_url(), {"KEY_PREFIX": f"test-{uuid.uuid4().hex}"})
    cache.set("answer", {"n": 42}, 30)
    assert cache.get("answer") == {"n": 42}
    assert cache.get_many(["answer", "missing"]) == {"answer": {"n": 42}}
    client = cache._cache.get_client()
    assert cache._cache.get_client() is client
    assert cache._cache.get_client(write=True) is client  # one server: one pool
    cache.delete("answer")
    assert cache.get("answer") is None


@pytest.mark.django_db
def test_choice_display_equals_djangos(people) -> None:
    """The cheaper ``get_FOO_display`` gives what Django's gives, in both languages and for a
    value that is not among the choices."""
    from django.db import models
    from django.utils import translation

    from mentor.models import Benefit
    from tests.factories import CitizenFactory

    citizen = CitizenFactory(team=people.team, benefit=Benefit.SICKNESS_BENEFIT)
    field = type(citizen)._meta.get_field("benefit")
    for lang in ("da", "en"):
        with translation.override(lang):
            assert citizen.get_benefit_display() == models.Model._get_FIELD_display(
                citizen, field)
    citizen.benefit = "no_such_benefit"
    assert citizen.get_benefit_display() == "no_such_benefit"
