"""Rotating the CPR encryption and hash keys: old rows stay readable and findable while
``rotate_cpr_keys`` rewrites them in batches, and afterwards the old keys can go."""

from __future__ import annotations

import base64
import secrets
from collections.abc import Callable, Iterator

import pytest
from django.core.management import CommandError, call_command
from pytest_django import Settings

from mentor import cpr as cpr_lib
from mentor import key_rotation, services
from mentor.models import Citizen
from mentor.selectors_citizens import citizen_search
from mentor.selectors_security import citizen_by_cpr
from mentor.services import DomainError
from tests.conftest import People
from tests.factories import CitizenFactory

OLD_KEY = base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()
NEW_KEY = base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()
OLD_HASH_KEY, NEW_HASH_KEY = "old-hash-key-" + "o" * 30, "new-hash-key-" + "n" * 30
UseKeys = Callable[[list[str], list[str]], None]
Olds = list[tuple[Citizen, str]]


@pytest.fixture
def use_keys(settings: Settings) -> Iterator[UseKeys]:
    def use(encryption: list[str], hashing: list[str]) -> None:
        settings.CPR_ENCRYPTION_KEYS, settings.CPR_HASH_KEYS = encryption, hashing
        cpr_lib.reset_key_cache()

    yield use
    cpr_lib.reset_key_cache()


@pytest.fixture
def old_citizens(people: People, use_keys: UseKeys) -> list[tuple[Citizen, str]]:
    use_keys([OLD_KEY], [OLD_HASH_KEY])
    citizens: list[Citizen] = [CitizenFactory.create(team=people.team) for _ in range(5)]
    numbers = [cpr_lib.decrypt(c.cpr_encrypted) for c in citizens]
    use_keys([NEW_KEY, OLD_KEY], [NEW_HASH_KEY, OLD_HASH_KEY])
    return list(zip(citizens, numbers, strict=True))


def _found(people: People, number: str) -> list[int]:
    search = citizen_search(people.caseworker, cpr_lib.format_full(number), None)
    return [c.pk for c in search.page]


def test_search_by_cpr_finds_every_citizen_during_the_rotation(people: People,
                                                               old_citizens: Olds) -> None:
    key_rotation.citizens_rotate_batch(after=0, size=2)
    for citizen, number in old_citizens:
        assert _found(people, number) == [citizen.pk]
        assert citizen_by_cpr(number) == citizen
    rewritten = Citizen.objects.filter(cpr_hash=cpr_lib.keyed_hash(old_citizens[0][1]))
    assert rewritten.exists()


def test_a_batch_rewrites_only_its_rows_and_a_rerun_skips_them(old_citizens: Olds) -> None:
    first = key_rotation.citizens_rotate_batch(after=0, size=2)
    again = key_rotation.citizens_rotate_batch(after=0, size=2)
    assert (first.rewritten, first.current) == (2, 0)
    assert (again.rewritten, again.current) == (0, 2)
    assert key_rotation.citizens_not_current() == 3


def test_a_duplicate_under_the_old_hash_key_is_refused(people: People,
                                                       old_citizens: Olds) -> None:
    with pytest.raises(DomainError):
        services.citizen_create(actor=people.caseworker, team=people.team,
                                cpr=old_citizens[-1][1], first_name="Dobbelt", last_name="Gænger")


def test_after_the_rotation_the_old_keys_can_be_removed(
        people: People, old_citizens: Olds, use_keys: UseKeys,
        capsys: pytest.CaptureFixture[str]) -> None:
    call_command("rotate_cpr_keys", "--batch-size", "2")
    assert "last id" in capsys.readouterr().out
    call_command("rotate_cpr_keys", "--check")
    use_keys([NEW_KEY], [NEW_HASH_KEY])
    for citizen, number in old_citizens:
        citizen.refresh_from_db()
        assert cpr_lib.decrypt(citizen.cpr_encrypted) == number
        assert _found(people, number) == [citizen.pk]


def test_check_fails_while_rows_are_under_an_old_key(old_citizens: Olds) -> None:
    with pytest.raises(CommandError):
        call_command("rotate_cpr_keys", "--check")
