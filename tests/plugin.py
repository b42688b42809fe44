"""Loaded by pytest before Django's settings (``-p tests.plugin`` in pyproject.toml's addopts).

The settings module reads ``TESTING`` once, at import, and pytest-django imports it before
any conftest runs; so the test run says it is one here, and a plain ``pytest`` gets the same
settings as ``make test``: eager Celery, the per-process cache, a fast password hasher.
"""

import os

os.environ["TESTING"] = "1"
