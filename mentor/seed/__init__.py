"""Synthetic data for demonstration and scale work, loaded by ``manage.py seed_demo``.

Two generators, both idempotent (a second run adds nothing):

- The small hand-made demo goes through the services one row at a time, so that every
  history row and side effect is what real use would leave: ``organisation`` (municipality,
  teams, a login for every role, providers, mentors, the policy, citizens), then, in this
  order, ``referrals`` (referrals and courses), ``journal`` (journal entries and completed
  reviews), ``deadlines`` (courses certain to show overdue contacts and reviews),
  ``agreements`` (issued agreements), ``costs`` (cost lines, and the Copenhagen 2017 scenario
  behind ``seed_demo --scenario copenhagen2017``) and ``complaints`` (one awaiting
  re-assessment, one forwarded to Ankestyrelsen).
- The bulk generator (``seed_demo --citizens N --bulk``) writes a large municipality's whole
  history at once in the shapes the services would have left: ``bulk`` (the run, the
  organisation, citizens and the row writer) and ``bulk_history`` (referrals, courses,
  reviews, journal, contact intervals and cost lines per citizen).

Never real people: names are invented, and CPR numbers have serials that fail the old
modulus-11 check.
"""
