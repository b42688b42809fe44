"""Users from the identity provider: created at the first sign-in, updated at every sign-in,
deactivated when the provider no longer grants any mapped group.

The mapping from the provider's groups to roles and teams is data
(``mentor.models_sso.IdentityGroupMapping``, edited in the admin). Roles are Django groups
named after ``Role`` values, as for local users; changes are recorded in the user's history.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction
from django.utils import timezone

from mentor import caching, selectors_sso
from mentor.models import Role, User
from mentor.models_sso import ExternalIdentity, IdentityProvider

logger = logging.getLogger(__name__)

USERNAME_MAX_LENGTH = 150


@dataclass(frozen=True)
class Identity:
    """What the identity provider says about the person signing in (claims or attributes,
    already verified by the library)."""

    provider: str
    subject: str
    username: str
    groups: frozenset[str]
    email: str = ""
    first_name: str = ""
    last_name: str = ""
    extra: dict[str, str] = field(default_factory=dict)


def _reason(provider: str, text: str) -> str:
    return f"{IdentityProvider(provider).label}: {text}"[:100]


@transaction.atomic
def sso_sign_in(*, identity: Identity) -> User | None:
    """The user for this identity, created or brought up to date with the roles and teams
    that the mapping gives their groups.

    Refusal is not an exception (the deactivation must be committed): ``None`` when nobody
    is created (no mapped group, or the username belongs to a local account that is not
    this identity's), or the user deactivated (``is_active`` False) when their groups no
    longer map to anything. The caller signs in only an active user.
    """
    grant = selectors_sso.grant_for(identity.provider, identity.groups)
    link = (ExternalIdentity.objects.select_for_update().select_related("user")
            .filter(provider=identity.provider, subject=identity.subject).first())
    user = link.user if link is not None else None
    if user is not None:
        user = User.objects.select_for_update().get(pk=user.pk)
    if grant.empty:
        if user is not None and user.is_active:
            _deactivate(user, identity.provider)
        logger.info("sso sign-in refused: no mapped group",
                    extra={"provider": identity.provider, "user_id": user.pk if user else None})
        return user
    if user is None:
        user = _create(identity)
        if user is None:
            return None
    _update(user, identity, grant)
    ExternalIdentity.objects.filter(provider=identity.provider, subject=identity.subject)\
        .update(last_sign_in_at=timezone.now())
    return user


def _create(identity: Identity) -> User | None:
    username = identity.username[:USERNAME_MAX_LENGTH]
    if not username or User.objects.filter(username__iexact=username).exists():
        # A local account (or another provider's user) has this name: it is not taken over.
        logger.warning("sso sign-in refused: the username is another account's",
                       extra={"provider": identity.provider})
        return None
    user = User(username=username, email=identity.email, first_name=identity.first_name,
                last_name=identity.last_name, is_active=True)
    user.set_unusable_password()
    user._change_reason = _reason(  # type: ignore[attr-defined]
        identity.provider, "oprettet ved første log ind")
    try:
        with transaction.atomic():
            user.save()
            ExternalIdentity.objects.create(provider=identity.provider,
                                            subject=identity.subject, user=user)
    except IntegrityError:
        # The same person signing in twice at once: the other request created them.
        return None
    return user


def _update(user: User, identity: Identity, grant: selectors_sso.Grant) -> None:
    administrator = Role.ADMINISTRATOR in grant.roles
    wanted = {
        "email": identity.email or user.email,
        "first_name": identity.first_name or user.first_name,
        "last_name": identity.last_name or user.last_name,
        "is_active": True,
        # The administrator role is the Django admin's too, as for the local administrator.
        "is_staff": administrator,
        "is_superuser": administrator,
    }
    changed = [name for name, value in wanted.items() if getattr(user, name) != value]
    if changed:
        for name in changed:
            setattr(user, name, wanted[name])
        user._change_reason = _reason(  # type: ignore[attr-defined]
            identity.provider, "genaktiveret" if "is_active" in changed
            else "opdateret ved log ind")
        user.save(update_fields=changed)
    roles = set(user.groups.values_list("name", flat=True))
    if roles != grant.roles:
        user._change_reason = _reason(  # type: ignore[attr-defined]
            identity.provider, "roller ændret ved log ind")
        user.groups.set(Group.objects.filter(name__in=grant.roles))
        changed.append("groups")
    if set(user.teams.values_list("id", flat=True)) != grant.team_ids:
        user._change_reason = _reason(  # type: ignore[attr-defined]
            identity.provider, "teams ændret ved log ind")
        user.teams.set(grant.team_ids)
        changed.append("teams")
    if changed:
        caching.bump(caching.user_version(user.pk))


def _deactivate(user: User, provider: str) -> None:
    user.is_active = False
    user._change_reason = _reason(  # type: ignore[attr-defined]
        provider, "deaktiveret, ingen gruppe giver adgang længere")
    user.save(update_fields=["is_active"])
    caching.bump(caching.user_version(user.pk))
