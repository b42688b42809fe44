"""Reads for single sign-on: what a provider's groups give, and who may sign in locally."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from mentor.models_sso import BreakGlassAccount, IdentityGroupMapping


@dataclass(frozen=True)
class Grant:
    """The roles and teams that a user's provider groups give, through the mapping."""

    roles: frozenset[str]
    team_ids: frozenset[int]

    @property
    def empty(self) -> bool:
        return not self.roles


def grant_for(provider: str, groups: Iterable[str]) -> Grant:
    """Every role and team of every mapping of ``provider`` whose group is in ``groups``."""
    names = {group for group in groups if group}
    if not names:
        return Grant(frozenset(), frozenset())
    rows = IdentityGroupMapping.objects.filter(provider=provider, group__in=names)\
        .values_list("role", "team_id")
    roles: set[str] = set()
    team_ids: set[int] = set()
    for role, team_id in rows:
        roles.add(role)
        if team_id is not None:
            team_ids.add(team_id)
    return Grant(frozenset(roles), frozenset(team_ids))


def is_break_glass(user_id: int) -> bool:
    return BreakGlassAccount.objects.filter(user_id=user_id).exists()
