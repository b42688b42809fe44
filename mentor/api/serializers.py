"""What the API shows and accepts. No CPR number is ever shown; a provider sees initials."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from mentor.models import Citizen
from mentor.models_api import ApiEvent, EventType
from reporting.models import CostKind, CostLine
from visitation.models import (
    ContactForm,
    Course,
    CourseEvent,
    CourseStatus,
    JournalEntry,
    JournalPhase,
    Referral,
    Review,
    ReviewOutcome,
)
from visitation.selectors_journal import citizen_initials

PROVIDER_COST_KINDS = [(CostKind.INVOICE, CostKind.INVOICE.label),
                       (CostKind.WAGE_REFUND, CostKind.WAGE_REFUND.label)]


# --- Provider ---------------------------------------------------------------------------------


class MentorRefSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()


class ReviewSerializer(serializers.ModelSerializer[Review]):
    course = serializers.IntegerField(source="course_id")

    class Meta:
        model = Review
        fields = ("id", "course", "due_date", "kind", "status", "completed_at", "outcome",
                  "effect", "ready_for_active_offer", "progression")


class ReviewDueSerializer(serializers.ModelSerializer[Review]):
    class Meta:
        model = Review
        fields = ("id", "due_date", "kind", "status")


class GoalSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    description = serializers.CharField()
    measure = serializers.CharField()


class ContactRequirementSerializer(serializers.Serializer[Any]):
    min_contact_days = serializers.IntegerField(allow_null=True,
                                                help_text="Contact at least every n days.")
    in_person_contact_required = serializers.BooleanField()
    last_contact_date = serializers.DateField(allow_null=True)
    next_contact_due = serializers.DateField(allow_null=True)


class ProviderCourseSerializer(serializers.Serializer[Any]):
    """A course as the provider's system needs it: the course number and the citizen's
    initials, never a name or a CPR number."""

    id = serializers.IntegerField(help_text="The course number.")
    citizen_initials = serializers.SerializerMethodField()
    mentor = serializers.SerializerMethodField()
    mentor_type = serializers.CharField(source="mentor_type.code")
    status = serializers.ChoiceField(choices=CourseStatus.choices)
    service_level = serializers.IntegerField()
    hours_per_week = serializers.DecimalField(max_digits=4, decimal_places=1)
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    contact = serializers.SerializerMethodField()
    reviews = serializers.SerializerMethodField()
    goals = serializers.SerializerMethodField()

    def get_citizen_initials(self, course: Course) -> str:
        return citizen_initials(course.citizen.first_name, course.citizen.last_name)

    @extend_schema_field(MentorRefSerializer(allow_null=True))
    def get_mentor(self, course: Course) -> dict[str, Any] | None:
        return None if course.mentor is None else {"id": course.mentor.pk,
                                                   "name": course.mentor.name}

    @extend_schema_field(ContactRequirementSerializer)
    def get_contact(self, course: Course) -> dict[str, Any]:
        return ContactRequirementSerializer(course).data

    @extend_schema_field(ReviewDueSerializer(many=True))
    def get_reviews(self, course: Course) -> Any:
        return ReviewDueSerializer(course.reviews.all(), many=True).data

    @extend_schema_field(GoalSerializer(many=True))
    def get_goals(self, course: Course) -> Any:
        return GoalSerializer(course.referral.goals.all(), many=True).data


class JournalEntryInputSerializer(serializers.Serializer[Any]):
    contact_date = serializers.DateField()
    form = serializers.ChoiceField(choices=ContactForm.choices)
    duration_minutes = serializers.IntegerField(min_value=1, max_value=24 * 60)
    phase = serializers.ChoiceField(choices=JournalPhase.choices, default=JournalPhase.COURSE)
    note = serializers.CharField(max_length=20_000)
    phone_reason = serializers.CharField(max_length=300, required=False, allow_blank=True,
                                         default="")


class JournalEntrySerializer(serializers.ModelSerializer[JournalEntry]):
    course = serializers.IntegerField(source="course_id")
    corrects = serializers.IntegerField(source="corrects_id", allow_null=True)
    author = serializers.SerializerMethodField()

    class Meta:
        model = JournalEntry
        fields = ("id", "course", "author", "contact_date", "form", "duration_minutes", "phase",
                  "note", "phone_reason", "corrects", "created_at")

    def get_author(self, entry: JournalEntry) -> str:
        return entry.author.get_full_name() or entry.author.username


class CostLineInputSerializer(serializers.Serializer[Any]):
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    kind = serializers.ChoiceField(
        choices=PROVIDER_COST_KINDS, required=False,
        help_text="Default: invoice, or wage_refund for a company or education institution.")
    hours = serializers.DecimalField(max_digits=8, decimal_places=2, min_value=Decimal("0"),
                                     required=False,
                                     help_text="Default: the hours journaled in the period.")
    amount = serializers.DecimalField(
        max_digits=12, decimal_places=2, min_value=Decimal("0"), required=False,
        help_text="The invoice's amount. Default: the hours at the framework agreement's price.")
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["period_end"] < attrs["period_start"]:
            raise serializers.ValidationError(
                {"period_end": "Periodens slutdato ligger før startdatoen."})
        return attrs


class CostLineSerializer(serializers.ModelSerializer[CostLine]):
    course = serializers.IntegerField(source="course_id")
    framework_hourly_price = serializers.SerializerMethodField()
    framework_amount = serializers.SerializerMethodField()

    class Meta:
        model = CostLine
        fields = ("id", "course", "kind", "period_start", "period_end", "hours", "amount",
                  "framework_hourly_price", "framework_amount", "note", "created_at")

    @extend_schema_field(serializers.DecimalField(max_digits=8, decimal_places=2,
                                                  allow_null=True))
    def get_framework_hourly_price(self, line: CostLine) -> str | None:
        rate = line.provider.hourly_price
        return None if rate is None else f"{rate:.2f}"

    @extend_schema_field(serializers.DecimalField(max_digits=12, decimal_places=2,
                                                  allow_null=True))
    def get_framework_amount(self, line: CostLine) -> str | None:
        """The hours at the framework agreement's price, to compare with the invoice."""
        from reporting.services import price

        rate = line.provider.hourly_price
        return None if rate is None else f"{price(line.hours, rate):.2f}"


class GoalProgressionInputSerializer(serializers.Serializer[Any]):
    goal_id = serializers.IntegerField(allow_null=True,
                                       help_text="The referral's goal; null when it has none.")
    scale = serializers.IntegerField(min_value=1, max_value=5)
    text = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class ReviewInputSerializer(serializers.Serializer[Any]):
    progression = GoalProgressionInputSerializer(many=True)
    effect = serializers.CharField(max_length=5000)
    ready_for_active_offer = serializers.BooleanField(allow_null=True, default=None)
    outcome = serializers.ChoiceField(choices=ReviewOutcome.choices)


# --- Case system ---------------------------------------------------------------------------------


class CitizenSerializer(serializers.ModelSerializer[Citizen]):
    class Meta:
        model = Citizen
        fields = ("id", "first_name", "last_name", "birth_date", "team")


class CaseCourseSerializer(serializers.ModelSerializer[Course]):
    citizen = CitizenSerializer()
    referral = serializers.IntegerField(source="referral_id")
    mentor = serializers.SerializerMethodField()
    provider = serializers.CharField(source="provider.name")
    mentor_type = serializers.CharField(source="mentor_type.code")

    class Meta:
        model = Course
        fields = ("id", "citizen", "referral", "mentor", "provider", "mentor_type", "kind",
                  "target_group", "legal_basis", "rule_set_version", "decision_date",
                  "min_contact_days", "in_person_contact_required", "service_level",
                  "hours_per_week", "start_date", "end_date", "status", "ended_on",
                  "end_reason", "outcome")

    @extend_schema_field(MentorRefSerializer(allow_null=True))
    def get_mentor(self, course: Course) -> dict[str, Any] | None:
        return None if course.mentor is None else {"id": course.mentor.pk,
                                                   "name": course.mentor.name}


class CourseEventSerializer(serializers.ModelSerializer[CourseEvent]):
    class Meta:
        model = CourseEvent
        fields = ("id", "at", "action", "from_status", "to_status", "reason", "data")


class DecisionSerializer(serializers.ModelSerializer[Referral]):
    citizen = CitizenSerializer()
    mentor_type = serializers.SerializerMethodField()
    course = serializers.SerializerMethodField()

    class Meta:
        model = Referral
        fields = ("id", "citizen", "status", "decision_kind", "rule_set_version", "decision",
                  "decided_at", "decision_reason", "service_level", "hours_per_week",
                  "mentor_type", "proposed_start", "course")

    def get_mentor_type(self, referral: Referral) -> str | None:
        return referral.mentor_type.code if referral.mentor_type else None

    def get_course(self, referral: Referral) -> int | None:
        course = getattr(referral, "course", None)
        return course.pk if course is not None else None


class EventSerializer(serializers.ModelSerializer[ApiEvent]):
    type = serializers.ChoiceField(source="kind", choices=EventType.choices)

    class Meta:
        model = ApiEvent
        fields = ("id", "type", "at", "citizen_id", "referral_id", "course_id", "data")


class EventPageSerializer(serializers.Serializer[Any]):
    events = EventSerializer(many=True)
    next_after = serializers.IntegerField(
        help_text="The cursor for the next read: pass it as ?after=.")


class CprLookupSerializer(serializers.Serializer[Any]):
    cpr = serializers.CharField(max_length=11, min_length=10,
                                help_text="DDMMYY-XXXX or ten digits.")


class CitizenCasesSerializer(serializers.Serializer[Any]):
    citizen = CitizenSerializer()
    decisions = DecisionSerializer(many=True)
    courses = CaseCourseSerializer(many=True)


class WebhookSubscriptionSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(read_only=True)
    url = serializers.URLField(max_length=500)
    event_types = serializers.ListField(
        child=serializers.ChoiceField(choices=EventType.choices), required=False, default=list,
        help_text="Empty: every event.")
    active = serializers.BooleanField(read_only=True)
    created_at = serializers.DateTimeField(read_only=True)

    def validate_url(self, value: str) -> str:
        if not value.lower().startswith(("https://", "http://")):
            raise serializers.ValidationError("Adressen skal være http(s).")
        return value


class WebhookCreatedSerializer(WebhookSubscriptionSerializer):
    secret = serializers.CharField(read_only=True,
                                   help_text="Shown once: the key for the signatures.")


class WebhookDeliverySerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    event = serializers.IntegerField(source="event_id")
    status = serializers.CharField()
    attempts = serializers.IntegerField()
    last_status_code = serializers.IntegerField(allow_null=True)
    last_error = serializers.CharField()
    created_at = serializers.DateTimeField()
    last_attempt_at = serializers.DateTimeField(allow_null=True)
    delivered_at = serializers.DateTimeField(allow_null=True)
