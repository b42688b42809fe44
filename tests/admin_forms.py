"""Saving and deleting through the Django admin's forms, as an administrator does; and
running a write with its after-commit callbacks (each test runs in one transaction)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import admin
from django.forms import SplitDateTimeWidget
from django.test import Client, RequestFactory, TestCase
from django.urls import reverse

from mentor.models import User

T = TypeVar("T")

def admin_save(client: Client, obj: Any, **changes: Any) -> None:
    """Post ``obj``'s admin change form with ``changes``, as an administrator does."""
    model_admin = admin.site._registry[type(obj)]
    request = RequestFactory().get("/")
    request.user = User.objects.filter(is_superuser=True).get()  # admin_client's
    form = model_admin.get_form(request, obj)(instance=obj)
    data: dict[str, Any] = {}
    for name, bound in form.fields.items():
        value = changes.get(name, form[name].value())
        if isinstance(bound.widget, SplitDateTimeWidget):
            data[f"{name}_0"], data[f"{name}_1"] = (
                ("", "") if value is None else (value.date().isoformat(),
                                                value.time().isoformat()))
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        elif isinstance(value, list | tuple | set | frozenset):
            data[name] = [getattr(item, "pk", item) for item in value]
        elif value is not None:
            data[name] = getattr(value, "pk", value)
    opts = type(obj)._meta
    response = client.post(reverse(f"admin:{opts.app_label}_{opts.model_name}_change",
                                   args=[obj.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]


def admin_delete(client: Client, obj: Any) -> None:
    opts = type(obj)._meta
    response = client.post(reverse(f"admin:{opts.app_label}_{opts.model_name}_delete",
                                   args=[obj.pk]), {"post": "yes"})
    assert response.status_code == 302


def committed(write: Callable[[], T]) -> T:
    """Run ``write`` and then its after-commit callbacks, as its commit would."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return write()
