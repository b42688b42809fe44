"""Erasure leaves no trace of the citizen in any table, history table or free-text field: the
test walks every model (history models included) for the erased citizen's strings."""

from __future__ import annotations

from django.apps import apps
from django.db import models

from mentor.models import AccessAction, AccessLog, Citizen
from mentor.services_security import citizen_erase
from tests.conftest import People
from tests.mentor.test_security_retention import EXPIRES, _at, _ended_case

TRACES = ("Glemmesen", "Vejen 1", "12345678")
TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField)


def _traces_left() -> list[str]:
    found = []
    for model in apps.get_models():
        names = [f.attname for f in model._meta.concrete_fields if isinstance(f, TEXT_FIELDS)]
        if not names:
            continue
        for row in model._base_manager.values_list("pk", *names):
            for name, value in zip(names, row[1:], strict=True):
                text = str(value)
                found += [f"{model._meta.label}.{name} #{row[0]}: {trace}"
                          for trace in TRACES if trace in text]
    return found


def _a_case_with_the_citizen_in_every_text(people: People) -> Citizen:
    from visitation.models import Course, ReferralGoal

    citizen = _ended_case(people)
    referral = Course.objects.get(citizen=citizen).referral
    ReferralGoal.objects.create(referral=referral, description="Gitte Glemmesen møder op",
                                measure="Fremmøde hos Glemmesen")  # with a history row
    AccessLog.objects.create(user=people.manager, citizen=citizen, action=AccessAction.LOOKUP,
                             what="Begrundet opslag",
                             reason="Klage fra Gitte Glemmesen, Vejen 1, tlf 12345678")
    return citizen


def test_the_world_holds_the_traces_before_erasure(people: People) -> None:
    _a_case_with_the_citizen_in_every_text(people)
    left = _traces_left()
    assert any("historicalreferralgoal" in t.lower() for t in left)
    assert any("AccessLog.reason" in t for t in left)


def test_erasure_leaves_no_trace_in_any_table_or_history(people: People) -> None:
    citizen = _a_case_with_the_citizen_in_every_text(people)
    with _at(EXPIRES):
        citizen_erase(actor=people.administrator, citizen=citizen,
                      reason="Anmodning om sletning modtaget")
    assert _traces_left() == []
