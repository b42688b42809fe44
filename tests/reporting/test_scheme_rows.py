"""Scheme rows (Copenhagen's naming) say which mentor types they hold, and a report for one
mentor type shows only the scheme that type belongs to."""

from __future__ import annotations

import datetime

from django.test import Client

from reporting.schemes import SCHEME_OF_MENTOR_TYPE
from tests.conftest import People
from tests.reporting.helpers import cost, end, holistic, retention, tables_for

D = datetime.date
SCHEME_TABLES = ("courses", "spend", "hours", "outcomes_scheme")


def world(people: People) -> tuple[int, int]:
    h, r = holistic(people, D(2019, 1, 1)), retention(people, D(2019, 1, 1))
    for course in (h, r):
        cost(course, 1000, D(2019, 2, 1))
        end(course, D(2019, 6, 1), "job")
    return h.mentor_type_id, r.mentor_type_id


def test_each_scheme_row_names_the_mentor_types_it_holds(people: People) -> None:
    world(people)
    table = tables_for(people.manager, 2019)["courses"]
    details = dict(zip([r[0] for r in table.rows], table.row_details, strict=True))
    assert details["Helhedsorienteret mentor"] == (
        "Rummer: Helhedsorienteret mentor (ret og pligt)")
    assert details["Fastholdelsesmentor"] == "Rummer: Fastholdelsesmentor"


def test_a_mentor_type_filter_never_shows_a_scheme_the_type_is_not_in(people: People) -> None:
    from mentor.models import MentorType

    holistic_type, retention_type = world(people)
    for type_id in (holistic_type, retention_type):
        code = MentorType.objects.get(pk=type_id).code
        tables = tables_for(people.manager, 2019, mentor_type_id=type_id)
        for key in SCHEME_TABLES:
            names = {row[0] for row in tables[key].rows}
            assert len(names) == 1, (key, names)
        assert tables["courses"].row_details[0].endswith(
            MentorType.objects.get(pk=type_id).name)
        assert SCHEME_OF_MENTOR_TYPE[code] in {"holistic", "retention"}


def test_the_page_shows_the_mentor_types_under_the_scheme(client: Client, people: People
                                                          ) -> None:
    world(people)
    client.force_login(people.manager)
    body = client.get("/reporting/?year=2019").content.decode()
    assert '<small class="text-muted row-detail">Rummer: Fastholdelsesmentor</small>' in body
