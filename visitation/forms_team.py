"""Forms for running a team: handing over a mentor's or a caseworker's caseload, and the team
leader's note on a course. They validate input; ``visitation/services/team.py`` decides."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from mentor import numbers
from mentor.form_helpers import page_form_helper
from mentor.free_text import NoCprInFreeText
from mentor.models import Mentor, User
from visitation.selectors_caseload import CaseworkerHandover, MentorHandover

REASON_HELP = _("Fx at mentoren eller sagsbehandleren er stoppet. Begrundelsen står i hvert "
                "forløbs historik.")


def receiver_label(mentor: Mentor) -> str:
    """A mentor who may take over, with provider and free hours (negative when over)."""
    free = numbers.number(getattr(mentor, "capacity_left", 0) or 0, 1)
    capacity = numbers.number(mentor.weekly_capacity_hours, 1)
    return str(_("%(name)s (%(provider)s) · %(free)s af %(capacity)s timer ledigt")
               % {"name": mentor.name, "provider": mentor.provider.name, "free": free,
                  "capacity": capacity})


def course_field(pk: int) -> str:
    return f"course_{pk}"


class MentorHandoverForm(NoCprInFreeText, forms.Form):
    """A new mentor per course (empty: the course stays), or one for all; the reason; an
    explicit, reasoned override for moves beyond a mentor's capacity."""

    free_text_fields = ("reason", "override_reason")

    all_to = forms.TypedChoiceField(
        label=_("Giv alle forløb til"), required=False, coerce=int,
        empty_value=None,
        help_text=_("Gælder hvert forløb, der ikke har sit eget valg i tabellen. Forløb, som "
                    "mentoren ikke er certificeret til, afvises med begrundelse."))
    reason = forms.CharField(label=_("Begrundelse for flytningen"), help_text=REASON_HELP,
                             widget=forms.Textarea(attrs={"rows": 2}))
    override_capacity = forms.BooleanField(
        label=_("Overskrid kapaciteten, hvor en mentor ikke har timer nok"), required=False)
    override_reason = forms.CharField(
        label=_("Begrundelse for at overskride kapaciteten"), required=False,
        widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, handover: MentorHandover, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.handover = handover
        stays = str(_("Det fælles valg; ellers bliver det hos %(name)s")
                    % {"name": handover.mentor.name})
        all_choices = [("", str(_("Ingen: vælg for hvert forløb")))] + [
            (str(m.pk), receiver_label(m)) for m in handover.receivers]
        self.fields["all_to"].choices = all_choices  # type: ignore[attr-defined]
        for row in handover.rows:
            self.fields[course_field(row.course.pk)] = forms.TypedChoiceField(
                label=str(_("Ny mentor for mentorforløb #%(n)s") % {"n": row.course.pk}),
                required=False, coerce=int, empty_value=None,
                choices=[("", stays)] + [(str(m.pk), receiver_label(m))
                                         for m in row.candidates])
        self.helper = page_form_helper("all_to", "reason", "override_capacity",
                                       "override_reason")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        moves = self.moves()
        if not moves and not self.errors:
            raise forms.ValidationError(_("Vælg en ny mentor til mindst ét forløb."))
        if cleaned.get("override_capacity") and not (cleaned.get("override_reason")
                                                     or "").strip():
            self.add_error("override_reason",
                           _("Skriv begrundelsen for at overskride kapaciteten."))
        return cleaned

    def moves(self) -> dict[int, int]:
        """Course id → new mentor id, for the courses that move."""
        data = getattr(self, "cleaned_data", {})
        everyone = data.get("all_to")
        moves: dict[int, int] = {}
        for row in self.handover.rows:
            chosen = data.get(course_field(row.course.pk)) or everyone
            if chosen:
                moves[row.course.pk] = int(chosen)
        return moves

    def course_field(self, pk: int) -> forms.BoundField:
        return self[course_field(pk)]


class CaseworkerHandoverForm(NoCprInFreeText, forms.Form):
    """The caseworker who takes over; which citizens, referrals and courses; the reason."""

    free_text_fields = ("reason",)

    to_user = forms.ModelChoiceField(label=_("Ny sagsbehandler"), queryset=User.objects.none())
    citizens = forms.TypedMultipleChoiceField(label=_("Borgere"), required=False, coerce=int)
    referrals = forms.TypedMultipleChoiceField(label=_("Indstillinger"), required=False,
                                               coerce=int)
    courses = forms.TypedMultipleChoiceField(label=_("Mentorforløb"), required=False,
                                             coerce=int)
    reason = forms.CharField(label=_("Begrundelse for flytningen"), help_text=REASON_HELP,
                             widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, handover: CaseworkerHandover, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast("forms.ModelChoiceField[User]", self.fields["to_user"])
        field.queryset = User.objects.filter(pk__in=[u.pk for u in handover.receivers]) \
            .order_by("first_name", "last_name", "pk")
        for name, items in (("citizens", handover.citizens), ("referrals", handover.referrals),
                            ("courses", handover.courses)):
            self.fields[name].choices = [  # type: ignore[attr-defined]
                (str(item.pk), str(item.pk)) for item in items]
        self.helper = page_form_helper("to_user", "reason")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if not self.errors and not (cleaned.get("citizens") or cleaned.get("referrals")
                                    or cleaned.get("courses")):
            raise forms.ValidationError(
                _("Vælg mindst én borger, indstilling eller ét mentorforløb."))
        return cleaned


class CourseNoteForm(NoCprInFreeText, forms.Form):
    free_text_fields = ("text",)

    text = forms.CharField(label=_("Note til sagsbehandler og mentor"),
                           widget=forms.Textarea(attrs={"rows": 4}), max_length=4000)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = page_form_helper("text")
