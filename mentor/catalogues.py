"""Reference catalogues: mentor types, target groups, mentor tasks.

Codes match the rules module. Loaded by a data migration and kept current by
``load_catalogues`` (idempotent), so that a fresh installation has them.
"""

from __future__ import annotations

from typing import Any

MENTOR_TYPES: list[dict[str, str]] = [
    {"code": "holistic_mentor", "name": "Helhedsorienteret mentor (ret og pligt)",
     "name_en": "Holistic mentor (right and duty)",
     "alternative_names": "Pligtmentor; social mentor for ret og pligt",
     "legal_basis": "LAB § 93 / § 96 c (2014–2019)"},
    {"code": "social_mentor", "name": "Social mentor", "name_en": "Social mentor",
     "alternative_names": "", "legal_basis": "LAB § 31 b / § 167"},
    {"code": "professional_mentor", "name": "Faglig mentor (inkl. seniormentor)",
     "name_en": "Professional mentor (incl. senior mentor)",
     "alternative_names": "Seniormentor knyttet til nytteindsats",
     "legal_basis": "LAB § 31 b / § 167"},
    {"code": "retention_mentor", "name": "Fastholdelsesmentor", "name_en": "Retention mentor",
     "alternative_names": "Tilbudsmentor", "legal_basis": "LAB § 31 b, § 31 d / § 167, § 169"},
    {"code": "discharge_coordinator", "name": "Udskrivningskoordinator",
     "name_en": "Discharge coordinator", "alternative_names": "",
     "legal_basis": "LAB § 31 b, stk. 2 / § 167, stk. 2"},
    {"code": "release_coordinator", "name": "Udslusningskoordinator",
     "name_en": "Release coordinator", "alternative_names": "",
     "legal_basis": "LAB § 31 b, stk. 1 / § 167, stk. 1"},
    {"code": "study_start_coordinator", "name": "Studiestartskoordinator",
     "name_en": "Study-start coordinator", "alternative_names": "",
     "legal_basis": "Forsøgsordning 15.1.2014–31.12.2016"},
]

TARGET_GROUPS: list[dict[str, Any]] = [
    {"code": "activity_ready_cash_benefit_unable", "kind": "right_and_duty",
     "name": "Aktivitetsparat kontanthjælpsmodtager, der ikke kan deltage i tilbud",
     "name_en": "Activity-ready cash-benefit recipient unable to take part in offers",
     "legal_basis": "LAB § 93"},
    {"code": "activity_ready_education_benefit_unable", "kind": "right_and_duty",
     "name": "Aktivitetsparat uddannelseshjælpsmodtager, der ikke kan deltage i tilbud",
     "name_en": "Activity-ready education-benefit recipient unable to take part in offers",
     "legal_basis": "LAB § 96 c"},
    {"code": "activity_ready_integration_benefit_unable", "kind": "right_and_duty",
     "name": "Aktivitetsparat integrationsydelsesmodtager, der ikke kan deltage i tilbud",
     "name_en": "Activity-ready integration-benefit recipient unable to take part in offers",
     "legal_basis": "LAB § 96 c"},
    {"code": "psychiatric_discharge", "kind": "right",
     "name": "Udskrives fra psykiatrisk afdeling", "name_en": "Discharged from a psychiatric ward",
     "legal_basis": "LAB § 31 b, stk. 2 / § 167, stk. 2"},
    {"code": "study_start_single_parent", "kind": "right",
     "name": "Enlig forsørger med uddannelsespålæg, optaget på uddannelse",
     "name_en": "Single parent with an education order, admitted to education",
     "legal_basis": "Forsøgsordning"},
    {"code": "under_30_admitted_education", "kind": "right",
     "name": "Ung under 30 uden erhvervskompetencegivende uddannelse, optaget på uddannelse",
     "name_en": "Under 30 without vocational education, admitted to education",
     "legal_basis": "LAB § 167, stk. 3"},
    {"code": "prison_release", "kind": "offer", "name": "Indsat, der står over for løsladelse",
     "name_en": "Inmate facing release", "legal_basis": "LAB § 31 b, stk. 1 / § 167, stk. 1"},
    {"code": "under_30_education_transition", "kind": "offer",
     "name": "Ung under 30 ved overgang til ordinær uddannelse",
     "name_en": "Under 30 starting ordinary education", "legal_basis": "LAB § 31 b / § 167"},
    {"code": "resource_course", "kind": "offer", "name": "Person i ressourceforløb",
     "name_en": "Person in a resource course", "legal_basis": "LAB § 31 b / § 167"},
    {"code": "flex_job", "kind": "offer", "name": "Fleksjobansat",
     "name_en": "Flex-job employee", "legal_basis": "LAB § 31 b / § 167"},
    {"code": "sickness_benefit", "kind": "offer", "name": "Sygedagpengemodtager",
     "name_en": "Sickness-benefit recipient", "legal_basis": "LAB § 31 b / § 167"},
    {"code": "disability_pension_return", "kind": "offer",
     "name": "Førtidspensionist på vej tilbage til arbejdsmarkedet",
     "name_en": "Disability pensioner returning to work", "legal_basis": "LAB § 31 b / § 167"},
    {"code": "foreigner_integration", "kind": "offer",
     "name": "Udlænding i integrationsprogram", "name_en": "Foreigner in integration programme",
     "legal_basis": "Integrationsloven § 23 d"},
    {"code": "general_employment_activity", "kind": "offer",
     "name": "Person, der skal opnå eller fastholde aktivitet, uddannelse eller job",
     "name_en": "Person to obtain or keep an activity, education or job",
     "legal_basis": "LAB § 31 b, § 31 d / § 167, § 169"},
]

MENTOR_TASKS: list[dict[str, Any]] = [
    {"code": "motivational_talks", "name": "Motiverende samtaler",
     "name_en": "Motivational talks", "guide_hours_per_week": "1.0"},
    {"code": "active_offer_support", "name": "Støtte i aktivt tilbud",
     "name_en": "Support in an active offer", "guide_hours_per_week": "1.0"},
    {"code": "court_companion", "name": "Bisidder i retten", "name_en": "Companion in court",
     "guide_hours_per_week": "0.5"},
    {"code": "prison_coordination", "name": "Koordinering med Kriminalforsorgen",
     "name_en": "Coordination with the Prison and Probation Service",
     "guide_hours_per_week": "0.5"},
    {"code": "doctor_treatment", "name": "Kontakt med læge eller behandling",
     "name_en": "Contact with doctor or treatment", "guide_hours_per_week": "0.5"},
    {"code": "authorities_demands", "name": "Hjælp med krav fra myndigheder",
     "name_en": "Help with authorities' demands", "guide_hours_per_week": "0.5"},
    {"code": "workplace_norms", "name": "Arbejdspladsens normer (omgangstone, mødestabilitet)",
     "name_en": "Workplace norms (tone, punctuality)", "guide_hours_per_week": "1.0"},
    {"code": "daily_structure", "name": "Struktur på hverdagen",
     "name_en": "Structure in everyday life", "guide_hours_per_week": "1.0"},
    {"code": "network_bridge", "name": "Brobygning til netværk, væresteder og behandling",
     "name_en": "Bridge to network, drop-in centres and treatment",
     "guide_hours_per_week": "0.5"},
    {"code": "education_retention", "name": "Fastholdelse i uddannelse",
     "name_en": "Retention in education", "guide_hours_per_week": "1.0"},
]


def load_catalogues(mentor_type_model: Any, target_group_model: Any, task_model: Any) -> None:
    """Create or update every catalogue row (idempotent). Models are passed in so that the
    data migration can use its historical models."""
    from mentor import caching

    def labels() -> list[Any]:
        return [sorted(model.objects.values_list("code", "name", "name_en"))
                for model in (mentor_type_model, target_group_model)]

    before = labels()
    for row in MENTOR_TYPES:
        mentor_type_model.objects.update_or_create(
            code=row["code"], defaults={k: v for k, v in row.items() if k != "code"})
    for order, row in enumerate(TARGET_GROUPS):
        target_group_model.objects.update_or_create(
            code=row["code"],
            defaults={**{k: v for k, v in row.items() if k != "code"}, "order": order})
    for row in MENTOR_TASKS:
        task_model.objects.update_or_create(
            code=row["code"], defaults={k: v for k, v in row.items() if k != "code"})
    if labels() != before:
        caching.bump(caching.CATALOGUE)
