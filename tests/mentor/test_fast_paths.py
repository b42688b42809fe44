"""The small speed-ups behind every page give the same results as the slow paths."""

from __future__ import annotations

import os
import uuid
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pytest_django import Settings

from tests.conftest import People


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


def test_redis_replies_are_parsed_by_hiredis() -> None:
    """redis-py's own parser is Python; hiredis (C) reads each reply for a fraction of that."""
    from mentor.cache import RedisCache

    cache = RedisCache(_redis_url(), {"KEY_PREFIX": f"test-{uuid.uuid4().hex}"})
    cache.set("answer", 42, 30)
    client = cache._cache.get_client()
    connection = client.connection_pool.get_connection()
    try:
        assert type(connection._parser).__name__ == "_HiredisParser"
    finally:
        client.connection_pool.release(connection)
    cache.delete("answer")


@pytest.mark.django_db
def test_the_cache_on_redis_reads_a_hit_in_one_round_trip(monkeypatch: pytest.MonkeyPatch,
                                                          settings: Settings) -> None:
    """A cached value and its versions come in one ``get_many``; after a bump the value stored
    under the old version is never returned."""
    from mentor import caching
    from mentor.cache import RedisCache

    redis_cache = RedisCache(_redis_url(), {"KEY_PREFIX": f"test-{uuid.uuid4().hex}"})
    monkeypatch.setattr(caching, "cache", redis_cache)
    settings.SHARED_CACHE = True
    loads: list[int] = []

    def loader() -> dict[str, int]:
        loads.append(1)
        return {"n": len(loads)}

    def read(key: str = "key", load: Any = loader) -> Any:
        return caching.cached(key, load, versions=["scope"], ttl=60)

    assert read() == {"n": 1}
    calls: list[str] = []

    def counted(name: str) -> Any:
        original = getattr(redis_cache, name)

        def call(*args: Any, **kwargs: Any) -> Any:
            calls.append(name)
            return original(*args, **kwargs)
        return call

    for name in ("get", "get_many", "set", "add"):
        monkeypatch.setattr(redis_cache, name, counted(name))
    assert read() == {"n": 1}
    assert calls == ["get_many"] and len(loads) == 1
    from tests.admin_forms import committed

    committed(lambda: caching.bump("scope"))
    assert read() == {"n": 2}
    assert read() == {"n": 2}
    assert read("other", lambda: None) is None
    assert read("other") is None  # None is cached too


@pytest.mark.django_db
def test_choice_display_equals_djangos(people: People) -> None:
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
            # Django's own (private, so not in the stubs) implementation is the reference.
            reference = models.Model._get_FIELD_display  # type: ignore[attr-defined]
            assert citizen.get_benefit_display() == reference(citizen, field)
    citizen.benefit = "no_such_benefit"
    assert citizen.get_benefit_display() == "no_such_benefit"


@pytest.mark.django_db
@pytest.mark.parametrize("page_number", [None, "", "1", "2", "3", "4", "99", "0", "-1", "abc"])
def test_a_search_page_with_its_total_equals_the_paginators(people: People,
                                                            page_number: str | None) -> None:
    """One query for a search's rows and total gives the page ``Paginator.get_page`` gives,
    out-of-range and malformed page numbers included."""
    from django.core.paginator import Paginator

    from mentor.models import Citizen
    from mentor.selectors_citizens import page_with_total
    from tests.factories import CitizenFactory

    CitizenFactory.create_batch(7, team=people.team, last_name="Holm")
    qs = Citizen.objects.filter(last_name="Holm").order_by("first_name", "id")
    expected = Paginator(qs, 3).get_page(page_number)
    page = page_with_total(qs, page_number, 3)
    assert [c.pk for c in page.object_list] == [c.pk for c in expected.object_list]
    assert page.number == expected.number
    assert page.paginator.count == 7
    assert page.paginator.num_pages == 3
    assert (page.has_next(), page.has_previous()) == (expected.has_next(),
                                                      expected.has_previous())


@pytest.mark.django_db
def test_a_search_reads_its_page_and_total_in_one_query(people: People, client: Client) -> None:
    from mentor.models import Citizen
    from tests.factories import CitizenFactory

    CitizenFactory.create_batch(30, team=people.team, last_name="Holm")
    client.force_login(people.caseworker)
    client.get("/citizens/?q=holm")  # warm the user's cached state
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/citizens/?q=holm")
    searches = [q["sql"] for q in queries.captured_queries if "mentor_citizen" in q["sql"]]
    assert len(searches) == 1 and "OVER ()" in searches[0]
    assert response.context["page"].paginator.count == Citizen.objects.filter(
        last_name="Holm").count() == 30
    assert "30 borgere" in response.content.decode()
