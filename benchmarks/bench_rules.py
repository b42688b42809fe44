"""How many decisions per second the rules make in one process.

    .venv/bin/python benchmarks/bench_rules.py [--facts 5000] [--repeat 5]

Measures, over a varied, reproducible set of facts (every benefit, every law period
2014–2032, every target group, both the legal minimum and a municipal policy):
  evaluate            evaluate(facts, policy) on already parsed facts
  parse + evaluate    parse_facts(dict) then evaluate
  command line        json.loads, parse, evaluate, decision_to_dict, json.dumps (a line of
                      `manage.py rules evaluate`)
Each figure is the best of --repeat runs. The target is 20,000 decisions/s for evaluate.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

TARGET = 20_000
BENEFITS = (
    "cash_benefit",
    "education_benefit",
    "integration_benefit",
    "sickness_benefit",
    "flex_job",
    "disability_pension",
    "resource_course",
    "unemployment_insurance",
    "none",
)
GRIBSKOV = {
    "name": "Gribskov",
    "right_and_duty_contact_days": 7,
    "review_lead_days": 14,
    "service_levels": {
        "1": {"min_hours_per_week": 0, "max_hours_per_week": 1, "review_interval_months": 3},
        "2": {"min_hours_per_week": 1, "max_hours_per_week": 2, "review_interval_months": 1},
        "3": {"min_hours_per_week": 2, "max_hours_per_week": None, "review_interval_months": 1},
    },
}


def varied_facts(count: int, seed: int = 2014) -> list[dict[str, Any]]:
    """Reproducible facts spread over the law periods, benefits and qualifying facts."""
    rng = random.Random(seed)  # noqa: S311 (seeded synthetic data)
    first, last = date(2014, 1, 1), date(2032, 12, 31)
    span = (last - first).days
    result = []
    for _ in range(count):
        on = first + timedelta(days=rng.randrange(span))
        born = on - timedelta(days=rng.randrange(16 * 365, 60 * 365))
        facts: dict[str, Any] = {
            "decision_date": on.isoformat(),
            "birth_date": born.isoformat(),
            "benefit": rng.choice(BENEFITS),
            "service_level": rng.choice((1, 2, 3)),
        }
        if rng.random() < 0.5:
            facts["activity_ready"] = True
            facts["can_take_part_in_offers"] = rng.random() < 0.3
        if rng.random() < 0.15:
            facts["psychiatric_discharge_date"] = (
                on + timedelta(days=rng.randrange(-60, 300))
            ).isoformat()
        if rng.random() < 0.15:
            facts["prison_release_date"] = (on + timedelta(days=rng.randrange(0, 200))).isoformat()
        if rng.random() < 0.3:
            facts["education_start_date"] = (on + timedelta(days=rng.randrange(0, 120))).isoformat()
            facts["single_parent_with_education_order"] = rng.random() < 0.5
            facts["previous_jobcentre_contact"] = rng.random() < 0.5
            facts["has_vocational_education"] = rng.random() < 0.3
        if rng.random() < 0.2:
            facts["in_integration_programme"] = True
        if rng.random() < 0.4:
            facts["in_employment_activity"] = True
        if rng.random() < 0.3:
            facts["start_date"] = (on + timedelta(days=rng.randrange(0, 60))).isoformat()
        result.append(facts)
    return result


def best_rate(work: Callable[[], int], repeat: int) -> float:
    best = 0.0
    for _ in range(repeat):
        started = time.perf_counter()
        done = work()
        best = max(best, done / (time.perf_counter() - started))
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--facts", type=int, default=5000, help="facts per run (default 5000)")
    parser.add_argument("--repeat", type=int, default=5, help="runs; the best counts (default 5)")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from visitation.rules import (
        LEGAL_MINIMUM,
        decision_to_dict,
        evaluate,
        parse_facts,
        parse_policy,
    )

    raw = varied_facts(args.facts)
    policies = [LEGAL_MINIMUM, parse_policy(GRIBSKOV)]
    cases = [(facts, policies[i % 2]) for i, facts in enumerate(raw)]
    parsed = [(parse_facts(facts), policy) for facts, policy in cases]
    lines = [(json.dumps(facts), policy) for facts, policy in cases]

    def evaluate_only() -> int:
        for facts, policy in parsed:
            evaluate(facts, policy)
        return len(parsed)

    def parse_and_evaluate() -> int:
        for facts, policy in cases:
            evaluate(parse_facts(facts), policy)
        return len(cases)

    def command_line() -> int:
        for line, policy in lines:
            decision = evaluate(parse_facts(json.loads(line)), policy)
            json.dumps(decision_to_dict(decision), ensure_ascii=False)
        return len(lines)

    kinds: dict[str, int] = {}
    for facts, policy in parsed:
        kind = evaluate(facts, policy).kind
        kinds[kind] = kinds.get(kind, 0) + 1
    print(f"{len(parsed)} varied facts: " + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items())))

    rate = best_rate(evaluate_only, args.repeat)
    print(f"evaluate            {rate:>10,.0f} decisions/s")
    print(f"parse + evaluate    {best_rate(parse_and_evaluate, args.repeat):>10,.0f} decisions/s")
    print(f"command line        {best_rate(command_line, args.repeat):>10,.0f} decisions/s")
    verdict = "met" if rate >= TARGET else "NOT met"
    print(f"target {TARGET:,} decisions/s for evaluate: {verdict}")
    return 0 if rate >= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
