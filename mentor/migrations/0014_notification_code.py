"""Notifications as a code and parameters (mentor/texts.py), and the Danish texts of the
rows written before that mapped to them. A text that matches none of the known patterns
keeps its empty code and shows as it was written."""

import datetime
import re
from typing import Any

from django.db import migrations, models

# The texts as the services wrote them until this migration (frozen here: the services no
# longer write them). {name} is a parameter.
KNOWN: list[tuple[str, str]] = [
    ("referral_awaits_visitation", "Indstilling #{referral} venter på visitation."),
    ("referral_approved",
     "Indstilling #{referral} er godkendt, og Mentorforløb #{course} er oprettet."),
    ("course_assigned", "Du er tildelt et nyt mentorforløb (Mentorforløb #{course})."),
    ("referral_rejected", "Indstilling #{referral} er afvist."),
    ("referral_returned", "Indstilling #{referral} er sendt retur til ændringer."),
    ("course_extended", "Mentorforløb #{course} er forlænget til {end_date}."),
    ("course_ended", "Mentorforløb #{course} er afsluttet pr. {ended_on}."),
    ("course_new_mentor_you", "Du er tildelt Mentorforløb #{course} som ny mentor."),
    ("course_new_mentor", "Mentorforløb #{course} har fået en ny mentor."),
    ("contact_overdue",
     "Kontakten med borgeren i mentorforløb {label} er overskredet (forfaldt {due})."),
    ("contact_due_today", "Kontakt med borgeren i mentorforløb {label} forfalder i dag."),
    ("contact_due", "Kontakt med borgeren i mentorforløb {label} forfalder den {due}."),
    ("contact_escalated_no_mentor",
     "Kontakten i mentorforløb {label} er overskredet: den forfaldt {due} ({days} dage "
     "siden). Mentor: ingen mentor tilknyttet."),
    ("contact_escalated",
     "Kontakten i mentorforløb {label} er overskredet: den forfaldt {due} ({days} dage "
     "siden). Mentor: {mentor}."),
    ("review_escalated", "Opfølgningen i mentorforløb {label} er overskredet: den forfaldt {due}."),
    ("review_due", "{kind} i mentorforløb {label} forfalder den {due}."),
    ("review_due_today", "{kind} i mentorforløb {label} forfalder i dag."),
    ("review_missing", "{kind} i mentorforløb {label} forfaldt den {due} og mangler."),
    ("team_digest",
     "Ugeoversigt uge {week}: {contacts} overskredne kontakter og {reviews} overskredne "
     "opfølgninger i dine teams."),
    ("review_completed_pre_end",
     "Opfølgningen før periodens udløb er gennemført i mentorforløb {label} (anbefaling: "
     "{outcome}). Tag stilling til forlængelse eller afslutning inden {end_date}."),
    ("review_completed",
     "Opfølgning gennemført i mentorforløb {label} med anbefalingen '{outcome}'. Tag "
     "stilling på forløbssiden."),
    ("citizen_erased", "Notifikation om en borger, hvis oplysninger er slettet."),
]
KINDS = {"Løbende opfølgning": "periodic", "Opfølgning før periodens udløb": "pre_end"}
OUTCOMES = {"Fortsæt": "continue", "Skift serviceniveau": "change_level", "Forlæng": "extend",
            "Afslut": "end"}
INTEGERS = {"referral", "course", "days", "contacts", "reviews"}
DATES = {"due", "end_date", "ended_on"}


def _pattern(text: str) -> re.Pattern[str]:
    parts = re.split(r"\{(\w+)\}", text)
    regex = "".join(re.escape(part) if index % 2 == 0 else f"(?P<{part}>.+?)"
                    for index, part in enumerate(parts))
    return re.compile(f"^{regex}$")


PATTERNS = [(code, _pattern(text)) for code, text in KNOWN]


def _value(name: str, raw: str) -> Any:
    if name in INTEGERS:
        return int(raw)
    if name in DATES:
        return datetime.datetime.strptime(raw, "%d.%m.%Y").date().isoformat()  # noqa: DTZ007
    if name == "kind":
        return KINDS[raw]
    if name == "outcome":
        return OUTCOMES[raw]
    return raw


def parse(message: str) -> tuple[str, dict[str, Any]] | None:
    """The code and parameters of a text the services wrote, or None."""
    for code, pattern in PATTERNS:
        match = pattern.match(message)
        if match is None:
            continue
        try:
            return code, {name: _value(name, raw) for name, raw in match.groupdict().items()}
        except (KeyError, ValueError):
            continue
    return None


def forwards(apps: Any, schema_editor: Any) -> None:
    Notification = apps.get_model("mentor", "Notification")
    changed = []
    for notification in Notification.objects.filter(code="").only("pk", "message").iterator():
        parsed = parse(notification.message)
        if parsed is not None:
            notification.code, notification.params = parsed
            changed.append(notification)
    Notification.objects.bulk_update(changed, ["code", "params"], batch_size=500)


class Migration(migrations.Migration):

    dependencies = [
        ('mentor', '0013_heartbeat'),
    ]

    operations = [
        migrations.AddField(
            model_name='notification',
            name='code',
            field=models.CharField(blank=True, default='', max_length=60),
        ),
        migrations.AddField(
            model_name='notification',
            name='params',
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
