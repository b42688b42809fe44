"""How long WeasyPrint takes to render one agreement PDF.

    .venv/bin/python benchmarks/bench_pdf.py [--agreements 20] [--out DIR]

Renders --agreements varied agreements (names with æøå, one to six tasks and goals, up to
twelve review dates, long and short complaint guidance, first versions and new versions with
a reason) through ``agreements.pdf.render_agreement_pdf``, the function ``agreement_issue``
calls. The first render in a process also loads fonts and parses the stylesheet; it is reported
apart and left out of the median. Target: median at most 0.5 s per agreement.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

TARGET_SECONDS = 0.5
FIRST = ("Søren", "Åse", "Ærling", "Fatima", "Jonas", "Ida", "Ahmed", "Bjørk", "Mikkel")
LAST = ("Ærø-Åberg", "Sørensen", "Jørgensen", "Møller", "Hussein", "Nielsen", "Østergård")
TASKS = ("Motiverende samtaler", "Bisidder i retten", "Følge til læge og behandling",
         "Hjælp til at forstå breve fra myndigheder", "Støtte i praktik",
         "Koordinering med Kriminalforsorgen", "Arbejdspladsens normer (omgangstone)")
GOALS = (("Borgeren møder stabilt op i sit tilbud", "Fremmøde registreret hver uge"),
         ("Borgeren åbner og forstår sin post", "Gennemgås ved hver opfølgning"),
         ("Borgeren påbegynder uddannelse", "Optaget og mødt første dag"),
         ("Borgeren håndterer sin økonomi", "Ingen restancer i perioden"),
         ("Borgeren deltager i behandling", "Mødt til aftalte behandlinger"),
         ("Borgeren får et fritidsjob", "Ansat mindst 8 timer om ugen"))
GUIDANCE = ("Du kan klage over afgørelsen om mentorstøtte. Klagen sendes til jobcentret inden 4 "
            "uger fra du har modtaget afgørelsen. Jobcentret genvurderer afgørelsen, og "
            "fastholder vi den, sender vi klagen videre til Ankestyrelsen. ")


def varied_contents(count: int, seed: int = 2014) -> list[dict[str, Any]]:
    rng = random.Random(seed)  # noqa: S311 (seeded synthetic data)
    contents = []
    for n in range(count):
        start = datetime.date(2017, 1, 1) + datetime.timedelta(days=rng.randint(0, 700))
        end = start + datetime.timedelta(days=183)
        reviews = [start + datetime.timedelta(days=30 * k) for k in range(1, rng.randint(2, 7))]
        reviews.append(end - datetime.timedelta(days=14))
        goals = rng.sample(GOALS, rng.randint(1, 6))
        version = rng.choice((1, 1, 2, 3))
        contents.append({
            "schema": 1, "course_id": 1000 + n, "version": version,
            "issued_on": (start + datetime.timedelta(days=3)).isoformat(),
            "previous_version": version - 1 or None,
            "reason": "Nyt timetal efter opfølgning." if version > 1 else "",
            "municipality": {"name": "Demo Kommune", "address": "Rådhuspladsen 1, 9999 Demoby",
                             "phone": "70 10 20 30", "email": "jobcenter@demo-kommune.example"},
            "team": "Job og Kompetence",
            "citizen": {"name": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                        "cpr_masked": "170590-XXXX", "address": f"Demovej {n + 1}"},
            "caseworker": {"name": "Sofie Sagsbehandler", "email": "sofie@demo.example",
                           "phone": "70 10 20 31", "title": "Sagsbehandler"},
            "decision": {"kind": "right_and_duty", "kind_label": "Ret og pligt",
                         "legal_basis": ["LAB § 93", "LAB § 31 b"],
                         "target_group": "Aktivitetsparat kontanthjælpsmodtager",
                         "mentor_type": "Helhedsorienteret mentor",
                         "date": start.isoformat()},
            "goal": "\n".join(g for g, _ in goals),
            "progression_goals": [{"description": g, "measure": m} for g, m in goals],
            "tasks": rng.sample(TASKS, rng.randint(1, 6)),
            "mentor": {"name": "Maja Mentor", "email": "maja@demo.example",
                       "phone": "70 10 20 40", "provider": "Jobcentrets mentorkorps"},
            "period": {"number": 1, "start": start.isoformat(), "end": end.isoformat(),
                       "course_start": start.isoformat()},
            "reviews": [d.isoformat() for d in reviews],
            "min_contact_days": rng.choice((7, 14, None)), "in_person_contact": True,
            "follow_up": "Sagsbehandleren følger op sammen med borgeren og mentor.",
            "hours_per_week": rng.choice(("1.0", "1.5", "2.5", "4.0")),
            "service_level": rng.randint(1, 3),
            "complaint_guidance": GUIDANCE * rng.randint(1, 4),
            "notes": "Borgeren ønsker møder om formiddagen." if rng.random() < 0.3 else "",
        })
    return contents


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agreements", type=int, default=20)
    parser.add_argument("--out", type=Path, help="write the PDFs to this folder")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentor.settings")
    import logging

    import django

    django.setup()
    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    logging.getLogger("fontTools").setLevel(logging.WARNING)
    from agreements.pdf import render_agreement_pdf

    contents = varied_contents(args.agreements)
    started = time.perf_counter()
    render_agreement_pdf(contents[0])
    cold = time.perf_counter() - started
    timings = []
    sizes = []
    for index, content in enumerate(contents):
        started = time.perf_counter()
        pdf = render_agreement_pdf(content)
        timings.append(time.perf_counter() - started)
        sizes.append(len(pdf))
        if args.out:
            args.out.mkdir(parents=True, exist_ok=True)
            (args.out / f"agreement-{index + 1:02d}.pdf").write_bytes(pdf)
    median = statistics.median(timings)
    print(f"agreements rendered  {len(timings)}")
    print(f"first render (cold)  {cold:.3f} s  (fonts and stylesheet loaded once per process)")
    print(f"median render        {median:.3f} s  (target <= {TARGET_SECONDS} s)")
    print(f"fastest / slowest    {min(timings):.3f} s / {max(timings):.3f} s")
    print(f"median PDF size      {statistics.median(sizes) / 1024:.0f} KiB")
    return 0 if median <= TARGET_SECONDS else 1


if __name__ == "__main__":
    raise SystemExit(main())
