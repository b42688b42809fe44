"""/api/v1/: the token endpoint, the schema and its documentation page, the endpoints."""

from django.urls import path, re_path, register_converter
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from oauth2_provider.views import RevokeTokenView, TokenView

from mentor.api import views
from mentor.api.problems import not_found


class IdConverter:
    """A row id: at most 18 digits, so that it fits every database's bigint (a longer number
    matches no endpoint and is a 404, not a database error)."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(IdConverter, "id")

urlpatterns = [
    path("oauth/token/", TokenView.as_view(), name="api_token"),
    path("oauth/revoke/", RevokeTokenView.as_view(), name="api_token_revoke"),
    path("schema/", SpectacularAPIView.as_view(), name="api_schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api_schema"), name="api_docs"),
    path("provider/courses/", views.ProviderCourseList.as_view()),
    path("provider/courses/<id:pk>/", views.ProviderCourseDetail.as_view()),
    path("provider/courses/<id:pk>/journal/", views.ProviderJournalCreate.as_view()),
    path("provider/courses/<id:pk>/cost-lines/", views.ProviderCostLines.as_view()),
    path("provider/courses/<id:pk>/reviews/", views.ProviderReviews.as_view()),
    path("provider/journal/<id:pk>/", views.ProviderJournalEdit.as_view()),
    path("provider/journal/<id:pk>/corrections/", views.ProviderJournalCorrect.as_view()),
    path("provider/reviews/<id:pk>/complete/", views.ProviderReviewComplete.as_view()),
    path("case/decisions/", views.CaseDecisionList.as_view()),
    path("case/decisions/<id:pk>/", views.CaseDecisionDetail.as_view()),
    path("case/courses/", views.CaseCourseList.as_view()),
    path("case/courses/<id:pk>/", views.CaseCourseDetail.as_view()),
    path("case/courses/<id:pk>/events/", views.CaseCourseEvents.as_view()),
    path("case/events/", views.CaseEventFeed.as_view()),
    path("case/citizens/lookup/", views.CaseCitizenLookup.as_view()),
    path("case/webhooks/", views.CaseWebhookList.as_view()),
    path("case/webhooks/<id:pk>/", views.CaseWebhookDetail.as_view()),
    path("case/webhooks/<id:pk>/deliveries/", views.CaseWebhookDeliveries.as_view()),
    re_path(r"^", not_found),
]
