"""`manage.py rules evaluate [--policy FILE.json] [--lang en|da] < facts.jsonl > decisions.jsonl`

A thin shell around `visitation.rules.cli.run_evaluate`: one JSON object of facts per line in,
one decision (or ``{"error": ...}``) per line out. Exit status 0 when every line was decided,
1 when any line was an error, 2 when the policy file is malformed (message on stderr).
"""

from __future__ import annotations

import io
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from visitation.rules.cli import EXIT_BAD_POLICY, run_evaluate


class Command(BaseCommand):
    help = "Decide mentor support for facts read as JSON lines from standard input."
    # Pure function of its input: no database, so no system or migration checks are needed.
    requires_system_checks: list[str] = []
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

    def handle(self, *args: Any, **options: Any) -> None:
        policy_text = None
        if options["policy"]:
            try:
                with open(options["policy"], encoding="utf-8") as policy_file:
                    policy_text = policy_file.read()
            except (OSError, UnicodeDecodeError) as error:
                self.stderr.write(f"policy: cannot read {options['policy']}: {error}")
                sys.exit(EXIT_BAD_POLICY)
        stdin = options.get("stdin") or sys.stdin
        for stream in (stdin, sys.stdout):
            # The output is UTF-8 JSON (Danish letters are written as they are).
            if isinstance(stream, io.TextIOWrapper) and stream.encoding.lower() != "utf-8":
                stream.reconfigure(encoding="utf-8")
        code = run_evaluate(stdin, self.stdout, policy_text, options["lang"], err=self.stderr)
        self.stdout.flush()
        sys.exit(code)
