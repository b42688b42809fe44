"""Single sign-on records: which identity-provider groups give which role and team, who signed
in through which provider, and the local break-glass administrators.

Imported by ``mentor/models.py``; the sign-in itself is ``mentor/sso.py`` (the libraries'
backends) and ``mentor/services_sso.py`` (creating and updating users).
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from mentor.models import Municipality, Role, Team


class IdentityProvider(models.TextChoices):
    OIDC = "oidc", _("OpenID Connect")
    SAML = "saml", _("SAML 2.0")


class IdentityGroupMapping(models.Model):
    """A group (or role claim) that the identity provider sends, and the role, and the team if
    any, it gives in the product. A user gets every role and team of every mapped group they
    are in, at each sign-in; a user in no mapped group is refused and deactivated."""

    provider = models.CharField(_("identitetsudbyder"), max_length=8,
                                choices=IdentityProvider.choices)
    group = models.CharField(
        _("gruppe"), max_length=255,
        help_text=_("Gruppens navn eller id, præcis som udbyderen sender den "
                    "(OIDC-claim eller SAML-attribut)."))
    role = models.CharField(_("rolle"), max_length=32, choices=Role.choices)
    team = models.ForeignKey(Team, on_delete=models.PROTECT, null=True, blank=True,
                             related_name="+", verbose_name=_("team"),
                             help_text=_("Tomt for en rolle uden team (leder, administrator)."))
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("kommune"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("gruppe fra identitetsudbyder")
        verbose_name_plural = _("grupper fra identitetsudbyder")
        ordering: ClassVar[list[str]] = ["provider", "group", "role", "team__name"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["provider", "group", "role", "team"],
                                    name="identity_group_mapping_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.get_provider_display()}: {self.group} → {self.get_role_display()}"

    def clean(self) -> None:
        team = self.team if self.team_id is not None else None
        if team is not None and self.municipality_id is not None \
                and team.municipality_id != self.municipality_id:
            raise ValidationError({"team": _("Teamet hører til en anden kommune.")})


class ExternalIdentity(models.Model):
    """A user as the identity provider knows them: the OIDC subject (``sub``) or the SAML
    NameID. The link is made at the first sign-in; later sign-ins find the user by it."""

    provider = models.CharField(max_length=8, choices=IdentityProvider.choices)
    subject = models.CharField(max_length=255)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="external_identities")
    created_at = models.DateTimeField(auto_now_add=True)
    last_sign_in_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("ekstern identitet")
        verbose_name_plural = _("eksterne identiteter")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["provider", "subject"],
                                    name="external_identity_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.get_provider_display()}: {self.subject}"


class BreakGlassAccount(models.Model):
    """A local account that may still sign in with its password when single sign-on is
    configured (when the identity provider is down). Always with the product's own second
    factor. Granted and withdrawn in the admin; the history records by whom."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="break_glass", verbose_name=_("bruger"))
    reason = models.CharField(_("begrundelse"), max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("nødadgang (lokal konto)")
        verbose_name_plural = _("nødadgange (lokale konti)")

    def __str__(self) -> str:
        return str(self.user)
