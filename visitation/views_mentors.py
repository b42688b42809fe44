"""The mentor picker's search (``static/js/picker.js``): JSON for the roles that choose a
mentor (caseworkers on a referral, team leaders at the approval and a change of mentor)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_GET

from mentor.http import AuthenticatedHttpRequest
from mentor.permissions import may_approve, may_file_referral
from visitation.forms import mentor_detail, mentor_label
from visitation.mentor_search import MentorQuery, mentor_search


@login_required
@require_GET
def mentor_search_view(request: AuthenticatedHttpRequest) -> JsonResponse:
    user = request.user
    if not (may_file_referral(user) or may_approve(user)):
        raise PermissionDenied
    mentors = list(mentor_search(user, MentorQuery.from_params(request.GET.dict())))
    # Read out to screen-reader users when the list changes.
    message = ngettext("%(n)s mentor fundet. Brug pil op og ned for at vælge.",
                       "%(n)s mentorer fundet. Brug pil op og ned for at vælge.",
                       len(mentors)) % {"n": len(mentors)} if mentors else \
        gettext("Ingen mentorer matcher søgningen.")
    return JsonResponse({"message": message, "results": [
        {"id": mentor.pk, "name": mentor.name, "provider": mentor.provider.name,
         "capacity_left": str(mentor.capacity_left),  # type: ignore[attr-defined]
         "label": mentor_label(mentor), "detail": mentor_detail(mentor)}
        for mentor in mentors]})
