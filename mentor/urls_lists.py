"""The list pages' saved filters."""

from django.urls import path

from mentor import views_lists

urlpatterns = [
    path("filters/save/", views_lists.saved_filter_create, name="saved_filter_create"),
    path("filters/<int:pk>/delete/", views_lists.saved_filter_remove,
         name="saved_filter_delete"),
]
