"""Creating and revoking API clients (administrators, in the Django admin)."""

from __future__ import annotations

import secrets
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from oauth2_provider.models import AccessToken, Application, RefreshToken

from mentor.models import Municipality, Provider, User
from mentor.models_api import CASE_SCOPES, PROVIDER_SCOPES, ApiClient, ApiClientKind
from mentor.permissions import is_administrator
from mentor.services import DomainError


@transaction.atomic
def api_client_create(*, actor: User, name: str, kind: str, municipality: Municipality | None,
                      provider: Provider | None, scopes: Sequence[str]) -> tuple[ApiClient, str]:
    """A new client: an OAuth application (client credentials, confidential), a system user
    without roles or password, and the link. Returns the client and its secret, which is
    stored hashed and so shown this once."""
    if not is_administrator(actor):
        raise DomainError(_("Kun en administrator kan oprette API-klienter."))
    allowed = PROVIDER_SCOPES if kind == ApiClientKind.PROVIDER else CASE_SCOPES
    if not scopes or not set(scopes) <= allowed:
        raise DomainError(_("Vælg adgange, der passer til klientens type."))
    if kind == ApiClientKind.PROVIDER:
        if provider is None:
            raise DomainError(_("Vælg leverandøren."))
        municipality = provider.municipality
    else:
        provider = None
    if municipality is None:
        raise DomainError(_("Vælg kommunen."))
    if ApiClient.objects.filter(name=name).exists():
        raise DomainError(_("Der findes allerede en API-klient med det navn."))
    secret = secrets.token_urlsafe(40)
    application = Application.objects.create(
        name=name, client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_CLIENT_CREDENTIALS, client_secret=secret,
        hash_client_secret=True)
    user = User(username=f"api-{application.client_id[:20].lower()}", first_name="API",
                last_name=name[:150], is_active=True)
    user.set_unusable_password()
    user.save()
    client = ApiClient(
        name=name, kind=kind, application=application, user=user, municipality=municipality,
        provider=provider, scopes=" ".join(sorted(scopes)), created_by=actor)
    client._history_user = actor  # type: ignore[attr-defined]
    client.save()
    return client, secret


@transaction.atomic
def api_client_revoke(*, actor: User, client: ApiClient) -> None:
    """Revoke at once: the tokens go, the secret is replaced by one nobody knows, and the
    client's rows (requests, deliveries, access log) stay."""
    if not is_administrator(actor):
        raise DomainError(_("Kun en administrator kan tilbagekalde API-klienter."))
    locked = ApiClient.objects.select_for_update().get(pk=client.pk)
    if locked.revoked_at is not None:
        return
    locked.revoked_at = timezone.now()
    locked.revoked_by = actor
    locked._history_user = actor  # type: ignore[attr-defined]
    locked.save()
    RefreshToken.objects.filter(application_id=client.application_id).delete()
    AccessToken.objects.filter(application_id=client.application_id).delete()
    application = Application.objects.get(pk=client.application_id)
    application.client_secret = secrets.token_urlsafe(40)
    application.save(update_fields=["client_secret"])
    for subscription in locked.webhook_subscriptions.filter(active=True):
        subscription.active = False
        subscription._history_user = actor  # type: ignore[attr-defined]
        subscription.save(update_fields=["active"])
