"""The API's records: clients (one per integration), their requests, the event feed, webhook
subscriptions and deliveries. Imported by ``mentor/models.py``; the API itself is ``mentor/api/``.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class ApiScope(models.TextChoices):
    PROVIDER_READ = "provider:read", _("Leverandør: læse egne åbne forløb og opfølgninger")
    PROVIDER_WRITE = "provider:write", _(
        "Leverandør: journalnotater, timer og fakturaer, opfølgninger")
    CASE_READ = "case:read", _("Sagssystem: afgørelser, forløb og hændelser")
    CASE_WEBHOOKS = "case:webhooks", _("Sagssystem: webhooks")


PROVIDER_SCOPES = frozenset({ApiScope.PROVIDER_READ, ApiScope.PROVIDER_WRITE})
CASE_SCOPES = frozenset({ApiScope.CASE_READ, ApiScope.CASE_WEBHOOKS})


class ApiClientKind(models.TextChoices):
    PROVIDER = "provider", _("Leverandørens system")
    CASE_SYSTEM = "case_system", _("Kommunens sagssystem eller arkiv")


class ApiClient(models.Model):
    """One integration: an OAuth 2.0 client (client credentials) and the system user it acts as.

    The system user has no role and cannot log in; it is the actor in the access log, so every
    read through the API is logged under the client's name. A revoked client keeps its rows
    (audit) but neither gets nor uses tokens.
    """

    name = models.CharField(_("navn"), max_length=200, unique=True)
    kind = models.CharField(_("type"), max_length=16, choices=ApiClientKind.choices)
    application = models.OneToOneField("oauth2_provider.Application",
                                       on_delete=models.PROTECT, related_name="api_client",
                                       editable=False)
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                related_name="api_client", editable=False)
    municipality = models.ForeignKey("mentor.Municipality", on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("kommune"))
    provider = models.ForeignKey("mentor.Provider", on_delete=models.PROTECT, null=True,
                                 blank=True, related_name="+", verbose_name=_("leverandør"))
    scopes = models.CharField(_("adgange (scopes)"), max_length=200)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+", editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(_("tilbagekaldt"), null=True, blank=True, editable=False)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+", editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("API-klient")
        verbose_name_plural = _("API-klienter")
        ordering: ClassVar[list[str]] = ["name"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=(models.Q(kind="provider", provider__isnull=False)
                           | models.Q(kind="case_system", provider__isnull=True)),
                name="api_client_provider_iff_provider_kind"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def scope_set(self) -> frozenset[str]:
        return frozenset(self.scopes.split())

    @property
    def active(self) -> bool:
        return self.revoked_at is None


class ApiRequest(models.Model):
    """Every use of a token: which client, when, what (paths carry no CPR number)."""

    client = models.ForeignKey(ApiClient, on_delete=models.PROTECT, related_name="requests")
    token_id = models.BigIntegerField(null=True, blank=True)
    at = models.DateTimeField(auto_now_add=True)
    method = models.CharField(max_length=10)
    path = models.CharField(max_length=300)
    status = models.PositiveSmallIntegerField()

    class Meta:
        verbose_name = _("API-kald")
        verbose_name_plural = _("API-kald")
        ordering: ClassVar[list[str]] = ["-at", "-id"]
        indexes: ClassVar[list[models.Index]] = [models.Index(fields=["client", "-at"])]

    def __str__(self) -> str:
        # Ids only: no query for a related row, and nothing personal in logs or the admin.
        return f"{self._meta.verbose_name} #{self.pk}"


class EventType(models.TextChoices):
    REFERRAL_SUBMITTED = "referral.submitted", _("Indstilling indsendt")
    REFERRAL_APPROVED = "referral.approved", _("Indstilling godkendt")
    REFERRAL_REJECTED = "referral.rejected", _("Indstilling afvist")
    COURSE_STARTED = "course.started", _("Mentorforløb startet")
    COURSE_EXTENDED = "course.extended", _("Mentorforløb forlænget")
    COURSE_ENDED = "course.ended", _("Mentorforløb afsluttet")
    AGREEMENT_ISSUED = "agreement.issued", _("Aftale udstedt")
    REVIEW_COMPLETED = "review.completed", _("Opfølgning gennemført")
    REVIEW_OVERDUE = "review.overdue", _("Opfølgning overskredet")


class ApiEvent(models.Model):
    """One row of the case systems' event feed; the id is the cursor (``?after=<id>``).

    References only (ids, dates, statuses): the data itself is read, and logged, through the
    endpoints the ids point to. Plain integer ids, not foreign keys, so that the core app's
    tables do not depend on visitation's.
    """

    kind = models.CharField(max_length=32, choices=EventType.choices)
    at = models.DateTimeField(auto_now_add=True)
    municipality = models.ForeignKey("mentor.Municipality", on_delete=models.PROTECT,
                                     related_name="+")
    citizen_id = models.BigIntegerField()
    referral_id = models.BigIntegerField(null=True, blank=True)
    course_id = models.BigIntegerField(null=True, blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["id"]
        indexes: ClassVar[list[models.Index]] = [models.Index(fields=["municipality", "id"])]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"


class WebhookSubscription(models.Model):
    """A case system's webhook: events of its municipality POSTed to ``url``, signed with the
    subscription's own secret (stored encrypted, as CPR numbers are)."""

    client = models.ForeignKey(ApiClient, on_delete=models.PROTECT,
                               related_name="webhook_subscriptions")
    url = models.URLField(max_length=500)
    event_types = models.JSONField(default=list, blank=True)
    secret_encrypted = models.TextField(editable=False)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(excluded_fields=["secret_encrypted"])

    class Meta:
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")
        ordering: ClassVar[list[str]] = ["id"]

    def __str__(self) -> str:
        return self.url

    def wants(self, kind: str) -> bool:
        return not self.event_types or kind in self.event_types


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Afventer")
    DELIVERED = "delivered", _("Leveret")
    FAILED = "failed", _("Opgivet")


class WebhookDelivery(models.Model):
    """One event to one subscription: attempts until delivered or given up.

    ``next_attempt_at`` is when the next try is due; the sweep (``mentor.tasks.webhook_sweep``,
    every minute) queues the due ones, so a lost task or a broker outage delays a delivery but
    never drops it.
    """

    subscription = models.ForeignKey(WebhookSubscription, on_delete=models.CASCADE,
                                     related_name="deliveries")
    event = models.ForeignKey(ApiEvent, on_delete=models.PROTECT, related_name="deliveries")
    status = models.CharField(max_length=16, choices=DeliveryStatus.choices,
                              default=DeliveryStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("webhook-levering")
        verbose_name_plural = _("webhook-leveringer")
        ordering: ClassVar[list[str]] = ["-id"]
        # The sweep's read: the few pending rows, by due time.
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["next_attempt_at"], condition=models.Q(status="pending"),
                         name="webhook_delivery_due")]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["subscription", "event"],
                                    name="webhook_delivery_unique"),
        ]

    def __str__(self) -> str:
        # Ids only: no query for a related row, and nothing personal in logs or the admin.
        return f"{self._meta.verbose_name} #{self.pk}"
