"""The product's settings, plus the benchmark's floor page.

``make bench`` runs gunicorn with ``DJANGO_SETTINGS_MODULE=benchmarks.settings`` so that the
floor view (``bench_floor``) exists only in the benchmark; everything else is
``mentor.settings`` as configured by the environment (production in the benchmark).
"""

from mentor.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.urls"
