"""Complaints and their outcomes per decision kind, for the dashboard: received in the period,
where they stand now. Counts of decisions, not of people: no small-cell suppression is needed
beyond the dashboard's own, and no citizen is named. One query; not cached (it is small)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from reporting.selectors import ReportFilter
from reporting.tables import COUNT, Column, Table
from visitation.models_complaints import ComplaintStatus, DecisionKindComplained
from visitation.selectors_complaints import REPORT_STATUSES, complaint_counts


def complaints_table(f: ReportFilter) -> Table:
    counts = complaint_counts(start=f.period.start, end=f.period.end, team_ids=f.team_ids)
    # Short headings: the statuses' own labels would make the table too wide to read.
    labels = {ComplaintStatus.RECEIVED: _("Til genvurdering"),
              ComplaintStatus.CHANGED: _("Ændret af kommunen"),
              ComplaintStatus.FORWARDED: _("Hos Ankestyrelsen"),
              ComplaintStatus.UPHELD: _("Stadfæstet"),
              ComplaintStatus.APPEAL_CHANGED: _("Ændret af Ankestyrelsen"),
              ComplaintStatus.SENT_BACK: _("Hjemvist"),
              ComplaintStatus.WITHDRAWN: _("Trukket tilbage")}
    columns = [Column("kind", _("Afgørelse")), Column("total", _("Klager"), COUNT)]
    columns += [Column(status, labels[status], COUNT) for status in REPORT_STATUSES]
    columns.append(Column("late", _("Sendt efter fristen"), COUNT))
    table = Table("complaints", _("Klager og deres udfald pr. afgørelse"), columns)
    keys = ["total", *REPORT_STATUSES, "late"]
    totals = dict.fromkeys(keys, 0)
    for kind, label in DecisionKindComplained.choices:
        row = counts.get(kind)
        if row is None:
            continue
        table.rows.append([str(label), *[row[key] for key in keys]])
        for key in keys:
            totals[key] += row[key]
    table.total = [_("I alt"), *[totals[key] for key in keys]]
    table.note = _("Klager modtaget i perioden, efter hvor de står nu.")
    table.empty_text = _("Ingen klager modtaget i perioden.")
    return table
