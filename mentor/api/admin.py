"""API clients in the Django admin, where administrators already manage the organisation:
create one (its secret is shown once), revoke one (an action), see its requests and webhooks."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from mentor.api.clients import api_client_create, api_client_revoke
from mentor.models_api import ApiClient, ApiRequest, ApiScope, WebhookDelivery, WebhookSubscription
from mentor.permissions import is_administrator
from mentor.services import DomainError


class ApiClientForm(forms.ModelForm[ApiClient]):
    scope_choices = forms.MultipleChoiceField(
        label=_("adgange (scopes)"), choices=ApiScope.choices,
        widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = ApiClient
        fields = ("name", "kind", "municipality", "provider")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self.instance.scopes = " ".join(data.get("scope_choices") or [])
        return data

    def _post_clean(self) -> None:
        # The service checks the whole client (and the model's constraint would need the
        # application and user it creates).
        pass


class AdministratorOnly:
    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_administrator(request.user)  # type: ignore[arg-type]

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_administrator(request.user)  # type: ignore[arg-type]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False


@admin.register(ApiClient)
class ApiClientAdmin(AdministratorOnly, admin.ModelAdmin[ApiClient]):
    form = ApiClientForm
    list_display = ("name", "kind", "municipality", "provider", "scopes", "created_at",
                    "revoked_at")
    list_filter = ("kind", ("revoked_at", admin.EmptyFieldListFilter))
    readonly_fields = ("name", "kind", "municipality", "provider", "scopes", "client_id",
                       "created_by", "created_at", "revoked_at", "revoked_by")
    actions = ("revoke",)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return is_administrator(request.user)  # type: ignore[arg-type]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return self.readonly_fields if obj is not None else ()

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return ["name", "kind", "municipality", "provider", "scope_choices"]
        return self.readonly_fields

    @admin.display(description=_("klient-id"))
    def client_id(self, client: ApiClient) -> str:
        return str(client.application.client_id)

    def save_model(self, request: HttpRequest, obj: ApiClient, form: Any, change: bool) -> None:
        data = form.cleaned_data
        try:
            client, secret = api_client_create(
                actor=request.user, name=data["name"], kind=data["kind"],  # type: ignore[arg-type]
                municipality=data.get("municipality"), provider=data.get("provider"),
                scopes=data["scope_choices"])
        except DomainError as exc:
            messages.error(request, str(exc))
            raise _Refused from exc
        obj.pk = client.pk
        messages.warning(request, _(
            "Klient-id: %(id)s — hemmelighed: %(secret)s. Hemmeligheden vises kun denne ene "
            "gang; giv den sikkert videre til integrationen.")
            % {"id": client.application.client_id, "secret": secret})

    def add_view(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().add_view(request, *args, **kwargs)
        except _Refused:
            from django.shortcuts import redirect

            return redirect(request.path)

    def log_addition(self, *args: Any, **kwargs: Any) -> Any:
        return None

    @admin.action(description=_("Tilbagekald de valgte klienter"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiClient]) -> None:
        for client in queryset:
            api_client_revoke(actor=request.user, client=client)  # type: ignore[arg-type]
        messages.success(request, _("Klienterne er tilbagekaldt."))


class _Refused(Exception):
    pass


@admin.register(ApiRequest)
class ApiRequestAdmin(AdministratorOnly, admin.ModelAdmin[ApiRequest]):
    list_display = ("at", "client", "method", "path", "status")
    list_filter = ("client",)


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(AdministratorOnly, admin.ModelAdmin[WebhookSubscription]):
    list_display = ("url", "client", "active", "created_at")
    exclude = ("secret_encrypted",)


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(AdministratorOnly, admin.ModelAdmin[WebhookDelivery]):
    list_display = ("id", "subscription", "event", "status", "attempts", "last_status_code",
                    "delivered_at")
    list_filter = ("status",)
