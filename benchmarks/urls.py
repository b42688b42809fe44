"""The product's URLs plus the floor page, for the benchmark only (``benchmarks.settings``),
with the product's error pages (a database outage under ``make faults`` answers 503)."""

from django.urls import include, path

from benchmarks import views
from mentor.urls import handler400, handler403, handler404, handler500

urlpatterns = [
    path("bench/floor/", views.floor, name="bench_floor"),
    path("", include("mentor.urls")),
]

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]
