"""The product's URLs plus the floor page, for the benchmark only (``benchmarks.settings``)."""

from django.urls import include, path

from benchmarks import views

urlpatterns = [
    path("bench/floor/", views.floor, name="bench_floor"),
    path("", include("mentor.urls")),
]
