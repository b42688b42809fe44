"""/api/v1/: the token endpoint, the schema and its documentation page, the endpoints."""

from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from oauth2_provider.views import RevokeTokenView, TokenView

from mentor.api import views
from mentor.api.problems import not_found

urlpatterns = [
    path("oauth/token/", TokenView.as_view(), name="api_token"),
    path("oauth/revoke/", RevokeTokenView.as_view(), name="api_token_revoke"),
    path("schema/", SpectacularAPIView.as_view(), name="api_schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api_schema"), name="api_docs"),
    path("provider/courses/", views.ProviderCourseList.as_view()),
    path("provider/courses/<int:pk>/", views.ProviderCourseDetail.as_view()),
    path("provider/courses/<int:pk>/journal/", views.ProviderJournalCreate.as_view()),
    path("provider/courses/<int:pk>/cost-lines/", views.ProviderCostLines.as_view()),
    path("provider/courses/<int:pk>/reviews/", views.ProviderReviews.as_view()),
    path("provider/journal/<int:pk>/", views.ProviderJournalEdit.as_view()),
    path("provider/journal/<int:pk>/corrections/", views.ProviderJournalCorrect.as_view()),
    path("provider/reviews/<int:pk>/complete/", views.ProviderReviewComplete.as_view()),
    path("case/decisions/", views.CaseDecisionList.as_view()),
    path("case/decisions/<int:pk>/", views.CaseDecisionDetail.as_view()),
    path("case/courses/", views.CaseCourseList.as_view()),
    path("case/courses/<int:pk>/", views.CaseCourseDetail.as_view()),
    path("case/courses/<int:pk>/events/", views.CaseCourseEvents.as_view()),
    path("case/events/", views.CaseEventFeed.as_view()),
    path("case/citizens/lookup/", views.CaseCitizenLookup.as_view()),
    path("case/webhooks/", views.CaseWebhookList.as_view()),
    path("case/webhooks/<int:pk>/", views.CaseWebhookDetail.as_view()),
    path("case/webhooks/<int:pk>/deliveries/", views.CaseWebhookDeliveries.as_view()),
    re_path(r"^", not_found),
]
