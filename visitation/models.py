"""Visitation: referrals (indstillinger), decisions, courses (mentorforløb), reviews, journal.

Every status has an explicit set of allowed next statuses; services in
``visitation/services.py`` are the only code that moves a status, and every move writes an
event row with actor, time and reason.
"""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar, Final

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from mentor import texts
from mentor.models import (
    Citizen,
    DecisionKind,
    DisplayChoicesModel,
    Mentor,
    MentorTask,
    MentorType,
    Provider,
    Team,
)


class VisitationGround(models.TextChoices):
    """Gribskov's six grounds for granting mentor support."""

    FAMILY_PSYCH_ADDICTION = "family_psych_addiction", _(
        "Hjælp til at håndtere familiemæssige, psykiske eller misbrugsproblemer")
    AUTHORITIES = "authorities", _("Hjælp til at forstå og håndtere krav fra offentlige myndigheder")
    TREATMENT_STABILITY = "treatment_stability", _("Stabilitet i mødet med behandlingstilbud")
    OFFER_RETENTION = "offer_retention", _("Vejledning og fastholdelse i relevante tilbud")
    WORKPLACE_NORMS = "workplace_norms", _(
        "Lære arbejdspladsens normer (omgangstone, mødestabilitet) gennem praktik")
    JOB_EDUCATION_RETENTION = "job_education_retention", _(
        "Fastholdelse i job eller uddannelse")


class ReferralStatus(models.TextChoices):
    DRAFT = "draft", _("Kladde")
    SUBMITTED = "submitted", _("Indstillet")
    RETURNED = "returned", _("Sendt retur")
    APPROVED = "approved", _("Godkendt")
    REJECTED = "rejected", _("Afvist")
    WITHDRAWN = "withdrawn", _("Trukket tilbage")


REFERRAL_TRANSITIONS: dict[str, frozenset[str]] = {
    ReferralStatus.DRAFT: frozenset({ReferralStatus.SUBMITTED, ReferralStatus.WITHDRAWN}),
    ReferralStatus.SUBMITTED: frozenset(
        {ReferralStatus.APPROVED, ReferralStatus.REJECTED, ReferralStatus.RETURNED,
         ReferralStatus.WITHDRAWN}),
    ReferralStatus.RETURNED: frozenset({ReferralStatus.SUBMITTED, ReferralStatus.WITHDRAWN}),
    ReferralStatus.APPROVED: frozenset(),
    ReferralStatus.REJECTED: frozenset(),
    ReferralStatus.WITHDRAWN: frozenset(),
}


class Referral(DisplayChoicesModel):
    """A caseworker's referral (indstilling) for mentor support."""

    citizen = models.ForeignKey(Citizen, on_delete=models.PROTECT, related_name="referrals")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="referrals")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="referrals_created")
    status = models.CharField(max_length=16, choices=ReferralStatus.choices,
                              default=ReferralStatus.DRAFT, db_index=True)

    visitation_grounds = models.JSONField(_("visitationsgrundlag"), default=list)
    grounds_text = models.TextField(_("uddybning af visitationsgrundlaget"), blank=True)
    mentor_type = models.ForeignKey(MentorType, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("foreslået mentortype"))
    service_level = models.PositiveSmallIntegerField(
        _("serviceniveau"), default=1, validators=[MinValueValidator(1), MaxValueValidator(3)])
    hours_per_week = models.DecimalField(
        _("timer pr. uge"), max_digits=4, decimal_places=1, default=Decimal("1.0"),
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("40"))])
    tasks = models.ManyToManyField(MentorTask, blank=True, verbose_name=_("mentoropgaver"))
    proposed_start = models.DateField(_("foreslået start"))
    preferred_provider = models.ForeignKey(Provider, on_delete=models.PROTECT, null=True,
                                           blank=True, related_name="+",
                                           verbose_name=_("ønsket leverandør"))
    preferred_mentor = models.ForeignKey(Mentor, on_delete=models.PROTECT, null=True,
                                         blank=True, related_name="+",
                                         verbose_name=_("ønsket mentor"))
    section_31d_justification = models.TextField(
        _("begrundelse efter LAB § 31 d"), blank=True,
        help_text=_("Hvorfor støtten ligger ud over, hvad virksomheden eller "
                    "uddannelsesinstitutionen sædvanligvis varetager, og er afgørende for "
                    "aktiviteten."))

    # Snapshot of the citizen's facts and the rules' decision when the referral was last saved.
    facts_snapshot = models.JSONField(default=dict)
    decision = models.JSONField(default=dict)
    decision_kind = models.CharField(max_length=20, choices=DecisionKind.choices, blank=True)
    rule_set_version = models.CharField(max_length=20, blank=True)
    # SHA-256 of the law data the decision was made with (visitation.rules.LAW_REVISION).
    law_revision = models.CharField(max_length=64, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True, db_index=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+")
    decision_reason = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indstilling")
        verbose_name_plural = _("indstillinger")
        ordering: ClassVar[list[str]] = ["-created_at", "-id"]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["team", "status", "submitted_at"]),
            # The team leaders' queue, oldest first: only the few submitted rows, in order.
            models.Index(fields=["submitted_at", "id"], condition=models.Q(status="submitted"),
                         name="referral_queue"),
            # Counting a team leader's queue (teams, not their own) from the index alone.
            models.Index(fields=["team", "created_by", "citizen"],
                         condition=models.Q(status="submitted"), name="referral_queue_by_team"),
        ]

    def __str__(self) -> str:
        return f"{_('Indstilling')} #{self.pk}"


class ReferralGoal(models.Model):
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="goals")
    description = models.CharField(_("mål"), max_length=500)
    measure = models.CharField(_("sådan måles progression"), max_length=500)
    order = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar[list[str]] = ["order", "id"]

    def __str__(self) -> str:
        # The referral and position, not the text: goals describe the citizen's situation.
        return f"{self.referral}, {_('mål')} {self.order}"


class ReferralEvent(DisplayChoicesModel):
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                              related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    from_status = models.CharField(max_length=16, choices=ReferralStatus.choices, blank=True)
    to_status = models.CharField(max_length=16, choices=ReferralStatus.choices)
    reason = models.TextField(blank=True)
    # Empty for a status move; "handover" when a team leader gave the referral to another
    # caseworker (the status stays; ``data`` names both caseworkers).
    action = models.CharField(max_length=30, blank=True, default="")
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["at", "id"]

    @property
    def note(self) -> str:
        """The person's reason, or what the move itself says, in the reader's language."""
        if self.action:
            what = texts.render(f"referral_event.{self.action}", self.data)
            return f"{what} {self.reason}".strip()
        if self.reason:
            return self.reason
        if not self.from_status:
            return texts.render("referral_event.created")
        if self.from_status == self.to_status:
            return texts.render("referral_event.edited")
        if (self.from_status, self.to_status) == (ReferralStatus.RETURNED,
                                                  ReferralStatus.SUBMITTED):
            return texts.render("referral_event.resubmitted")
        return ""


class CourseStatus(models.TextChoices):
    ACTIVE = "active", _("Aktivt")
    EXTENDED = "extended", _("Forlænget")
    ENDED = "ended", _("Afsluttet")


COURSE_TRANSITIONS: dict[str, frozenset[str]] = {
    CourseStatus.ACTIVE: frozenset({CourseStatus.EXTENDED, CourseStatus.ENDED}),
    CourseStatus.EXTENDED: frozenset({CourseStatus.EXTENDED, CourseStatus.ENDED}),
    CourseStatus.ENDED: frozenset(),
}


class EndReason(models.TextChoices):
    READY_FOR_OFFER = "ready_for_offer", _("Borgeren kan påbegynde et ordinært tilbud")
    EDUCATION = "education", _("Påbegyndt uddannelse")
    JOB = "job", _("Ordinært job")
    GOAL_REACHED = "goal_reached", _("Målet er nået")
    MOVED = "moved", _("Fraflyttet kommunen")
    DECEASED = "deceased", _("Død")
    PERIOD_EXPIRED = "period_expired", _("Perioden er udløbet")
    OTHER = "other", _("Anden årsag")


# A right-and-duty course may end only for these reasons (LAB § 93 / § 96 c, 2014–2019).
RIGHT_AND_DUTY_END_REASONS = frozenset(
    {EndReason.READY_FOR_OFFER, EndReason.EDUCATION, EndReason.JOB, EndReason.MOVED,
     EndReason.DECEASED, EndReason.OTHER})


class Outcome(models.TextChoices):
    EDUCATION = "education", _("Uddannelse")
    JOB = "job", _("Job")
    ORDINARY_OFFER = "ordinary_offer", _("Ordinært tilbud")
    OTHER = "other", _("Andet")


class Course(DisplayChoicesModel):
    """The granted mentor support (mentorforløb)."""

    citizen = models.ForeignKey(Citizen, on_delete=models.PROTECT, related_name="courses")
    referral = models.OneToOneField(Referral, on_delete=models.PROTECT, related_name="course")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="courses")
    caseworker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="courses_as_caseworker")
    mentor = models.ForeignKey(Mentor, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="courses")
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="courses")
    mentor_type = models.ForeignKey(MentorType, on_delete=models.PROTECT, related_name="+")
    target_group = models.CharField(max_length=60, blank=True)
    kind = models.CharField(max_length=20, choices=DecisionKind.choices)
    legal_basis = models.JSONField(default=list)
    rule_set_version = models.CharField(max_length=20)
    law_revision = models.CharField(max_length=64, blank=True)
    decision_date = models.DateField()
    min_contact_days = models.PositiveSmallIntegerField(null=True, blank=True)
    in_person_contact_required = models.BooleanField(default=False)
    service_level = models.PositiveSmallIntegerField(default=1)
    hours_per_week = models.DecimalField(max_digits=4, decimal_places=1)
    start_date = models.DateField()
    end_date = models.DateField(db_index=True)
    status = models.CharField(max_length=16, choices=CourseStatus.choices,
                              default=CourseStatus.ACTIVE, db_index=True)
    ended_on = models.DateField(null=True, blank=True)
    end_reason = models.CharField(max_length=20, choices=EndReason.choices, blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)

    # Contact tracking, kept current by the journal service (read by lists and the sweep).
    last_contact_date = models.DateField(null=True, blank=True)
    next_contact_due = models.DateField(null=True, blank=True, db_index=True)
    contact_reminded_for = models.DateField(null=True, blank=True)
    contact_escalated_for = models.DateField(null=True, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mentorforløb")
        verbose_name_plural = _("mentorforløb")
        ordering: ClassVar[list[str]] = ["-start_date", "-id"]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["team", "status"]),
            models.Index(fields=["mentor", "status"]),
            models.Index(fields=["status", "next_contact_due"]),
            # A mentor's open courses (the workspace, several times a page): without it every
            # course the mentor ever had is read to find the few still open.
            models.Index(fields=["mentor", "next_contact_due"], condition=~Q(status="ended"),
                         name="course_open_by_mentor"),
        ]

    def __str__(self) -> str:
        return str(_("Mentorforløb #%(n)s") % {"n": self.pk})

    @property
    def is_open(self) -> bool:
        return self.status != CourseStatus.ENDED

    @property
    def status_label(self) -> str:
        """The status as the reader should read it: an active course that has not started
        yet is planned (a display matter only; the stored status stays active)."""
        if self.status == CourseStatus.ACTIVE and self.start_date > timezone.localdate():
            return str(_("Planlagt"))
        return str(self.get_status_display())


class CoursePeriod(models.Model):
    """One period of a course: the first, and one per extension, each with its own decision."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="periods")
    number = models.PositiveSmallIntegerField()
    start_date = models.DateField()
    end_date = models.DateField()
    decision = models.JSONField(default=dict)
    rule_set_version = models.CharField(max_length=20)
    law_revision = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar[list[str]] = ["number"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["course", "number"], name="course_period_unique")
        ]

    def __str__(self) -> str:
        return f"{self.course}: {self.start_date:%d.%m.%Y}–{self.end_date:%d.%m.%Y}"


class CourseEvent(DisplayChoicesModel):
    """History of a course: status moves, mentor reassignments, extensions, end."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                              related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    action = models.CharField(max_length=30)
    from_status = models.CharField(max_length=16, blank=True)
    to_status = models.CharField(max_length=16, blank=True)
    reason = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["at", "id"]

    @property
    def title(self) -> str:
        """What happened, in the reader's language (never the stored action key)."""
        return texts.render(f"course_event.{self.action}", fallback=str(_("Hændelse")))

    @property
    def detail(self) -> str:
        """A line about the event made from its data, or ''."""
        return texts.render(f"course_event.{self.action}.detail", self.data)


class CourseNote(models.Model):
    """The team leader's note on a course, for its caseworker and mentor. One per course;
    an edit keeps the earlier text in the history (who, when)."""

    course = models.OneToOneField(Course, on_delete=models.CASCADE, related_name="team_note")
    text = models.TextField(_("note fra teamlederen"))
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    written_at = models.DateTimeField()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("teamleders note")
        verbose_name_plural = _("teamleders noter")

    def __str__(self) -> str:
        # Never the text: it is about the citizen's case.
        return f"{self._meta.verbose_name} #{self.pk}"


class ReviewKind(models.TextChoices):
    PERIODIC = "periodic", _("Løbende opfølgning")
    PRE_END = "pre_end", _("Opfølgning før periodens udløb")


class ReviewStatus(models.TextChoices):
    DUE = "due", _("Planlagt")
    DONE = "done", _("Gennemført")
    CANCELLED = "cancelled", _("Bortfaldet")


class ReviewOutcome(models.TextChoices):
    CONTINUE = "continue", _("Fortsæt")
    CHANGE_LEVEL = "change_level", _("Skift serviceniveau")
    EXTEND = "extend", _("Forlæng")
    END = "end", _("Afslut")


class Review(DisplayChoicesModel):
    """A review (opfølgning) from the decision's schedule."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="reviews")
    period = models.ForeignKey(CoursePeriod, on_delete=models.CASCADE, related_name="reviews")
    due_date = models.DateField(db_index=True)
    kind = models.CharField(max_length=16, choices=ReviewKind.choices)
    status = models.CharField(max_length=16, choices=ReviewStatus.choices,
                              default=ReviewStatus.DUE)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     null=True, blank=True, related_name="+")
    progression = models.JSONField(default=list, blank=True)
    effect = models.TextField(blank=True)
    ready_for_active_offer = models.BooleanField(null=True, blank=True)
    outcome = models.CharField(max_length=16, choices=ReviewOutcome.choices, blank=True)

    # Reminder bookkeeping for the sweep (idempotent: a stamp is set once).
    reminded_before_at = models.DateTimeField(null=True, blank=True)
    reminded_on_day_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar[list[str]] = ["due_date", "id"]
        indexes: ClassVar[list[models.Index]] = [models.Index(fields=["status", "due_date"])]


class ContactForm(models.TextChoices):
    MEETING = "meeting", _("Møde")
    PHONE = "phone", _("Telefon")
    VIDEO = "video", _("Video")
    HOME_VISIT = "home_visit", _("Hjemmebesøg")
    WITH_AUTHORITY = "with_authority", _("Sammen med anden myndighed")
    OTHER = "other", _("Andet")


IN_PERSON_FORMS = frozenset({ContactForm.MEETING, ContactForm.HOME_VISIT,
                             ContactForm.WITH_AUTHORITY})


class JournalPhase(models.TextChoices):
    OUTREACH = "outreach", _("Opsøgende fase")
    COURSE = "course", _("Forløb")
    CLOSING = "closing", _("Afslutning og overlevering")


class JournalEntry(DisplayChoicesModel):
    """A journal note (journalnotat): a contact or session documented by the mentor."""

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="journal_entries")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="+")
    contact_date = models.DateField(_("dato"))
    form = models.CharField(_("kontaktform"), max_length=20, choices=ContactForm.choices)
    duration_minutes = models.PositiveIntegerField(
        _("varighed (minutter)"), null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(24 * 60)])
    # An outreach attempt that did not reach the citizen: documented (notatpligt), shown with
    # the compliance figures, but never counted as contact and without a duration.
    attempt = models.BooleanField(_("forsøg uden kontakt"), default=False)
    phase = models.CharField(_("fase"), max_length=16, choices=JournalPhase.choices,
                             default=JournalPhase.COURSE)
    note = models.TextField(_("notat"))
    phone_reason = models.CharField(
        _("begrundelse for telefonisk kontakt"), max_length=300, blank=True)
    corrects = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="corrections")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=[])

    class Meta:
        verbose_name = _("journalnotat")
        verbose_name_plural = _("journalnotater")
        ordering: ClassVar[list[str]] = ["-contact_date", "-id"]
        indexes: ClassVar[list[models.Index]] = [models.Index(fields=["course", "-contact_date"])]


# --- Journal work: contact intervals, drafts, calendar feed tokens ----------------------------


class ContactInterval(models.Model):
    """One elapsed contact interval of a course (``min_contact_days`` long, counted from the
    start date), kept by the journal service and the daily sweep so that compliance over time
    (share of intervals with a contact) can be aggregated by the reports."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE,
                               related_name="contact_intervals")
    number = models.PositiveIntegerField()
    start_date = models.DateField()
    end_date = models.DateField(db_index=True)
    contacts = models.PositiveIntegerField(default=0)
    # Attempts that did not reach the citizen: a missed interval with attempts reads
    # differently from one with none.
    attempts = models.PositiveIntegerField(default=0)
    met = models.BooleanField(default=False)
    in_person = models.BooleanField(default=False)
    # On an in-person course: the interval's contacts were all remote and none gave a reason.
    remote_without_reason = models.BooleanField(default=False)

    class Meta:
        ordering: ClassVar[list[str]] = ["course", "number"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["course", "number"], name="contact_interval_unique")
        ]

    def __str__(self) -> str:
        return f"{self.course}: {self.start_date:%d.%m.%Y}–{self.end_date:%d.%m.%Y}"


class JournalDraft(models.Model):
    """Unsaved journal text, kept for its author only so that it survives a session timeout.

    One draft per (author, course, form); ``form_key`` is "new", "edit-<id>" or "correct-<id>".
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="+")
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="+")
    form_key = models.CharField(max_length=40)
    data = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["user", "course", "form_key"],
                                    name="journal_draft_unique")
        ]

    def __str__(self) -> str:
        # Never the draft's text: it is a journal note in the making.
        return self.form_key


class CalendarToken(models.Model):
    """A mentor's secret calendar-feed token. Only its SHA-256 digest is stored."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="calendar_token")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        # Never the token or its digest.
        return str(self.user)

# --- Follow-up tasks for caseworkers -----------------------------------------------------------


class FollowUpTaskKind(models.TextChoices):
    PRISON_RELEASE = "prison_release", _("Løsladelse: vurder behovet for en mentor")
    SITUATION_3_MONTHS = "situation_3m", _("3 måneder efter forløbet: registrér situationen")
    SITUATION_6_MONTHS = "situation_6m", _("6 måneder efter forløbet: registrér situationen")


# The situation tasks and how many months after the course's end each falls due.
SITUATION_TASK_MONTHS: Final[dict[str, int]] = {FollowUpTaskKind.SITUATION_3_MONTHS: 3,
                                                FollowUpTaskKind.SITUATION_6_MONTHS: 6}


class Situation(models.TextChoices):
    """The citizen's situation some months after a course ended (the effect that lasts)."""

    EMPLOYED = "employed", _("I beskæftigelse")
    EDUCATION = "education", _("I uddannelse")
    ACTIVE_OFFER = "active_offer", _("I et aktivt tilbud")
    ON_BENEFIT = "on_benefit", _("Fortsat på offentlig forsørgelse uden tilbud")
    OTHER = "other", _("Andet")


GOOD_SITUATIONS: Final = frozenset({Situation.EMPLOYED, Situation.EDUCATION})


class FollowUpTask(DisplayChoicesModel):
    """Something a caseworker must assess about a citizen: made by the follow-up sweep when a
    date in the citizen's facts arrives (one per citizen, kind and date), or when a course ends
    (the situation 3 and 6 months later: one per course and kind, with ``situation`` recorded
    when done)."""

    citizen = models.ForeignKey(Citizen, on_delete=models.CASCADE,
                                related_name="followup_tasks")
    course = models.ForeignKey("Course", on_delete=models.CASCADE, null=True, blank=True,
                               related_name="followup_tasks")
    situation = models.CharField(_("situation"), max_length=20, choices=Situation.choices,
                                 blank=True)
    # Stamped once when the sweep told the caseworker the task is due.
    reminded_at = models.DateTimeField(null=True, blank=True)
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="+")
    caseworker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+")
    kind = models.CharField(max_length=32, choices=FollowUpTaskKind.choices)
    due_date = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                null=True, blank=True, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar[list[str]] = ["due_date", "id"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["citizen", "kind", "due_date"],
                                    condition=Q(course__isnull=True),
                                    name="followup_task_once_per_date"),
            models.UniqueConstraint(fields=["course", "kind"],
                                    condition=Q(course__isnull=False),
                                    name="followup_task_once_per_course"),
        ]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["team", "done_at", "due_date"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.due_date:%d.%m.%Y})"


# Complaints about decisions (visitation/models_complaints.py).
from visitation.models_complaints import Complaint, ComplaintEvent  # noqa: E402, F401
