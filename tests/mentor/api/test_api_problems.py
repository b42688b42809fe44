"""Errors as problem details: a refused change is a 422, a refusal by permission a 403."""

from __future__ import annotations

from mentor.api.problems import PROBLEM_CONTENT_TYPE, exception_handler
from mentor.services import DomainError, NotPermitted


def test_a_refused_change_is_a_422_with_the_services_message() -> None:
    response = exception_handler(DomainError("Datoen kan ikke ligge i fremtiden."), {})
    assert response is not None
    assert (response.status_code, response.content_type) == (422, PROBLEM_CONTENT_TYPE)
    assert response.data["detail"] == "Datoen kan ikke ligge i fremtiden."
    assert response.data["type"] == "urn:mentorstotte:problem:refused"


def test_an_actor_who_may_not_act_is_a_403() -> None:
    response = exception_handler(NotPermitted("Kun en administrator kan registrere udgifter."),
                                 {})
    assert response is not None
    assert response.status_code == 403
    assert response.data["title"] == "Ingen adgang"
