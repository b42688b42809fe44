"""``{{ moment|ago }}``: how long ago, in words, and "lige nu" under a minute (never
"0 minutter siden")."""

from __future__ import annotations

import datetime

from django import template
from django.utils import timezone
from django.utils.timesince import timesince
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def ago(moment: datetime.datetime | None) -> str:
    if moment is None:
        return ""
    if timezone.now() - moment < datetime.timedelta(minutes=1):
        return _("lige nu")
    return _("%(t)s siden") % {"t": timesince(moment)}
