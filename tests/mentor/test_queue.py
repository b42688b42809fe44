"""Queueing by name on commit (``mentor/queue.py``), and the rule it exists for: services
never import tasks modules, so the two cannot import each other."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.db import transaction
from pytest_django import DjangoCaptureOnCommitCallbacks

from agreements import services as agreement_services
from mentor import services
from mentor.models import Notification
from mentor.queue import enqueue, enqueue_on_commit, task_named
from tests.factories import UserFactory
from visitation.services import followup

ROOT = Path(__file__).resolve().parents[2]
APPS = ("mentor", "visitation", "agreements", "reporting")


def services_modules() -> list[Path]:
    found: list[Path] = []
    for app in APPS:
        found += sorted((ROOT / app).glob("services*.py"))
        found += sorted((ROOT / app / "services").glob("*.py"))
    return found


def imported_modules(path: Path) -> set[str]:
    """Every module ``path`` imports, at the top or inside a function, as dotted names
    (``from visitation import tasks`` gives ``visitation.tasks``)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_the_services_modules_are_found() -> None:
    names = {path.relative_to(ROOT).as_posix() for path in services_modules()}
    assert {"mentor/services.py", "visitation/services/followup.py",
            "agreements/services.py"} <= names


@pytest.mark.parametrize("path", services_modules(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_no_services_module_imports_a_tasks_module(path: Path) -> None:
    tasks = {name for name in imported_modules(path) if name.split(".")[-1] == "tasks"}
    assert not tasks, f"{path.name} imports {sorted(tasks)}: queue by name instead"


def test_importing_every_service_loads_no_tasks_module() -> None:
    modules = [".".join(path.relative_to(ROOT).with_suffix("").parts)
               for path in services_modules() if path.name != "__init__.py"]
    script = ("import sys, django; django.setup(); "
              f"[__import__(m) for m in {modules!r}]; "
              "print(sorted(m for m in sys.modules if m.endswith('.tasks') "
              "and m.split('.')[0] in {'mentor', 'visitation', 'agreements', 'reporting'}))")
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                         text=True, check=True,
                         env={**os.environ, "TESTING": "1"})
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize("name", [
    services.DELIVER_NOTIFICATION, agreement_services.ISSUE_AGREEMENT, followup.SWEEP,
    "visitation.tasks.send_contact_reminder", "visitation.tasks.send_contact_escalation",
    "visitation.tasks.send_review_reminder", "visitation.tasks.send_team_digest"])
def test_every_name_the_services_queue_is_a_registered_task(name: str) -> None:
    assert task_named(name).name == name


def test_an_unknown_name_fails_when_queued_not_after_commit(db: Any) -> None:
    with pytest.raises(KeyError):
        enqueue_on_commit("mentor.tasks.no_such_task", 1)


def unsent_notification() -> Notification:
    return Notification.objects.create(user=UserFactory(email="a@example.org"), message="Hej")


def test_queued_work_waits_for_the_commit(
        db: Any, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks) -> None:
    notification = unsent_notification()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        enqueue_on_commit(services.DELIVER_NOTIFICATION, notification.pk)
        assert mail.outbox == []
    notification.refresh_from_db()
    assert notification.emailed_at is not None and len(mail.outbox) == 1


def test_queued_work_is_dropped_on_rollback(
        db: Any, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks) -> None:
    notification = unsent_notification()
    with django_capture_on_commit_callbacks(execute=True) as callbacks, \
            pytest.raises(RuntimeError), transaction.atomic():
        enqueue_on_commit(services.DELIVER_NOTIFICATION, notification.pk)
        raise RuntimeError("the change is refused")
    notification.refresh_from_db()
    assert callbacks == [] and notification.emailed_at is None and mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_a_service_queues_its_task_when_its_transaction_really_commits() -> None:
    user = UserFactory(email="a@example.org")
    with transaction.atomic():
        services.notify(user=user, code="course_new_mentor", params={"course": 1})
        assert mail.outbox == []
    assert len(mail.outbox) == 1
    assert Notification.objects.get(user=user).emailed_at is not None


def test_an_unreachable_broker_is_logged_and_the_work_stays_owed(
        db: Any, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    notification = unsent_notification()

    def broker_down(*args: Any, **kwargs: Any) -> None:
        raise ConnectionRefusedError("broker unreachable")

    monkeypatch.setattr(task_named(services.DELIVER_NOTIFICATION), "apply_async", broker_down)
    enqueue(services.DELIVER_NOTIFICATION, notification.pk)
    assert "Could not queue mentor.tasks.deliver_notification" in caplog.text
    notification.refresh_from_db()
    assert notification.emailed_at is None
