"""Core pages: citizens (list, form, detail) and the policy screens."""

from django.urls import path

urlpatterns: list = []
