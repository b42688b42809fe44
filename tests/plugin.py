"""Loaded by pytest before Django's settings (``-p tests.plugin`` in pyproject.toml's addopts).

The settings module reads ``TESTING`` once, at import, and pytest-django imports it before
any conftest runs; so the test run says it is one here, and a plain ``pytest`` gets the same
settings as ``make test``: eager Celery, the per-process cache, a fast password hasher.
"""

import atexit
import os
import shutil
import tempfile

os.environ["TESTING"] = "1"

# Files the tests store (decision letters' PDFs, the Digital Post outbox) go to a folder of the
# test process's own, removed at its end, never to the product's ``var/``.
_FILES = tempfile.mkdtemp(prefix="mentor-tests-")
atexit.register(shutil.rmtree, _FILES, ignore_errors=True)
os.environ.setdefault("MEDIA_ROOT", os.path.join(_FILES, "media"))
os.environ.setdefault("LETTERS_DIGITAL_POST_OUTBOX", os.path.join(_FILES, "outbox"))
