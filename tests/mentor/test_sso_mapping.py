"""Users from the identity provider (``mentor.services_sso.sso_sign_in``): created at the
first sign-in in the mapped role and team, updated at every sign-in, deactivated when no
mapped group is left."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from mentor.models import Role, User
from mentor.models_sso import ExternalIdentity, IdentityGroupMapping, IdentityProvider
from mentor.services_sso import Identity, sso_sign_in
from tests.conftest import People
from tests.factories import MunicipalityFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db

OIDC = IdentityProvider.OIDC


@pytest.fixture
def mapping(people: People) -> None:
    for group, role, team in [("mentor-sagsbehandlere-jk", Role.CASEWORKER, people.team),
                              ("mentor-teamledere-jh", Role.TEAM_LEADER, people.other_team),
                              ("mentor-ledere", Role.MANAGER, None),
                              ("mentor-admin", Role.ADMINISTRATOR, None)]:
        IdentityGroupMapping.objects.create(provider=OIDC, group=group, role=role, team=team,
                                            municipality=people.municipality)


def identity(*groups: str, subject: str = "sub-anna", username: str = "anna@kommune.dk",
             provider: str = OIDC) -> Identity:
    return Identity(provider=provider, subject=subject, username=username,
                    groups=frozenset(groups), email="anna@kommune.dk", first_name="Anna",
                    last_name="Andersen")


def test_first_sign_in_creates_the_user_in_the_mapped_role_and_team(
        mapping: None, people: People) -> None:
    user = sso_sign_in(identity=identity("mentor-sagsbehandlere-jk", "other-group"))
    assert user is not None and user.is_active
    assert user.username == "anna@kommune.dk" and user.get_full_name() == "Anna Andersen"
    assert user.roles == {Role.CASEWORKER}
    assert user.team_ids == {people.team.pk}
    assert not user.has_usable_password()
    assert ExternalIdentity.objects.get(user=user).subject == "sub-anna"


def test_changed_groups_change_role_and_team_at_the_next_sign_in(
        mapping: None, people: People) -> None:
    first = sso_sign_in(identity=identity("mentor-sagsbehandlere-jk"))
    assert first is not None
    assert first.roles == {Role.CASEWORKER}
    again = sso_sign_in(identity=identity("mentor-teamledere-jh"))
    assert again is not None and again.pk == first.pk
    fresh = User.objects.get(pk=first.pk)
    assert fresh.roles == {Role.TEAM_LEADER}
    assert fresh.team_ids == {people.other_team.pk}


def test_several_groups_give_every_role_and_team(mapping: None, people: People) -> None:
    user = sso_sign_in(identity=identity("mentor-sagsbehandlere-jk", "mentor-teamledere-jh"))
    assert user is not None
    assert user.roles == {Role.CASEWORKER, Role.TEAM_LEADER}
    assert user.team_ids == {people.team.pk, people.other_team.pk}


def test_removed_groups_deactivate_the_user_and_the_history_says_why(mapping: None) -> None:
    user = sso_sign_in(identity=identity("mentor-sagsbehandlere-jk"))
    assert user is not None
    refused = sso_sign_in(identity=identity("other-group"))
    assert refused is not None and refused.pk == user.pk and not refused.is_active
    latest = User.objects.get(pk=user.pk).history.first()
    assert latest is not None and not latest.is_active
    assert "deaktiveret" in (latest.history_change_reason or "")


def test_groups_that_map_to_nothing_create_nobody(mapping: None) -> None:
    assert sso_sign_in(identity=identity("other-group")) is None
    assert sso_sign_in(identity=identity()) is None
    assert not User.objects.filter(username="anna@kommune.dk").exists()


def test_a_deactivated_user_granted_a_group_again_is_reactivated(mapping: None) -> None:
    sso_sign_in(identity=identity("mentor-sagsbehandlere-jk"))
    sso_sign_in(identity=identity())
    user = sso_sign_in(identity=identity("mentor-ledere"))
    assert user is not None and user.is_active and user.roles == {Role.MANAGER}
    assert user.team_ids == frozenset()


def test_a_mapping_of_another_provider_gives_nothing(mapping: None) -> None:
    assert sso_sign_in(identity=identity("mentor-sagsbehandlere-jk",
                                         provider=IdentityProvider.SAML)) is None


def test_a_local_account_with_the_same_username_is_not_taken_over(mapping: None) -> None:
    local = UserFactory(username="anna@kommune.dk", roles=[Role.MANAGER])
    assert sso_sign_in(identity=identity("mentor-admin")) is None
    assert User.objects.get(pk=local.pk).roles == {Role.MANAGER}


def test_the_administrator_role_opens_the_admin_site_and_losing_it_closes_it(
        mapping: None) -> None:
    user = sso_sign_in(identity=identity("mentor-admin"))
    assert user is not None and user.is_staff and user.is_superuser
    user = sso_sign_in(identity=identity("mentor-ledere"))
    assert user is not None and not user.is_staff and not user.is_superuser


def test_an_unchanged_sign_in_writes_no_history(mapping: None) -> None:
    user = sso_sign_in(identity=identity("mentor-sagsbehandlere-jk"))
    assert user is not None
    before = user.history.count()
    sso_sign_in(identity=identity("mentor-sagsbehandlere-jk"))
    assert user.history.count() == before


def test_a_mapping_to_a_team_of_another_municipality_is_refused(people: People) -> None:
    elsewhere = TeamFactory(municipality=MunicipalityFactory(name="Andenkommune"))
    mapping = IdentityGroupMapping(provider=OIDC, group="x", role=Role.CASEWORKER,
                                   team=elsewhere, municipality=people.municipality)
    with pytest.raises(ValidationError):
        mapping.full_clean()
