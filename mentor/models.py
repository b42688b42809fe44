"""Core domain: organisation, people and roles, citizens, catalogues, providers, mentors, policy.

State changes live in ``mentor/services.py``; reads in ``mentor/selectors.py``.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar, Final

from django.contrib.auth.models import AbstractUser
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.encoding import force_str
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from mentor import texts

if TYPE_CHECKING:
    from mentor.user_state import UserState
    from visitation.rules import Policy as RulesPolicy


class DisplayChoicesModel(models.Model):
    """``get_FOO_display()`` that translates only the label it returns.

    Django's version builds a dict of every choice on each call, and hashing a lazy label
    translates it: a citizen list of 25 rows translated ~250 labels to show 25. Same result for
    the plain string and integer choices used here.
    """

    class Meta:
        abstract = True

    def _get_FIELD_display(self, field: Any) -> Any:
        value = getattr(self, field.attname)
        for choice, label in field.flatchoices:
            if choice == value:
                return force_str(label, strings_only=True)
        return force_str(value, strings_only=True)


class Role(models.TextChoices):
    CASEWORKER = "caseworker", _("Sagsbehandler")
    TEAM_LEADER = "team_leader", _("Teamleder")
    MENTOR = "mentor", _("Mentor")
    MANAGER = "manager", _("Leder")
    ADMINISTRATOR = "administrator", _("Administrator")


class Language(models.TextChoices):
    """The languages a citizen's letters are written in (Danish unless the citizen asks)."""

    DA = "da", _("Dansk")
    EN = "en", _("Engelsk")


class Municipality(models.Model):
    name = models.CharField(_("navn"), max_length=200, unique=True)
    address = models.CharField(_("adresse"), max_length=300, blank=True)
    phone = models.CharField(_("telefon"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    # The letters' header, and the sender of Digital Post (MeMo identifies a sender by CVR).
    cvr = models.CharField(_("CVR-nummer"), max_length=8, blank=True)
    website = models.CharField(_("hjemmeside"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kommune")
        verbose_name_plural = _("kommuner")

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    """An organisational unit, e.g. "Job og Kompetence" or "Job og Helbred"."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="teams")
    name = models.CharField(_("navn"), max_length=200)
    # Who decides a referral that no team leader of the team may decide: one written by the
    # team's only team leader (four eyes). Another team's leader or a manager
    # (``mentor.permissions.may_approve``).
    visitation_deputy = models.ForeignKey(
        "User", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="deputy_for_teams", verbose_name=_("stedfortræder ved visitation"),
        help_text=_("Visiterer de indstillinger, som ingen teamleder i teamet må visitere "
                    "(fx når teamets eneste teamleder selv har skrevet indstillingen). "
                    "En teamleder fra et andet team eller en leder."))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering: ClassVar[list[str]] = ["name"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["municipality", "name"], name="team_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class UserHistory(HistoricalRecords):
    """Change history of users and their roles and teams, without a row for every login."""

    def post_save(self, instance: Any, created: bool, using: Any = None,
                  **kwargs: Any) -> None:
        if not created and kwargs.get("update_fields") == frozenset({"last_login"}):
            return
        super().post_save(instance, created, using=using, **kwargs)


class User(AbstractUser):
    """A person who logs in. Roles are Django groups named after ``Role`` values."""

    teams = models.ManyToManyField(Team, blank=True, related_name="members",
                                   verbose_name=_("teams"))
    phone = models.CharField(_("telefon"), max_length=50, blank=True)
    title = models.CharField(_("stilling"), max_length=100, blank=True)
    # Raised to end every session the user has (an administrator's reset of their second
    # factor, mentor/services_two_factor.py): it is part of the session's check below, which
    # Django makes on every request against the (cached) user, so it costs no query.
    sign_in_generation = models.PositiveIntegerField(_("login-generation"), default=0,
                                                     editable=False)

    history = UserHistory(excluded_fields=["password", "last_login"],
                          m2m_fields=["groups", "teams"])

    class Meta:
        verbose_name = _("bruger")
        verbose_name_plural = _("brugere")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def _get_session_auth_hash(self, secret: Any = None) -> str:
        """Django's HMAC of the password hash (for the current secret key and each fallback),
        and from the first reset of the second factor of the sign-in generation too: a session
        signed in before the reset no longer matches and ends."""
        if not self.sign_in_generation:
            django_hash: str = super()._get_session_auth_hash(  # type: ignore[misc]
                secret=secret)
            return django_hash
        from django.utils.crypto import salted_hmac

        return salted_hmac("mentor.User.sign_in_generation",
                           f"{self.password}:{self.sign_in_generation}", secret=secret,
                           algorithm="sha256").hexdigest()

    @property
    def state(self) -> UserState:
        """Roles, team ids and unread notifications, read once per instance (``user_state``)."""
        cached: UserState | None = getattr(self, "_user_state", None)
        if cached is None:
            from mentor import user_state

            cached = user_state.load(self)
            self._user_state = cached
        return cached

    @property
    def roles(self) -> frozenset[str]:
        return self.state.roles

    def has_role(self, role: str) -> bool:
        return role in self.roles

    @property
    def team_ids(self) -> frozenset[int]:
        return self.state.team_ids


class Benefit(models.TextChoices):
    CASH_BENEFIT = "cash_benefit", _("Kontanthjælp")
    EDUCATION_BENEFIT = "education_benefit", _("Uddannelseshjælp")
    INTEGRATION_BENEFIT = "integration_benefit", _("Integrationsydelse / selvforsørgelsesydelse")
    SICKNESS_BENEFIT = "sickness_benefit", _("Sygedagpenge")
    FLEX_JOB = "flex_job", _("Fleksjob")
    DISABILITY_PENSION = "disability_pension", _("Førtidspension")
    RESOURCE_COURSE = "resource_course", _("Ressourceforløb")
    UNEMPLOYMENT_INSURANCE = "unemployment_insurance", _("Dagpenge")
    NONE = "none", _("Ingen ydelse")


class Citizen(DisplayChoicesModel):
    """A citizen (borger). The CPR number is stored encrypted and found by a keyed hash."""

    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="citizens",
                             verbose_name=_("team"))
    cpr_encrypted = models.TextField(editable=False)
    cpr_hash = models.CharField(max_length=64, unique=True, editable=False)
    birth_date = models.DateField(_("fødselsdato"))
    first_name = models.CharField(_("fornavn"), max_length=100)
    last_name = models.CharField(_("efternavn"), max_length=100)
    # "first last" folded (mentor.name_search: lower case, æ → ae, ø → o, å → aa, no accents)
    # for search without functions in the WHERE clause; a letter folds to at most two.
    search_name = models.CharField(max_length=402, editable=False, db_index=True)
    address = models.CharField(_("adresse"), max_length=300, blank=True)
    phone = models.CharField(_("telefon"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    # How the citizen receives decision letters (agreements/letters.py).
    preferred_language = models.CharField(_("sprog i breve"), max_length=2,
                                          choices=Language.choices, default=Language.DA)
    digital_post_exempt = models.BooleanField(_("fritaget for Digital Post"), default=False)
    email_letters_consent_on = models.DateField(
        _("samtykke til breve på e-mail givet den"), null=True, blank=True)

    # The facts the rules read.
    benefit = models.CharField(_("ydelse"), max_length=32, choices=Benefit.choices,
                               default=Benefit.NONE)
    activity_ready = models.BooleanField(_("aktivitetsparat"), default=False)
    can_take_part_in_offers = models.BooleanField(
        _("kan deltage i tilbud (kap. 10–12)"), default=True)
    single_parent_with_education_order = models.BooleanField(
        _("enlig forsørger med uddannelsespålæg"), default=False)
    education_start_date = models.DateField(_("start på ordinær uddannelse"), null=True,
                                            blank=True)
    previous_jobcentre_contact = models.BooleanField(
        _("har tidligere været i kontakt med jobcentret"), default=True)
    has_vocational_education = models.BooleanField(
        _("har erhvervskompetencegivende uddannelse"), default=False)
    psychiatric_discharge_date = models.DateField(
        _("forventet udskrivning fra psykiatrisk afdeling"), null=True, blank=True)
    prison_release_date = models.DateField(_("forventet løsladelse"), null=True, blank=True)
    in_integration_programme = models.BooleanField(_("i integrationsprogram"), default=False)
    in_employment_activity = models.BooleanField(
        _("skal opnå eller fastholde aktivitet, tilbud, uddannelse eller job"), default=False)

    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+",
                                   null=True, blank=True)
    # The caseworker responsible for the citizen (who registered them, until a team leader
    # hands the caseload over: ``visitation.services.team.caseworker_caseload_move``).
    caseworker = models.ForeignKey(User, on_delete=models.PROTECT, related_name="citizens",
                                   null=True, blank=True,
                                   verbose_name=_("ansvarlig sagsbehandler"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    anonymised_at = models.DateTimeField(null=True, blank=True, editable=False)

    history = HistoricalRecords(excluded_fields=["cpr_encrypted", "cpr_hash"])

    class Meta:
        verbose_name = _("borger")
        verbose_name_plural = _("borgere")
        ordering: ClassVar[list[str]] = ["last_name", "first_name", "id"]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["team", "last_name", "first_name", "id"]),
            # Every visibility check joins citizens "not anonymised" by id: with this partial
            # index the join reads the index alone, not a heap page per row.
            models.Index(fields=["id"], condition=models.Q(anonymised_at__isnull=True),
                         name="citizen_not_anonymised"),
            # And the few that are: counting many rows "not of an anonymised citizen" leaves
            # these out (NOT EXISTS) instead of probing the citizen of every row.
            models.Index(fields=["id"], condition=models.Q(anonymised_at__isnull=False),
                         name="citizen_anonymised"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def cpr_masked(self) -> str:
        """DDMMYY-XXXX: the birth date is not secret in Danish practice, the serial is."""
        return self.birth_date.strftime("%d%m%y") + "-XXXX"

    def rules_facts(self, *, decision_date: datetime.date, service_level: int = 1,
                    start_date: datetime.date | None = None) -> dict[str, Any]:
        """The facts dict the rules module reads, for a decision on ``decision_date``."""
        facts: dict[str, Any] = {
            "decision_date": decision_date.isoformat(),
            "birth_date": self.birth_date.isoformat(),
            "benefit": self.benefit,
            "activity_ready": self.activity_ready,
            "can_take_part_in_offers": self.can_take_part_in_offers,
            "single_parent_with_education_order": self.single_parent_with_education_order,
            "previous_jobcentre_contact": self.previous_jobcentre_contact,
            "has_vocational_education": self.has_vocational_education,
            "in_integration_programme": self.in_integration_programme,
            "in_employment_activity": self.in_employment_activity,
            "service_level": service_level,
        }
        for name in ("education_start_date", "psychiatric_discharge_date",
                     "prison_release_date"):
            value = getattr(self, name)
            if value is not None:
                facts[name] = value.isoformat()
        if start_date is not None:
            facts["start_date"] = start_date.isoformat()
        return facts


class SocialSupportKind(models.TextChoices):
    SEL_85 = "sel_85", _("Socialpædagogisk bistand (SEL § 85)")
    SEL_52 = "sel_52", _("Kontaktperson for børn og unge (SEL § 52)")
    SEL_99 = "sel_99", _("Støtte- og kontaktperson (SEL § 99)")


class SocialServiceSupport(DisplayChoicesModel):
    """Parallel support under the Social Services Act, recorded so that overlap is visible."""

    citizen = models.ForeignKey(Citizen, on_delete=models.CASCADE,
                                related_name="social_supports")
    kind = models.CharField(_("type"), max_length=16, choices=SocialSupportKind.choices)
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("slut"), null=True, blank=True)
    provider = models.CharField(_("udfører"), max_length=200, blank=True)
    note = models.TextField(_("bemærkning"), blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("støtte efter serviceloven")
        verbose_name_plural = _("støtte efter serviceloven")
        ordering: ClassVar[list[str]] = ["-start_date"]

    def __str__(self) -> str:
        # Ids only: no query for a related row, and nothing personal in logs or the admin.
        return f"{self._meta.verbose_name} #{self.pk}"


class DecisionKind(models.TextChoices):
    RIGHT_AND_DUTY = "right_and_duty", _("Ret og pligt")
    RIGHT = "right", _("Ret")
    OFFER = "offer", _("Tilbud")
    NOT_ELIGIBLE = "not_eligible", _("Ikke omfattet")


class MentorType(models.Model):
    """Catalogue of mentor types; codes match the rules module's."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(_("navn"), max_length=200)
    name_en = models.CharField(_("navn (engelsk)"), max_length=200)
    alternative_names = models.CharField(
        _("andre betegnelser"), max_length=300, blank=True,
        help_text=_("F.eks. Københavns 'helhedsorienteret mentor' og 'fastholdelsesmentor'."))
    legal_basis = models.CharField(_("lovgrundlag"), max_length=200, blank=True)
    description = models.TextField(_("beskrivelse"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mentortype")
        verbose_name_plural = _("mentortyper")
        ordering: ClassVar[list[str]] = ["name"]

    def __str__(self) -> str:
        return self.name


class TargetGroup(models.Model):
    """Catalogue of target groups (målgrupper); codes match the rules module's."""

    code = models.SlugField(max_length=60, unique=True)
    name = models.CharField(_("navn"), max_length=300)
    name_en = models.CharField(_("navn (engelsk)"), max_length=300)
    kind = models.CharField(_("afgørelse"), max_length=20, choices=DecisionKind.choices)
    legal_basis = models.CharField(_("lovgrundlag"), max_length=200)
    order = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("målgruppe")
        verbose_name_plural = _("målgrupper")
        ordering: ClassVar[list[str]] = ["order"]

    def __str__(self) -> str:
        return self.name


class MentorTask(models.Model):
    """Catalogue of action-oriented mentor tasks (motiverende samtaler, bisidder i retten…)."""

    code = models.SlugField(max_length=60, unique=True)
    name = models.CharField(_("navn"), max_length=200)
    name_en = models.CharField(_("navn (engelsk)"), max_length=200)
    guide_hours_per_week = models.DecimalField(
        _("vejledende timer pr. uge"), max_digits=4, decimal_places=1, null=True, blank=True,
        help_text=_("Slagelses styringsredskab: vejledende timetal for opgaven."))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mentoropgave")
        verbose_name_plural = _("mentoropgaver")
        ordering: ClassVar[list[str]] = ["name"]

    def __str__(self) -> str:
        return self.name


class ProviderKind(models.TextChoices):
    INTERNAL = "internal", _("Internt mentorkorps")
    EXTERNAL = "external", _("Ekstern leverandør")
    VOLUNTEER = "volunteer", _("Frivillig organisation")
    COMPANY = "company", _("Virksomhed (frikøb, LAB § 31 d)")
    EDUCATION = "education", _("Uddannelsesinstitution (frikøb, LAB § 31 d)")


class Provider(models.Model):
    """Who delivers the mentor support, with its framework agreement (rammeaftale)."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT,
                                     related_name="providers")
    name = models.CharField(_("navn"), max_length=200)
    kind = models.CharField(_("type"), max_length=16, choices=ProviderKind.choices)
    cvr = models.CharField(_("CVR-nummer"), max_length=8, blank=True)
    hourly_price = models.DecimalField(
        _("timepris (rammeaftale)"), max_digits=8, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(Decimal("0"))])
    agreement_start = models.DateField(_("rammeaftale fra"), null=True, blank=True)
    agreement_end = models.DateField(_("rammeaftale til"), null=True, blank=True)
    contact_email = models.EmailField(_("kontakt e-mail"), blank=True)
    active = models.BooleanField(_("aktiv"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("leverandør")
        verbose_name_plural = _("leverandører")
        ordering: ClassVar[list[str]] = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_external(self) -> bool:
        return self.kind != ProviderKind.INTERNAL

    @property
    def is_section_31d(self) -> bool:
        """Companies and education institutions paid to mentor (LAB § 31 d / § 169)."""
        return self.kind in (ProviderKind.COMPANY, ProviderKind.EDUCATION)


class Mentor(models.Model):
    """A mentor: a person in the internal corps or at a provider."""

    user = models.OneToOneField(User, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="mentor_profile")
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="mentors",
                                 verbose_name=_("leverandør"))
    name = models.CharField(_("navn"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telefon"), max_length=50, blank=True)
    weekly_capacity_hours = models.DecimalField(
        _("kapacitet (timer pr. uge)"), max_digits=5, decimal_places=1, default=Decimal("20"),
        validators=[MinValueValidator(Decimal("0"))])
    active = models.BooleanField(_("aktiv"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mentor")
        verbose_name_plural = _("mentorer")
        ordering: ClassVar[list[str]] = ["name"]

    def __str__(self) -> str:
        return self.name


class Certification(models.Model):
    """A mentor certified for a mentor type by their nearest manager, with task description."""

    mentor = models.ForeignKey(Mentor, on_delete=models.CASCADE, related_name="certifications")
    mentor_type = models.ForeignKey(MentorType, on_delete=models.PROTECT,
                                    related_name="certifications")
    granted_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("givet af"))
    granted_on = models.DateField(_("givet den"))
    tasks = models.ManyToManyField(MentorTask, blank=True, verbose_name=_("opgaver"))
    task_description = models.TextField(_("handlingsorienteret opgavebeskrivelse"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("certificering")
        verbose_name_plural = _("certificeringer")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["mentor", "mentor_type"],
                                    name="certification_unique_type")
        ]

    def __str__(self) -> str:
        # Ids only: no query for a related row, and nothing personal in logs or the admin.
        return f"{self._meta.verbose_name} #{self.pk}"


class PolicyVersion(models.Model):
    """The municipality's service-level policy, versioned with an effective date.

    A version is never edited once in force; a change is a new version. Validation against the
    law goes through the rules module (``mentor.services.policy_version_create``).
    """

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT,
                                     related_name="policies")
    name = models.CharField(_("navn"), max_length=200)
    effective_from = models.DateField(_("gælder fra"))
    right_and_duty_contact_days = models.PositiveSmallIntegerField(
        _("kontakt i ret og pligt-forløb mindst hver (dage)"), null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=_("Tom: lovens minimum på afgørelsesdatoen."))
    review_lead_days = models.PositiveSmallIntegerField(
        _("opfølgning før periodens udløb (dage)"), default=14,
        validators=[MaxValueValidator(90)])
    complaint_guidance = models.TextField(_("klagevejledning"))
    # The law: at most four weeks from receipt to Ankestyrelsen when the decision is
    # maintained (visitation.models_complaints.LAW_FORWARD_DAYS, with its source).
    complaint_forward_days = models.PositiveSmallIntegerField(
        _("klager: genvurdering og videresendelse inden (dage)"), default=28,
        validators=[MinValueValidator(1), MaxValueValidator(28)],
        help_text=_("Fastholdes en afgørelse, skal klagen og sagens akter sendes til "
                    "Ankestyrelsen senest fire uger efter, at klagen er modtaget "
                    "(Ankestyrelsens vejledning; retssikkerhedsloven § 66, stk. 1)."))
    complaint_guidance_en = models.TextField(_("klagevejledning på engelsk"), blank=True)
    internal_hourly_rate = models.DecimalField(
        _("intern timepris"), max_digits=8, decimal_places=2, null=True, blank=True)
    retention_years = models.PositiveSmallIntegerField(
        _("opbevaring (år efter sidste forløb)"), default=5,
        validators=[MinValueValidator(1), MaxValueValidator(30)])
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    reason = models.TextField(_("begrundelse for ændringen"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("serviceniveau-politik")
        verbose_name_plural = _("serviceniveau-politikker")
        ordering: ClassVar[list[str]] = ["-effective_from", "-id"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["municipality", "effective_from"],
                                    name="policy_unique_effective_date")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.effective_from:%d.%m.%Y})"

    def to_rules_policy(self) -> RulesPolicy:
        from visitation.rules import parse_policy

        return parse_policy(self.as_policy_dict())

    def as_policy_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "name": self.name,
            "review_lead_days": self.review_lead_days,
            "service_levels": {
                str(level.level): {
                    "min_hours_per_week": float(level.min_hours_per_week),
                    "max_hours_per_week": (None if level.max_hours_per_week is None
                                           else float(level.max_hours_per_week)),
                    "review_interval_months": level.review_interval_months,
                }
                for level in self.service_levels.all()
            },
        }
        if self.right_and_duty_contact_days is not None:
            data["right_and_duty_contact_days"] = self.right_and_duty_contact_days
        return data


class ServiceLevel(models.Model):
    policy = models.ForeignKey(PolicyVersion, on_delete=models.CASCADE,
                               related_name="service_levels")
    level = models.PositiveSmallIntegerField(
        _("niveau"), validators=[MinValueValidator(1), MaxValueValidator(3)])
    min_hours_per_week = models.DecimalField(_("timer pr. uge fra"), max_digits=4,
                                             decimal_places=1)
    max_hours_per_week = models.DecimalField(_("timer pr. uge til"), max_digits=4,
                                             decimal_places=1, null=True, blank=True)
    review_interval_months = models.PositiveSmallIntegerField(
        _("opfølgning mindst hver (måneder)"), validators=[MinValueValidator(1),
                                                           MaxValueValidator(12)])

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("serviceniveau")
        verbose_name_plural = _("serviceniveauer")
        ordering: ClassVar[list[str]] = ["level"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["policy", "level"], name="service_level_unique")
        ]

    def __str__(self) -> str:
        return f"{_('Niveau')} {self.level}"


class Notification(models.Model):
    """An in-app notification; email copies go out through Celery.

    What it says is ``code`` and ``params``, rendered in the reader's language
    (``mentor/texts.py``); ``message`` keeps the Danish text for the email and for rows from
    before codes (whose ``code`` is empty)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    message = models.CharField(max_length=500)
    code = models.CharField(max_length=60, blank=True, default="")
    params = models.JSONField(default=dict, blank=True)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    # Idempotency: one notification per key (e.g. "review-reminder:123:before").
    dedupe_key = models.CharField(max_length=120, null=True, blank=True, unique=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["-created_at", "-id"]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["user", "read_at", "-created_at"])]

    def __str__(self) -> str:
        # Ids only: no query for a related row, and nothing personal in logs or the admin.
        return f"{self._meta.verbose_name} #{self.pk}"

    @property
    def text(self) -> str:
        return texts.render(self.code, self.params, fallback=self.message)


class AccessAction(models.TextChoices):
    VIEW = "view", _("Visning")
    DOCUMENT = "document", _("Dokument")
    EXPORT = "export", _("Eksport")
    CPR_REVEAL = "cpr_reveal", _("Fuldt CPR-nummer vist")
    LOOKUP = "lookup", _("Begrundet opslag")


# What an erased citizen's look-up reasons become; the trigger in migration 0012 knows it.
REDACTED_REASON: Final = "[slettet]"


class AccessLogQuerySet(models.QuerySet["AccessLog"]):
    """No bulk change either: the access log only grows (PostgreSQL also refuses it)."""

    def update(self, **kwargs: Any) -> int:
        raise PermissionError("The access log is append-only.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("The access log is append-only.")

    def redact_reasons(self) -> int:
        """The one change allowed: erasure replaces the free-text reasons with a fixed
        marker (PostgreSQL's trigger allows exactly this and nothing else)."""
        return models.QuerySet.update(self.exclude(reason="").exclude(reason=REDACTED_REASON),
                                      reason=REDACTED_REASON)



class AccessLog(models.Model):
    """Append-only record of who saw which citizen's data (GDPR art. 15 insight)."""

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    # No index of its own: the (citizen, -at) index below serves every look-up by citizen, and
    # each index is one more write on every page that shows a citizen.
    citizen = models.ForeignKey(Citizen, on_delete=models.PROTECT, related_name="access_logs",
                                db_index=False)
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    action = models.CharField(max_length=16, choices=AccessAction.choices)
    what = models.CharField(max_length=200)
    reason = models.CharField(max_length=300, blank=True)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("adgangslog")
        verbose_name_plural = _("adgangslog")
        ordering: ClassVar[list[str]] = ["-at", "-id"]
        indexes: ClassVar[list[models.Index]] = [models.Index(fields=["citizen", "-at"])]

    def __str__(self) -> str:
        # Ids only: no query for a related row, and nothing personal in logs or the admin.
        return f"{self._meta.verbose_name} #{self.pk}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("The access log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise PermissionError("The access log is append-only.")



class SavedFilter(models.Model):
    """A user's named filter of a list page: the list's query string (filters and order),
    applied by opening the list with it. Never a CPR number: the services leave out a search
    that could hold one."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="saved_filters")
    list_name = models.CharField(max_length=32)
    name = models.CharField(_("navn"), max_length=80)
    query = models.CharField(max_length=1000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("gemt filter")
        verbose_name_plural = _("gemte filtre")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["user", "list_name", "name"],
                                    name="saved_filter_unique_name")]

    def __str__(self) -> str:
        return self.name


# The API's models (clients, event feed, webhooks) live in a module of their own, which
# imports this one; importing it here, after the models it needs, registers them with the app.
import mentor.models_api  # noqa: E402 (imported for Django's model registry)

# Single sign-on: group mappings, external identities, break-glass accounts.
import mentor.models_sso  # noqa: E402, F401 (imported for Django's model registry)

# Documents on a citizen's case (mentor/models_documents.py).
from mentor.models_documents import Document  # noqa: E402, F401 (imported for Django's model registry)

# Operations (worker and sweep heartbeats).
from mentor.models_ops import Heartbeat  # noqa: E402, F401 (imported for Django's model registry)

# Failed sign-ins, for the throttle (mentor/sign_in_throttle.py).
from mentor.models_security import SignInFailure  # noqa: E402, F401 (for Django's model registry)
