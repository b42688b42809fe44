"""Two-factor pages: enrolment (password again, then the app), the code after signing in,
recovery codes, and an administrator's reset of another user's second factor."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from mentor import services_two_factor, two_factor
from mentor.forms_security import (
    PasswordConfirmForm,
    SecondFactorForm,
    TokenForm,
    TwoFactorResetForm,
)
from mentor.http import AuthenticatedHttpRequest
from mentor.models import User
from mentor.permissions import may_reset_two_factor
from mentor.services import DomainError


def _next_url(request: AuthenticatedHttpRequest) -> str:
    """Where to go when done: a path on this site only (``redirect`` would read a bare word
    as a view name), else the home page."""
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()) \
            or not next_url.startswith("/"):
        return reverse("home")
    return next_url


def _with_next(name: str, next_url: str) -> str:
    return f"{reverse(name)}?{urlencode({'next': next_url})}"


# --- Enrolment -------------------------------------------------------------------------------
@never_cache
@login_required
def otp_password(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Enrolment, step 1: the password again, so that someone at an unattended session
    cannot set up their own phone."""
    next_url = _next_url(request)
    form = PasswordConfirmForm(request.POST or None, request=request)
    if request.method == "POST" and form.is_valid():
        two_factor.confirm_password(request.session)
        return redirect(_with_next("otp_setup", next_url))
    return render(request, "mentor/security/otp_password.html", {"form": form,
                                                                "next": next_url})


@never_cache
@login_required
def otp_setup(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Enrolment, step 2: scan the QR code and type the app's code. With an app already set
    up: the status page, where new recovery codes are made."""
    next_url = _next_url(request)
    if two_factor.has_confirmed_device(request.user):
        if not two_factor.is_satisfied(request.session):
            # Set up in another session meanwhile: this one owes its code.
            request.session[two_factor.STATE_KEY] = two_factor.VERIFY
            return redirect(_with_next("otp_verify", next_url))
        return render(request, "mentor/security/otp_status.html", {
            "form": PasswordConfirmForm(request=request)})
    if not two_factor.password_recently_confirmed(request.session):
        return redirect(_with_next("otp_password", next_url))
    device = services_two_factor.pending_device(user=request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = services_two_factor.two_factor_enrol(user=request.user, device=device,
                                                     token=form.cleaned_data["token"])
        if codes is not None:
            request.session.cycle_key()
            two_factor.mark_verified(request.session)
            request.session[two_factor.NEW_RECOVERY_CODES_KEY] = codes
            messages.success(request, _("Totrinsbekræftelse er sat op. Næste gang du logger "
                                        "ind, skal du også skrive en kode fra appen."))
            return redirect(_with_next("otp_recovery_codes", next_url))
        form.add_error("token", _("Koden passer ikke. Tjek at telefonens ur er korrekt, og "
                                  "skriv den kode, appen viser nu."))
    return render(request, "mentor/security/otp_setup.html", {
        "form": form, "next": next_url, "qr": two_factor.qr_data_uri(device.config_url),
        "secret": two_factor.secret_base32(device.key)})


# --- Recovery codes --------------------------------------------------------------------------
@never_cache
@login_required
def otp_recovery_codes(request: AuthenticatedHttpRequest) -> HttpResponse:
    """New recovery codes, shown once: taken out of the session as they are shown."""
    codes = request.session.pop(two_factor.NEW_RECOVERY_CODES_KEY, None)
    return render(request, "mentor/security/otp_recovery_codes.html", {
        "codes": codes, "next": _next_url(request)})


@never_cache
@login_required
@require_POST
def otp_recovery_regenerate(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = PasswordConfirmForm(request.POST, request=request)
    if form.is_valid():
        try:
            codes = services_two_factor.recovery_codes_regenerate(user=request.user)
        except DomainError as exc:
            messages.error(request, str(exc))
            return redirect("otp_setup")
        request.session[two_factor.NEW_RECOVERY_CODES_KEY] = codes
        return redirect("otp_recovery_codes")
    return render(request, "mentor/security/otp_status.html", {"form": form})


# --- After signing in ------------------------------------------------------------------------
@never_cache
@login_required
def otp_verify(request: AuthenticatedHttpRequest) -> HttpResponse:
    from django_otp import devices_for_user, verify_token
    from django_otp.plugins.otp_static.models import StaticDevice

    next_url = _next_url(request)
    if two_factor.is_satisfied(request.session):
        return redirect(next_url)
    devices = list(devices_for_user(request.user, confirmed=True))
    if not any(device.persistent_id.startswith("otp_totp.") for device in devices):
        request.session[two_factor.STATE_KEY] = two_factor.ENROL
        return redirect(_with_next("otp_setup", next_url))
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        for device in devices:
            verified = verify_token(request.user, device.persistent_id,
                                    form.cleaned_data["token"])
            if verified is None:
                continue
            request.session.cycle_key()
            two_factor.mark_verified(request.session)
            if isinstance(verified, StaticDevice):
                left = verified.token_set.count()
                messages.warning(request, _(
                    "Du har brugt en reservekode; den virker ikke igen. Du har %(left)d "
                    "tilbage. Lav nye under Totrinsbekræftelse.") % {"left": left})
            return redirect(next_url)
        form.add_error("token", _("Koden er forkert eller udløbet. Efter flere forkerte forsøg "
                                  "skal du vente lidt, før du prøver igen."))
    return render(request, "mentor/security/otp_verify.html", {"form": form,
                                                              "next": next_url})


# --- An administrator resets another user's second factor ------------------------------------
@never_cache
@login_required
def two_factor_reset(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    target = get_object_or_404(User, pk=pk)
    if not may_reset_two_factor(request.user, target):
        raise PermissionDenied
    form = TwoFactorResetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services_two_factor.two_factor_reset(actor=request.user, user=target,
                                                 reason=form.cleaned_data["reason"])
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Totrinsbekræftelsen for %(name)s er nulstillet. "
                                        "Brugeren er logget ud og sætter en ny app op ved "
                                        "næste login.") % {"name": target})
            return redirect("admin:mentor_user_change", target.pk)
    return render(request, "mentor/security/two_factor_reset.html", {
        "form": form, "target": target,
        "enrolled": two_factor.has_confirmed_device(target)})
