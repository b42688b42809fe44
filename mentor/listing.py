"""List pages: sorting by a column, filters in the URL, pages with a total, saved filters.

Each list has a ``django_filters.FilterSet`` in its app's ``filters.py`` built on
``ListFilterSet``: it narrows the queryset that the list's selector scoped to what the user
may see, and sorts it with a ``SortFilter``. Everything is in the GET query string, so a list
can be bookmarked, and saved (``SavedFilter``) under a name.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Final

import django_filters
from crispy_forms.layout import Div, Field
from crispy_forms.utils import render_crispy_form
from django.core.paginator import Page, Paginator
from django.db.models import F, OrderBy, QuerySet
from django.http import HttpRequest, QueryDict
from django.utils.safestring import SafeString, mark_safe

from mentor.form_helpers import cached_filter_form, page_form_helper

SORT_PARAM: Final = "sort"
PAGE_PARAM: Final = "page"
PAGE_SIZE: Final = 25
# The saved filters' lists: the name stored with a filter, and the page it applies to.
LISTS: Final = {
    "citizens": "citizen_list",
    "referrals": "referral_list",
    "courses": "course_list",
    "approval_queue": "approval_queue",
    "workspace": "mentor_workspace",
    "followup": "followup_overview",
    "costlines": "costline_list",
}


def ordering(fields: Sequence[str], *, descending: bool) -> list[OrderBy]:
    """``fields`` in one direction, empty values last either way (PostgreSQL and SQLite put
    NULL at opposite ends otherwise), then the primary key so that equal rows keep their
    order from page to page."""
    return [F(name).desc(nulls_last=True) if descending else F(name).asc(nulls_last=True)
            for name in (*fields, "pk")]


class SortFilter(django_filters.OrderingFilter):
    """``?sort=key`` or ``?sort=-key`` (descending), for the keys in ``columns`` (each the
    fields it orders by). Another value is not a valid choice: django-filter leaves it out and
    the list keeps its ``default`` order."""

    def __init__(self, *, columns: Mapping[str, Sequence[str]], default: str,
                 **kwargs: Any) -> None:
        self.columns = dict(columns)
        self.default = default
        super().__init__(fields={key: key for key in self.columns}, **kwargs)

    def key(self, value: Sequence[str] | None) -> str:
        """The sort key in force for ``value`` (the cleaned parameter)."""
        chosen = [v for v in (value or []) if v.lstrip("-") in self.columns]
        return chosen[0] if chosen else self.default

    def filter(self, qs: QuerySet[Any], value: Sequence[str] | None) -> QuerySet[Any]:
        key = self.key(value)
        return qs.order_by(*ordering(self.columns[key.lstrip("-")],
                                     descending=key.startswith("-")))


class ListFilterSet(django_filters.FilterSet):
    """A list's filters, with a ``SortFilter`` named ``sort``. The form shows every filter but
    the order (the column headers set that) and renders through crispy like every other
    form."""

    # The data versions (mentor/caching.py) that cover every choice the form offers besides the
    # user's own teams: with them the rendered form is cached (``cached_filter_form``); None
    # (choices no version covers): rendered on every view.
    form_versions: ClassVar[tuple[str, ...] | None] = None

    def __init__(self, data: QueryDict | None = None, *args: Any, **kwargs: Any) -> None:
        # Always bound, so that the default order applies to an empty query string as well.
        super().__init__(data if data is not None else QueryDict(), *args, **kwargs)
        # A choice with nothing to choose (a team filter for a user of one team) is left out.
        for name, field in list(self.form.fields.items()):
            choices = getattr(field, "queryset", None)
            if choices is not None and choices.query.is_empty():
                del self.form.fields[name]
        fields = [name for name in self.form.fields if name != SORT_PARAM]
        self.form.helper = page_form_helper(Div(
            *(Div(Field(name), css_class="col-12 col-sm-6 col-lg-auto") for name in fields),
            css_class="row g-2 align-items-end"))

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        queryset = super().filter_queryset(queryset)
        if SORT_PARAM not in self.form.cleaned_data:  # an invalid key: the default order
            queryset = self.sorter.filter(queryset, None)
        return queryset

    def rendered_form(self, user: Any, list_name: str) -> SafeString:
        """The filter form as crispy renders it with the form's helper."""
        if self.form_versions is None or not getattr(user, "is_authenticated", False):
            html = str(render_crispy_form(self.form))
            return mark_safe(html)  # noqa: S308 (crispy's own output)
        query = sorted((k, v) for k, v in self.data.lists() if k != PAGE_PARAM)
        return cached_filter_form(self.form, user=user, vary=(type(self).__name__, list_name,
                                                               query),
                                  versions=self.form_versions)

    @property
    def sorter(self) -> SortFilter:
        sorter = self.filters[SORT_PARAM]
        if not isinstance(sorter, SortFilter):
            raise TypeError("A list's FilterSet sorts with a SortFilter named 'sort'.")
        return sorter

    @property
    def sort_key(self) -> str:
        """The sort key in force (``-`` first when descending)."""
        self.errors  # noqa: B018  (validates the form, filling cleaned_data)
        return self.sorter.key(self.form.cleaned_data.get(SORT_PARAM))

    @property
    def narrows(self) -> bool:
        """True when a filter (not just the order) is chosen."""
        self.errors  # noqa: B018
        return any(value not in (None, "", [], ()) for name, value
                   in self.form.cleaned_data.items() if name != SORT_PARAM)


def query_string(params: QueryDict, **changes: str | None) -> str:
    """``params`` URL-encoded with ``changes`` (None removes a parameter) and without the page
    number, for links that keep the list's filters."""
    copy = params.copy()
    copy.pop(PAGE_PARAM, None)
    for name, value in changes.items():
        copy.pop(name, None)
        if value is not None:
            copy[name] = value
    return copy.urlencode()


@dataclass(frozen=True)
class SortHeader:
    """A column header: its link (ascending first, descending when already ascending) and
    ``aria_sort`` for the column the list is sorted by."""

    label: str
    url: str
    aria_sort: str | None


def sort_headers(params: QueryDict, current: str, labels: Mapping[str, object]
                 ) -> dict[str, SortHeader]:
    """The headers of the columns ``labels`` (sort key → label) for a list sorted by
    ``current``."""
    headers = {}
    for key, lazy_label in labels.items():
        label = str(lazy_label)  # in the request's language
        if current == key:
            headers[key] = SortHeader(label, "?" + query_string(params, sort=f"-{key}"),
                                      "ascending")
        elif current == f"-{key}":
            headers[key] = SortHeader(label, "?" + query_string(params, sort=key), "descending")
        else:
            headers[key] = SortHeader(label, "?" + query_string(params, sort=key), None)
    return headers


def paginate(qs: QuerySet[Any] | list[Any], page_number: str | None,
             per_page: int = PAGE_SIZE) -> Page[Any]:
    return Paginator(qs, per_page).get_page(page_number)


def list_context(request: HttpRequest, *, list_name: str, filterset: ListFilterSet | None,
                 page: Page[Any], labels: Mapping[str, object], sort_key: str | None = None
                 ) -> dict[str, Any]:
    """What every list page's template reads besides its rows: the filter form, the column
    headers, the query string that the page links keep, and the user's saved filters."""
    from mentor.selectors import saved_filters

    key = sort_key if sort_key is not None else (filterset.sort_key if filterset else "")
    user = request.user
    return {
        "filter": filterset, "page": page, "list_name": list_name,
        "filter_form": filterset.rendered_form(user, list_name) if filterset else "",
        "headers": sort_headers(request.GET, key, labels),
        "query_string": query_string(request.GET),
        "saved_filters": (saved_filters(user, list_name)
                          if list_name in LISTS and user.is_authenticated else []),
        "sort_param": request.GET.get(SORT_PARAM, ""),
    }
