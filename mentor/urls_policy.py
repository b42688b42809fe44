from django.urls import path

from mentor import views_policy

urlpatterns = [
    path("policy/", views_policy.policy_list, name="policy_list"),
    path("policy/new/", views_policy.policy_create, name="policy_create"),
    path("policy/<int:pk>/", views_policy.policy_detail, name="policy_detail"),
]
