"""The API's endpoints: thin views that fetch through the client's selectors (404 for what the
client may not reach), call the same services as the pages, and log every read of a citizen's
data in the access log under the client."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from mentor.api import selectors, webhooks
from mentor.api import serializers as s
from mentor.api.permissions import request_client
from mentor.models import AccessAction, User
from mentor.models_api import ApiClient, ApiRequest, ApiScope
from mentor.services import DomainError
from reporting import services as cost_services
from reporting.models import CostLine
from visitation.models import Course
from visitation.services import journal as journal_services
from visitation.services.reviews import GoalProgression, review_complete

READ = {"GET": ApiScope.PROVIDER_READ, "*": ApiScope.PROVIDER_WRITE}


class ApiView(APIView):
    """Every request with a client's token is recorded (client, token, method, path, status)."""

    required_scope: Any = None

    @property
    def client(self) -> ApiClient:
        return request_client(self.request)

    def finalize_response(self, request: Request, response: Response, *args: Any,
                          **kwargs: Any) -> Response:
        response = super().finalize_response(request, response, *args, **kwargs)
        auth = getattr(request, "_auth", None)
        client = getattr(getattr(auth, "application", None), "api_client", None)
        if isinstance(client, ApiClient) and auth is not None:
            ApiRequest.objects.create(client=client, token_id=auth.pk, method=request.method or "",
                                      path=request.path[:300], status=response.status_code)
        return response


class ListApiView(ApiView, generics.ListAPIView[Any]):
    """A paginated list whose rows' citizens are logged as read (``what``)."""

    what = ""

    def citizen_id(self, row: Any) -> int:
        return int(row.citizen_id)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        if page is None:
            raise ImproperlyConfigured("The API's lists are paginated (DEFAULT_PAGINATION_CLASS).")
        selectors.log_reads(self.client, {self.citizen_id(row) for row in page}, self.what)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


def _mentor_user(course: Course) -> User:
    """The provider's system writes on behalf of the course's mentor, who is the journal's
    author and the review's completer, exactly as on the pages."""
    if course.mentor is None or course.mentor.user is None:
        raise DomainError(_("Forløbet har ingen mentor med en brugerkonto."))
    return course.mentor.user


# --- Provider ----------------------------------------------------------------------------------


class ProviderCourseList(ListApiView):
    """The provider's open courses."""

    required_scope = ApiScope.PROVIDER_READ
    serializer_class = s.ProviderCourseSerializer

    what = "forløb"

    def get_queryset(self) -> Any:
        return selectors.provider_courses(self.client)


class ProviderCourseDetail(ApiView):
    required_scope = ApiScope.PROVIDER_READ

    @extend_schema(responses=s.ProviderCourseSerializer)
    def get(self, request: Request, pk: int) -> Response:
        course = selectors.provider_course(self.client, pk)
        selectors.log_reads(self.client, [course.citizen_id], f"forløb #{course.pk}")
        return Response(s.ProviderCourseSerializer(course).data)


def _entry_data(data: dict[str, Any]) -> journal_services.EntryData:
    return journal_services.EntryData(
        contact_date=data["contact_date"], form=data["form"],
        duration_minutes=data["duration_minutes"], phase=data["phase"], note=data["note"],
        phone_reason=data["phone_reason"])


def _valid(serializer_class: type[serializers.Serializer[Any]], request: Request) -> Any:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


class ProviderJournalCreate(ApiView):
    """A journal entry by the course's mentor (the same checks as the journal page)."""

    required_scope = ApiScope.PROVIDER_WRITE

    @extend_schema(request=s.JournalEntryInputSerializer,
                   responses={201: s.JournalEntrySerializer})
    def post(self, request: Request, pk: int) -> Response:
        course = selectors.provider_course(self.client, pk)
        data = _valid(s.JournalEntryInputSerializer, request)
        entry = journal_services.journal_entry_add(actor=_mentor_user(course), course=course,
                                                   data=_entry_data(data))
        return Response(s.JournalEntrySerializer(entry).data, status=status.HTTP_201_CREATED)


class ProviderJournalEdit(ApiView):
    """Change an entry in place: only within 24 hours of writing it, as on the pages."""

    required_scope = ApiScope.PROVIDER_WRITE

    @extend_schema(request=s.JournalEntryInputSerializer, responses=s.JournalEntrySerializer)
    def put(self, request: Request, pk: int) -> Response:
        entry = selectors.provider_entry(self.client, pk)
        data = _valid(s.JournalEntryInputSerializer, request)
        entry = journal_services.journal_entry_edit(actor=_mentor_user(entry.course),
                                                    entry=entry, data=_entry_data(data))
        return Response(s.JournalEntrySerializer(entry).data)


class ProviderJournalCorrect(ApiView):
    """Append a correction to an entry (after 24 hours the only way to change it)."""

    required_scope = ApiScope.PROVIDER_WRITE

    @extend_schema(request=s.JournalEntryInputSerializer,
                   responses={201: s.JournalEntrySerializer})
    def post(self, request: Request, pk: int) -> Response:
        entry = selectors.provider_entry(self.client, pk)
        data = _valid(s.JournalEntryInputSerializer, request)
        correction = journal_services.journal_entry_correct(
            actor=_mentor_user(entry.course), entry=entry, data=_entry_data(data))
        return Response(s.JournalEntrySerializer(correction).data,
                        status=status.HTTP_201_CREATED)


class ProviderCostLines(ApiView):
    """Hours and invoices as cost lines of the provider's course, against the framework
    agreement's hourly price."""

    required_scope = READ

    @extend_schema(responses=s.CostLineSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        course = selectors.provider_course(self.client, pk)
        lines = (CostLine.objects.filter(course=course, provider=course.provider)
                 .select_related("provider").order_by("period_start", "id"))
        selectors.log_reads(self.client, [course.citizen_id], f"udgifter, forløb #{course.pk}")
        return Response(s.CostLineSerializer(lines, many=True).data)

    @extend_schema(request=s.CostLineInputSerializer, responses={201: s.CostLineSerializer})
    def post(self, request: Request, pk: int) -> Response:
        course = selectors.provider_course(self.client, pk)
        data = _valid(s.CostLineInputSerializer, request)
        provider = course.provider
        line = cost_services.cost_line_create(
            actor=self.client.user, course=course, provider=provider,
            kind=data.get("kind") or cost_services.default_kind(provider),
            period_start=data["period_start"], period_end=data["period_end"],
            hours=data.get("hours"), amount=data.get("amount"), note=data["note"])
        return Response(s.CostLineSerializer(line).data, status=status.HTTP_201_CREATED)


class ProviderReviews(ApiView):
    required_scope = ApiScope.PROVIDER_READ

    @extend_schema(responses=s.ReviewSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        course = selectors.provider_course(self.client, pk)
        selectors.log_reads(self.client, [course.citizen_id],
                            f"opfølgninger, forløb #{course.pk}")
        return Response(s.ReviewSerializer(course.reviews.all(), many=True).data)


class ProviderReviewComplete(ApiView):
    """Submit a due review (progression per goal, effect, readiness, outcome)."""

    required_scope = ApiScope.PROVIDER_WRITE

    @extend_schema(request=s.ReviewInputSerializer, responses=s.ReviewSerializer)
    def post(self, request: Request, pk: int) -> Response:
        review = selectors.provider_review(self.client, pk)
        data = _valid(s.ReviewInputSerializer, request)
        done = review_complete(
            actor=_mentor_user(review.course), review=review,
            progression=[GoalProgression(goal_id=item["goal_id"], scale=item["scale"],
                                         text=item["text"]) for item in data["progression"]],
            effect=data["effect"], ready_for_active_offer=data["ready_for_active_offer"],
            outcome=data["outcome"])
        return Response(s.ReviewSerializer(done).data)


# --- Case system ---------------------------------------------------------------------------------


class CaseDecisionList(ListApiView):
    """Decided referrals (approved or rejected) of the municipality's citizens."""

    required_scope = ApiScope.CASE_READ
    serializer_class = s.DecisionSerializer

    what = "afgørelser"

    def get_queryset(self) -> Any:
        return selectors.case_decisions(self.client)


class CaseDecisionDetail(ApiView):
    required_scope = ApiScope.CASE_READ

    @extend_schema(responses=s.DecisionSerializer)
    def get(self, request: Request, pk: int) -> Response:
        referral = selectors.case_decision(self.client, pk)
        selectors.log_reads(self.client, [referral.citizen_id], f"afgørelse #{referral.pk}")
        return Response(s.DecisionSerializer(referral).data)


class CaseCourseList(ListApiView):
    required_scope = ApiScope.CASE_READ
    serializer_class = s.CaseCourseSerializer

    what = "forløb"

    def get_queryset(self) -> Any:
        return selectors.case_courses(self.client)


class CaseCourseDetail(ApiView):
    required_scope = ApiScope.CASE_READ

    @extend_schema(responses=s.CaseCourseSerializer)
    def get(self, request: Request, pk: int) -> Response:
        course = selectors.case_course(self.client, pk)
        selectors.log_reads(self.client, [course.citizen_id], f"forløb #{course.pk}")
        return Response(s.CaseCourseSerializer(course).data)


class CaseCourseEvents(ApiView):
    required_scope = ApiScope.CASE_READ

    @extend_schema(responses=s.CourseEventSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        course = selectors.case_course(self.client, pk)
        selectors.log_reads(self.client, [course.citizen_id], f"forløbshistorik #{course.pk}")
        return Response(s.CourseEventSerializer(selectors.course_events(course), many=True).data)


class EventQuerySerializer(serializers.Serializer[Any]):
    after = serializers.IntegerField(min_value=0, max_value=2**53, default=0,
                                     help_text="The last event id already read (0: from the start).")
    limit = serializers.IntegerField(min_value=1, max_value=500, default=100,
                                     help_text="At most this many events.")


class CaseEventFeed(ApiView):
    """The municipality's events after a cursor, oldest first. References only (ids): reading
    the course or decision they point to is the logged read."""

    required_scope = ApiScope.CASE_READ

    @extend_schema(parameters=[EventQuerySerializer],
        responses=s.EventPageSerializer)
    def get(self, request: Request) -> Response:
        query = EventQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        after = query.validated_data["after"]
        events = selectors.case_events(self.client, after=after,
                                       limit=query.validated_data["limit"])
        return Response({"events": s.EventSerializer(events, many=True).data,
                         "next_after": events[-1].pk if events else after})


class CaseCitizenLookup(ApiView):
    """A citizen's decisions and courses by CPR number, which travels only in the body."""

    required_scope = ApiScope.CASE_READ

    @extend_schema(request=s.CprLookupSerializer, responses=s.CitizenCasesSerializer)
    def post(self, request: Request) -> Response:
        data = _valid(s.CprLookupSerializer, request)
        citizen = selectors.case_citizen_by_cpr(self.client, data["cpr"])
        selectors.log_reads(self.client, [citizen.pk], "opslag på CPR-nummer",
                            action=AccessAction.LOOKUP)
        return Response(s.CitizenCasesSerializer({
            "citizen": citizen,
            "decisions": selectors.case_decisions(self.client).filter(citizen=citizen),
            "courses": selectors.case_courses(self.client).filter(citizen=citizen),
        }).data)


class CaseWebhookList(ApiView):
    required_scope = ApiScope.CASE_WEBHOOKS

    @extend_schema(responses=s.WebhookSubscriptionSerializer(many=True))
    def get(self, request: Request) -> Response:
        subscriptions = self.client.webhook_subscriptions.filter(active=True).order_by("id")
        return Response(s.WebhookSubscriptionSerializer(subscriptions, many=True).data)

    @extend_schema(request=s.WebhookSubscriptionSerializer,
                   responses={201: s.WebhookCreatedSerializer})
    def post(self, request: Request) -> Response:
        data = _valid(s.WebhookSubscriptionSerializer, request)
        subscription, secret = webhooks.subscription_create(
            client=self.client, url=data["url"], event_types=data["event_types"])
        body = dict(s.WebhookSubscriptionSerializer(subscription).data, secret=secret)
        return Response(body, status=status.HTTP_201_CREATED)


def _subscription(client: ApiClient, pk: int) -> Any:
    from django.http import Http404

    subscription = client.webhook_subscriptions.filter(pk=pk, active=True).first()
    if subscription is None:
        raise Http404
    return subscription


class CaseWebhookDetail(ApiView):
    required_scope = ApiScope.CASE_WEBHOOKS

    @extend_schema(responses={204: None})
    def delete(self, request: Request, pk: int) -> Response:
        webhooks.subscription_deactivate(subscription=_subscription(self.client, pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


class CaseWebhookDeliveries(ApiView):
    """The subscription's latest deliveries: status and attempts."""

    required_scope = ApiScope.CASE_WEBHOOKS

    @extend_schema(responses=s.WebhookDeliverySerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        subscription = _subscription(self.client, pk)
        deliveries = subscription.deliveries.order_by("-id")[:100]
        return Response(s.WebhookDeliverySerializer(deliveries, many=True).data)


