"""`manage.py rules evaluate [--policy FILE.json] [--lang en|da] < facts.jsonl > decisions.jsonl`
`manage.py rules impact --law CANDIDATE.json [--policy POLICY.json] [--on DATE] [--format ...]`

`evaluate` is a thin shell around `visitation.rules.cli.run_evaluate`: one JSON object of facts
per line in, one decision (or ``{"error": ...}``) per line out. Exit status 0 when every line
was decided, 1 when any line was an error, 2 when the policy file is malformed.

`impact` re-decides every open course (at its next review, or at the end of its period when
no review is left) and every referral waiting for approval (on --on) under the candidate law
and/or policy, and lists those whose kind, legal basis, contact interval, period or review
dates would change, before and after. Nothing is written to the database.
"""

from __future__ import annotations

import datetime
import io
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from visitation.rules.cli import EXIT_BAD_POLICY, run_evaluate


class Command(BaseCommand):
    help = "Decide mentor support for facts read as JSON lines from standard input."
    # `evaluate` is a pure function of its input; `impact` reads the database itself.
    requires_system_checks = ()
    # call_command("rules", "evaluate", stdin=io.StringIO(...)) reads from the given stream.
    stealth_options = ("stdin",)

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        evaluate = actions.add_parser(
            "evaluate",
            help="decide each line of facts on stdin; write one JSON decision per line to stdout",
        )
        evaluate.add_argument(
            "--policy",
            metavar="FILE.json",
            help="the municipality's policy; without it the legal minimum is the policy",
        )
        evaluate.add_argument(
            "--lang",
            choices=("en", "da"),
            default="en",
            help="language of explanations and error messages (default en)",
        )
        impact = actions.add_parser(
            "impact",
            help="list the open courses and pending referrals a candidate law or policy changes",
        )
        impact.add_argument("--law", metavar="CANDIDATE.json", help="a candidate law.json")
        impact.add_argument(
            "--policy",
            metavar="POLICY.json",
            help="a candidate policy for every municipality (default: each one's own)",
        )
        impact.add_argument(
            "--on", metavar="YYYY-MM-DD", help="the day to look from (default today)"
        )
        impact.add_argument("--format", choices=("text", "csv", "json"), default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "impact":
            self._impact(options)
            return
        policy_text = None
        if options["policy"]:
            try:
                policy_text = _read(options["policy"])
            except CommandError as error:
                self.stderr.write(f"policy: {error}")
                sys.exit(EXIT_BAD_POLICY)
        stdin = options.get("stdin") or sys.stdin
        for stream in (stdin, sys.stdout):
            # The output is UTF-8 JSON (Danish letters are written as they are).
            if isinstance(stream, io.TextIOWrapper) and stream.encoding.lower() != "utf-8":
                stream.reconfigure(encoding="utf-8")
        code = run_evaluate(stdin, self.stdout, policy_text, options["lang"], err=self.stderr)
        self.stdout.flush()
        sys.exit(code)

    def _impact(self, options: dict[str, Any]) -> None:
        from visitation import rules
        from visitation.rules.impact import count_line, write_report

        if not options["law"] and not options["policy"]:
            raise CommandError("give a candidate --law, a candidate --policy, or both")
        candidate = rules.DEFAULT_ENGINE
        if options["law"]:
            try:
                candidate = rules.Engine(rules.load_law(Path(options["law"])))
            except (OSError, rules.LawDataError) as error:
                raise CommandError(f"law: {error}") from None
        policy = None
        if options["policy"]:
            try:
                policy = rules.parse_policy(_read(options["policy"]))
            except rules.PolicyError as error:
                raise CommandError(f"policy: {error.message()}") from None
        try:
            on = (
                datetime.date.fromisoformat(options["on"])
                if options["on"]
                else timezone.localdate()
            )
        except ValueError:
            raise CommandError(f"--on must be a date YYYY-MM-DD, got {options['on']!r}") from None

        from visitation.selectors_impact import decision_changes

        changes = list(decision_changes(candidate=candidate, policy=policy, on=on))
        write_report(changes, self.stdout, options["format"])
        if options["format"] == "csv":
            self.stderr.write(count_line(changes))


def _read(path: str) -> str:
    try:
        with open(path, encoding="utf-8") as file:
            return file.read()
    except (OSError, UnicodeDecodeError) as error:
        raise CommandError(f"cannot read {path}: {error}") from None
