"""The WSGI entry point loads the views and freezes the loaded code out of the collector's way."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import gc, sys
before = gc.get_freeze_count()
import mentor.wsgi
print(before, gc.get_freeze_count(), "mentor.views_citizens" in sys.modules,
      "visitation.views_referrals" in sys.modules, callable(mentor.wsgi.application))
"""


def test_wsgi_module_imports_the_views_and_freezes_the_heap() -> None:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "mentor.settings"}
    out = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=env, check=True,
                         capture_output=True, text=True, timeout=120).stdout.split()
    before, after, citizens_views, referral_views, app = out
    assert before == "0"
    # The loaded code (Django, the apps, the views): tens of thousands of objects.
    assert int(after) > 50_000
    assert citizens_views == referral_views == app == "True"
