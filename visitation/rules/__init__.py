"""The rules of mentor support: facts and policy in, decision out.

Plain Python on purpose: no Django, no clock, no database. The same facts and policy always
give the same decision, which is what makes the rules testable and lets a stored decision be
replayed under the rule-set version it records. The effective-dated law is data (law.json).
"""

from .dates import format_date
from .decision import Decision, decision_to_dict
from .engine import (
    DEFAULT_ENGINE,
    Engine,
    evaluate,
    law_contact_days,
    policy_law_errors,
    rule_set_label,
    validate_policy_against_law,
)
from .errors import FactsError, PolicyError, RulesError
from .facts import BENEFITS, Facts, parse_facts
from .law import (
    LAW,
    LAW_REVISION,
    RULESET_VERSIONS,
    Law,
    LawDataError,
    SpendingLimit,
    load_law,
    rule_set_authority,
    ruleset_version_for,
    spending_limit,
)
from .policy import LEGAL_MINIMUM, Policy, ServiceLevel, parse_policy

__all__ = [
    "BENEFITS",
    "DEFAULT_ENGINE",
    "LAW",
    "LAW_REVISION",
    "LEGAL_MINIMUM",
    "RULESET_VERSIONS",
    "Decision",
    "Engine",
    "Facts",
    "FactsError",
    "Law",
    "LawDataError",
    "Policy",
    "PolicyError",
    "RulesError",
    "ServiceLevel",
    "SpendingLimit",
    "decision_to_dict",
    "evaluate",
    "format_date",
    "law_contact_days",
    "load_law",
    "parse_facts",
    "parse_policy",
    "policy_law_errors",
    "rule_set_authority",
    "rule_set_label",
    "ruleset_version_for",
    "spending_limit",
    "validate_policy_against_law",
]
