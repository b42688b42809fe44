"""Throttling of password sign-ins: by username and by address, each on its own.

Colleagues in a jobcentre share one office address, so neither count may be turned into a way
of keeping someone else out for long:

- **A username** gets ``USERNAME_FREE_FAILURES`` wrong passwords (from anywhere) before a
  cool-down: a minute after the fifth, doubling with each further failure, at most
  ``USERNAME_COOL_DOWN_MAX``. Never a lock that an administrator must lift: after the
  cool-down the next try is accepted, from any address. The right password clears the count.
- **An address** that has sent ``ADDRESS_LIMIT`` wrong passwords within ``ADDRESS_WINDOW``
  (a password spray: many usernames, a few tries each) is refused until its oldest counted
  failure leaves the window. The usernames tried are not locked by it: each has only its own
  few failures, and from another address they sign in as ever.

Refused tries are not counted, or the cool-down would grow while someone waits it out.
Thresholds are named here; ``username_cool_down`` is the username rule as a plain function.
The counts are rows (``SignInFailure``) in the database, which every web process shares also
in the embedded set-up without Redis; only sign-in attempts read or write them.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass
from typing import Any, Final, Literal

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from mentor.models_security import SignInFailure

USERNAME_FREE_FAILURES: Final = 5
USERNAME_COOL_DOWN: Final = datetime.timedelta(minutes=1)
USERNAME_COOL_DOWN_MAX: Final = datetime.timedelta(minutes=15)
# A username's failures older than this are forgotten (and deleted).
USERNAME_MEMORY: Final = datetime.timedelta(hours=24)
ADDRESS_LIMIT: Final = 30
ADDRESS_WINDOW: Final = datetime.timedelta(minutes=15)

REQUEST_ATTRIBUTE: Final = "sign_in_refusal"


@dataclass(frozen=True)
class Refusal:
    by: Literal["username", "address"]
    until: datetime.datetime

    def minutes_left(self, now: datetime.datetime) -> int:
        return max(1, math.ceil((self.until - now).total_seconds() / 60))


def username_cool_down(failures: int) -> datetime.timedelta:
    """How long a username waits after its ``failures``-th failure in a row."""
    if failures < USERNAME_FREE_FAILURES:
        return datetime.timedelta(0)
    doublings = min(failures - USERNAME_FREE_FAILURES, 16)
    wait: datetime.timedelta = USERNAME_COOL_DOWN * (2 ** doublings)
    return min(wait, USERNAME_COOL_DOWN_MAX)


def normalise(username: str) -> str:
    return username.strip().lower()[:150]


def client_address(request: HttpRequest) -> str:
    """The address the request came from. Behind ``TRUSTED_PROXY_COUNT`` reverse proxies
    (each appending to X-Forwarded-For) it is the entry the outermost trusted proxy saw;
    entries further left are the client's own claim and are not believed."""
    remote = request.META.get("REMOTE_ADDR") or "0.0.0.0"  # noqa: S104 (a placeholder)
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return str(remote)
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
                 if part.strip()]
    return forwarded[-proxies] if len(forwarded) >= proxies else str(remote)


def refusal(username: str, address: str, now: datetime.datetime) -> Refusal | None:
    """Whether a sign-in as ``username`` from ``address`` is refused at ``now``, and until
    when (two queries)."""
    counted = SignInFailure.objects.filter(username=normalise(username),
                                           at__gt=now - USERNAME_MEMORY)
    mine = counted.aggregate(failures=Count("id"), last=Max("at"))
    if mine["last"] is not None:
        until = mine["last"] + username_cool_down(mine["failures"])
        if now < until:
            return Refusal("username", until)
    oldest_counted = (SignInFailure.objects
                      .filter(ip_address=address, at__gt=now - ADDRESS_WINDOW)
                      .order_by("-at").values_list("at", flat=True)
                      [ADDRESS_LIMIT - 1:ADDRESS_LIMIT].first())
    if oldest_counted is not None:
        return Refusal("address", oldest_counted + ADDRESS_WINDOW)
    return None


def record_failure(username: str, address: str, now: datetime.datetime) -> None:
    name = normalise(username)
    SignInFailure.objects.create(username=name, ip_address=address, at=now)
    SignInFailure.objects.filter(username=name, at__lte=now - USERNAME_MEMORY).delete()
    SignInFailure.objects.filter(ip_address=address, at__lte=now - USERNAME_MEMORY).delete()


def record_success(username: str) -> None:
    SignInFailure.objects.filter(username=normalise(username)).delete()


class SignInThrottleBackend:
    """First in ``AUTHENTICATION_BACKENDS``: refuses a throttled sign-in before any password
    is checked (Django then stops asking the other backends). Authenticates nobody itself,
    and has no ``get_user``: sessions belong to the backend that authenticated (Django's test
    client logs in through the first backend that has one)."""

    def authenticate(self, request: HttpRequest | None, username: str | None = None,
                     password: str | None = None, **kwargs: Any) -> None:
        if request is None or username is None:
            return None
        refused = refusal(username, client_address(request), timezone.now())
        if refused is not None:
            setattr(request, REQUEST_ATTRIBUTE, refused)
            raise PermissionDenied
        return None


@receiver(user_login_failed, dispatch_uid="mentor.sign_in_throttle.count_failure")
def count_failure(sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None,
                  **kwargs: Any) -> None:
    username = credentials.get("username")
    if request is None or not isinstance(username, str) or hasattr(request, REQUEST_ATTRIBUTE):
        return
    record_failure(username, client_address(request), timezone.now())


@receiver(user_logged_in, dispatch_uid="mentor.sign_in_throttle.clear_failures")
def clear_failures(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    record_success(user.get_username())


class SignInThrottleMiddleware:
    """Answers a refused sign-in with the cool-down page (429) instead of the form."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response: HttpResponse = self.get_response(request)
        refused: Refusal | None = getattr(request, REQUEST_ATTRIBUTE, None)
        if refused is None:
            return response
        return render(request, "registration/locked_out.html", {
            "refusal": refused, "minutes": refused.minutes_left(timezone.now())}, status=429)
