"""The filters of the visitation lists: referrals, the approval queue, courses."""

from __future__ import annotations

import datetime
from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from mentor import caching
from mentor.filters import date_filter, team_filter
from mentor.listing import ListFilterSet, SortFilter
from mentor.models import DecisionKind, MentorType
from mentor.name_search import name_matches
from visitation.models import Course, CourseStatus, Referral, ReferralStatus
from visitation.selectors_courses import RENEWAL_NOTICE_DAYS
from visitation.selectors_journal import REVIEWS_DUE_SOON_DAYS

OPEN_REFERRAL_STATUSES = (ReferralStatus.DRAFT, ReferralStatus.SUBMITTED,
                          ReferralStatus.RETURNED)


def mentor_type_filter(field: str = "mentor_type") -> django_filters.ModelChoiceFilter:
    return django_filters.ModelChoiceFilter(
        field_name=field, queryset=MentorType.objects.order_by("name"), label=_("Mentortype"),
        empty_label=_("Alle mentortyper"))


def kind_filter(field: str) -> django_filters.ChoiceFilter:
    return django_filters.ChoiceFilter(field_name=field, choices=DecisionKind.choices,
                                       label=_("Afgørelse"), empty_label=_("Alle afgørelser"))


def citizen_name_filter() -> django_filters.CharFilter:
    return django_filters.CharFilter(method="by_citizen_name", label=_("Borgerens navn"))


class CitizenNameMixin:
    def by_citizen_name(self, qs: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        """Every word of the name, in any order, case and spelling (``mentor.name_search``)."""
        return qs.filter(name_matches("citizen__search_name", str(value)))


class ReferralFilter(CitizenNameMixin, ListFilterSet):
    scope = django_filters.ChoiceFilter(
        method="by_scope", label=_("Vis"), empty_label=None,
        choices=(("mine", _("Mine indstillinger")), ("team", _("Teamets indstillinger"))))
    status = django_filters.ChoiceFilter(
        method="by_status", label=_("Status"), empty_label=None,
        choices=(("open", _("Under arbejde eller til visitation")), ("all", _("Alle")),
                 *ReferralStatus.choices))
    team = team_filter()
    kind = kind_filter("decision_kind")
    mentor_type = mentor_type_filter()
    q = citizen_name_filter()
    sort = SortFilter(columns={
        "id": ("id",), "citizen": ("citizen__last_name", "citizen__first_name"),
        "author": ("created_by__last_name", "created_by__first_name"),
        "kind": ("decision_kind",), "status": ("status",), "updated": ("updated_at",)},
        default="-updated")

    class Meta:
        model = Referral
        fields: tuple[str, ...] = ()

    def __init__(self, *args: Any, default_scope: str = "mine", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.default_scope = default_scope
        # The default first, so that the menu shows what an empty query string lists.
        scope = self.form.fields["scope"]
        scope.choices = sorted(scope.choices,
                               key=lambda choice: choice[0] != default_scope)

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        # A missing scope or status is the default one, not "everything".
        data = self.form.cleaned_data
        if not data.get("scope"):
            queryset = self.by_scope(queryset, "scope", self.default_scope)
        if not data.get("status"):
            queryset = self.by_status(queryset, "status", "open")
        return super().filter_queryset(queryset)

    def by_scope(self, qs: QuerySet[Referral], name: str, value: str) -> QuerySet[Referral]:
        return qs if value == "team" else qs.filter(created_by=self.request.user)

    def by_status(self, qs: QuerySet[Referral], name: str, value: str) -> QuerySet[Referral]:
        if value == "open":
            return qs.filter(status__in=OPEN_REFERRAL_STATUSES)
        if value in ReferralStatus.values:
            return qs.filter(status=value)
        return qs


class ApprovalQueueFilter(CitizenNameMixin, ListFilterSet):
    form_versions = (caching.TEAMS, caching.CATALOGUE)
    q = citizen_name_filter()
    team = team_filter()
    kind = kind_filter("decision_kind")
    mentor_type = mentor_type_filter()
    sort = SortFilter(columns={
        "submitted": ("submitted_at",), "citizen": ("citizen__last_name", "citizen__first_name"),
        "author": ("created_by__last_name", "created_by__first_name"),
        "kind": ("decision_kind",), "hours": ("hours_per_week",)},
        default="submitted")

    class Meta:
        model = Referral
        fields: tuple[str, ...] = ()


COURSE_STATUS_CHOICES = (
    ("open", _("Aktive og forlængede")),
    ("renewal", _("Ret og pligt: ny periode skal gives")),
    ("ended", _("Afsluttede")),
    ("all", _("Alle")),
)


class CourseFilter(CitizenNameMixin, ListFilterSet):
    status = django_filters.ChoiceFilter(method="by_status", label=_("Vis"), empty_label=None,
                                         choices=COURSE_STATUS_CHOICES)
    team = team_filter()
    kind = kind_filter("kind")
    mentor_type = mentor_type_filter()
    end_from = date_filter("end_date", "gte", _("Slutter fra"))
    end_to = date_filter("end_date", "lte", _("Slutter senest"))
    q = citizen_name_filter()
    sort = SortFilter(columns={
        "id": ("id",), "citizen": ("citizen__last_name", "citizen__first_name"),
        "kind": ("kind",), "mentor": ("mentor__name",), "start": ("start_date",),
        "end": ("end_date",), "status": ("status", "ended_on")},
        default="end")

    class Meta:
        model = Course
        fields: tuple[str, ...] = ()

    def __init__(self, *args: Any, today: datetime.date, **kwargs: Any) -> None:
        self.today = today
        super().__init__(*args, **kwargs)
        if self.chosen_status == "ended":  # the latest ended first
            self.sorter.default = "-end"

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if not self.form.cleaned_data.get("status"):
            queryset = self.by_status(queryset, "status", "open")
        return super().filter_queryset(queryset)

    @property
    def chosen_status(self) -> str:
        self.errors  # noqa: B018
        return str(self.form.cleaned_data.get("status") or "open")

    def by_status(self, qs: QuerySet[Course], name: str, value: str) -> QuerySet[Course]:
        if value == "ended":
            return qs.filter(status=CourseStatus.ENDED)
        if value == "renewal":
            return qs.filter(
                Q(kind=DecisionKind.RIGHT_AND_DUTY, citizen__can_take_part_in_offers=False,
                  end_date__lte=self.today + datetime.timedelta(days=RENEWAL_NOTICE_DAYS))
            ).exclude(status=CourseStatus.ENDED)
        if value == "all":
            return qs
        return qs.exclude(status=CourseStatus.ENDED)


DUE_CHOICES = (
    ("overdue", _("Overskredet")),
    ("week", _("Forfalder inden for 7 dage")),
    ("none", _("Intet kontaktkrav")),
)


class WorkspaceFilter(CitizenNameMixin, ListFilterSet):
    """The mentor's own open courses on the workspace."""

    form_versions = (caching.CATALOGUE,)
    q = citizen_name_filter()
    due = django_filters.ChoiceFilter(method="by_due", label=_("Næste kontakt"),
                                      choices=DUE_CHOICES, empty_label=_("Alle"))
    kind = kind_filter("kind")
    mentor_type = mentor_type_filter()
    sort = SortFilter(columns={
        "citizen": ("citizen__last_name", "citizen__first_name"), "course": ("id",),
        "last_contact": ("last_contact_date",), "next_contact": ("next_contact_due",),
        "end": ("end_date",)}, default="next_contact")

    class Meta:
        model = Course
        fields: tuple[str, ...] = ()

    def __init__(self, *args: Any, today: datetime.date, **kwargs: Any) -> None:
        self.today = today
        super().__init__(*args, **kwargs)

    def by_due(self, qs: QuerySet[Course], name: str, value: str) -> QuerySet[Course]:
        if value == "overdue":
            return qs.filter(next_contact_due__lt=self.today)
        if value == "week":
            return qs.filter(next_contact_due__range=(
                self.today, self.today + datetime.timedelta(days=REVIEWS_DUE_SOON_DAYS)))
        if value == "none":
            return qs.filter(next_contact_due__isnull=True)
        return qs


class FollowupFilter(ListFilterSet):
    """The team's open courses on the follow-up page: which ones, and the order of the
    overdue contacts."""

    team = team_filter()
    kind = kind_filter("kind")
    mentor_type = mentor_type_filter()
    sort = SortFilter(columns={
        "citizen": ("citizen__last_name", "citizen__first_name"), "mentor": ("mentor__name",),
        "caseworker": ("caseworker__last_name", "caseworker__first_name"),
        "last_contact": ("last_contact_date",), "due": ("next_contact_due",)},
        default="due")

    class Meta:
        model = Course
        fields: tuple[str, ...] = ()
