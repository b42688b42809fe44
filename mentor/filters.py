"""The filters of the core app's lists: citizens, and a citizen's access log."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.forms import DateInput
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from mentor.listing import ListFilterSet, SortFilter
from mentor.models import AccessAction, AccessLog, Benefit, Citizen, Team, User
from mentor.name_search import matching_ids


def own_teams(request: HttpRequest | None) -> QuerySet[Team]:
    """The teams a team filter offers: the user's own (rows are scoped to them anyway); none,
    and so no team filter, for a user of fewer than two teams."""
    user = getattr(request, "user", None)
    team_ids = list(getattr(user, "team_ids", ()))
    if len(team_ids) < 2:
        return Team.objects.none()
    return Team.objects.filter(pk__in=team_ids).order_by("name")


def date_filter(field: str, lookup: str, label: Any) -> django_filters.DateFilter:
    return django_filters.DateFilter(field_name=field, lookup_expr=lookup, label=label,
                                     widget=DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))


def team_filter(field: str = "team") -> django_filters.ModelChoiceFilter:
    return django_filters.ModelChoiceFilter(field_name=field, queryset=own_teams,
                                            label=_("Team"), empty_label=_("Alle teams"))


class CitizenFilter(ListFilterSet):
    team = team_filter()
    benefit = django_filters.ChoiceFilter(choices=Benefit.choices, label=_("Ydelse"),
                                          empty_label=_("Alle ydelser"))
    sort = SortFilter(columns={"name": ("last_name", "first_name"), "birth": ("birth_date",),
                               "benefit": ("benefit",), "team": ("team__name",),
                               "courses": ("open_courses",)}, default="name")

    class Meta:
        model = Citizen
        fields: tuple[str, ...] = ()


class AccessLogFilter(ListFilterSet):
    action = django_filters.ChoiceFilter(choices=AccessAction.choices, label=_("Handling"),
                                         empty_label=_("Alle handlinger"))
    at_from = date_filter("at__date", "gte", _("Fra dato"))
    at_to = date_filter("at__date", "lte", _("Til dato"))
    user = django_filters.CharFilter(method="by_user", label=_("Bruger"))
    sort = SortFilter(columns={"at": ("at",), "user": ("user__username",),
                               "action": ("action",)}, default="-at")

    class Meta:
        model = AccessLog
        fields: tuple[str, ...] = ()

    def by_user(self, qs: QuerySet[AccessLog], name: str, value: Any) -> QuerySet[AccessLog]:
        """Every word in the user's name or user name, in any order and spelling."""
        users = User.objects.values_list("pk", "first_name", "last_name", "username")
        return qs.filter(user_id__in=matching_ids(
            ((pk, f"{first} {last} {username}") for pk, first, last, username in users),
            str(value)))
