"""Complaints about decisions."""

from django.urls import path

from visitation import views_complaints as views

urlpatterns = [
    path("citizens/<int:pk>/complaints/new/", views.complaint_create, name="complaint_create"),
    path("complaints/<int:pk>/", views.complaint_detail, name="complaint_detail"),
    path("complaints/<int:pk>/change/", views.complaint_change, name="complaint_change"),
    path("complaints/<int:pk>/forward/", views.complaint_forward, name="complaint_forward"),
    path("complaints/<int:pk>/appeal/", views.complaint_appeal_result,
         name="complaint_appeal_result"),
    path("complaints/<int:pk>/withdraw/", views.complaint_withdraw, name="complaint_withdraw"),
    path("complaints/<int:pk>/case-files.zip", views.complaint_bundle, name="complaint_bundle"),
]
