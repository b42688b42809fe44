"""The filter of the administrator's cost lines."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from mentor.filters import date_filter
from mentor.listing import ListFilterSet, SortFilter
from mentor.models import Provider, Team
from reporting.models import CostKind, CostLine
from visitation.filters import mentor_type_filter


class CostLineFilter(ListFilterSet):
    q = django_filters.CharFilter(method="by_course_or_provider", label=_("Forløb eller leverandør"))
    team = django_filters.ModelChoiceFilter(field_name="course__team",
                                            queryset=Team.objects.order_by("name"),
                                            label=_("Team"), empty_label=_("Alle teams"))
    provider = django_filters.ModelChoiceFilter(queryset=Provider.objects.order_by("name"),
                                                label=_("Leverandør"),
                                                empty_label=_("Alle leverandører"))
    kind = django_filters.ChoiceFilter(choices=CostKind.choices, label=_("Type"),
                                       empty_label=_("Alle typer"))
    mentor_type = mentor_type_filter("course__mentor_type")
    period_from = date_filter("period_start", "gte", _("Periode fra"))
    period_to = date_filter("period_end", "lte", _("Periode til"))
    sort = SortFilter(columns={
        "course": ("course_id",), "team": ("course__team__name",), "period": ("period_start",),
        "kind": ("kind",), "provider": ("provider__name",), "hours": ("hours",),
        "amount": ("amount",)}, default="-period")

    class Meta:
        model = CostLine
        fields: tuple[str, ...] = ()

    def by_course_or_provider(self, qs: QuerySet[CostLine], name: str, value: Any
                              ) -> QuerySet[CostLine]:
        """``#123`` or ``123``: that course's lines; other text: part of the provider's name."""
        text = str(value).strip().lstrip("#")
        if text.isdigit():
            return qs.filter(course_id=int(text))
        return qs.filter(provider__name__icontains=text) if text else qs
