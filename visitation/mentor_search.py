"""The mentor picker's search: the few mentors that match what the user typed, among the
active mentors of the user's own municipality (``mentor_search`` in views_mentors.py).
Names are folded in Python (``mentor.name_search.matching_ids``): a municipality has a few
hundred mentors."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db.models import QuerySet

from mentor.models import Mentor, Municipality, User
from mentor.name_search import matching_ids
from visitation.selectors_referrals import mentors_with_load

MAX_RESULTS = 20


@dataclass(frozen=True)
class MentorQuery:
    """What the picker asks for: ``text`` in the mentor's or the provider's name, optionally
    only mentors certified for ``mentor_type``, with ``min_hours`` left, or not ``exclude``."""

    text: str = ""
    mentor_type: int | None = None
    provider: int | None = None
    min_hours: Decimal | None = None
    exclude: int | None = None

    @classmethod
    def from_params(cls, params: dict[str, str]) -> MentorQuery:
        """From the request's query string; a malformed number is ignored, not an error."""
        def number(name: str) -> int | None:
            value = params.get(name, "")
            return int(value) if value.isdigit() else None

        try:
            hours = Decimal(params.get("min_hours", "").replace(",", ".")) \
                if params.get("min_hours") else None
        except InvalidOperation:
            hours = None
        if hours is not None and not hours.is_finite():
            hours = None
        return cls(text=params.get("q", "").strip()[:100], mentor_type=number("mentor_type"),
                   provider=number("provider"), min_hours=hours, exclude=number("exclude"))


def mentor_search(user: User, query: MentorQuery) -> QuerySet[Mentor]:
    """At most ``MAX_RESULTS`` active mentors at active providers of the municipalities of the
    user's teams, by name, annotated with ``capacity_left`` (one query)."""
    municipalities = Municipality.objects.filter(teams__id__in=user.team_ids)
    mentors = mentors_with_load().filter(active=True, provider__active=True,
                                         provider__municipality__in=municipalities)
    if query.text:
        # Every word in the mentor's or the provider's name, in any order and spelling.
        names = mentors.values_list("pk", "name", "provider__name")
        mentors = mentors.filter(pk__in=matching_ids(
            ((pk, f"{name} {provider}") for pk, name, provider in names), query.text))
    if query.mentor_type is not None:
        mentors = mentors.filter(pk__in=Mentor.objects.filter(
            certifications__mentor_type_id=query.mentor_type).values("pk"))
    if query.provider is not None:
        mentors = mentors.filter(provider_id=query.provider)
    if query.min_hours is not None:
        mentors = mentors.filter(capacity_left__gte=query.min_hours)  # type: ignore[misc]
    if query.exclude is not None:
        mentors = mentors.exclude(pk=query.exclude)
    return mentors.select_related("provider").order_by("name", "id")[:MAX_RESULTS]
