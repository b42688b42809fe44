"""Citizen pages."""

from django.urls import path

from mentor import views_citizens

urlpatterns = [
    path("citizens/", views_citizens.citizen_list, name="citizen_list"),
    path("citizens/new/", views_citizens.citizen_create, name="citizen_create"),
    path("citizens/<int:pk>/", views_citizens.citizen_detail, name="citizen_detail"),
    path("citizens/<int:pk>/edit/", views_citizens.citizen_edit, name="citizen_edit"),
    path("citizens/<int:pk>/social-support/", views_citizens.citizen_support_add,
         name="citizen_support_add"),
]
