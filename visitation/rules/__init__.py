"""The rules of mentor support: facts and policy in, decision out.

Plain Python on purpose: no Django, no clock, no database. The same facts and policy always
give the same decision, which is what makes the rules testable and lets a stored decision be
replayed under the rule-set version it records. The effective-dated law is data (law.json).
"""

from .decision import Decision, decision_to_dict
from .engine import evaluate, law_contact_days, policy_law_errors, validate_policy_against_law
from .errors import FactsError, PolicyError, RulesError
from .facts import BENEFITS, Facts, parse_facts
from .law import RULESET_VERSIONS, ruleset_version_for
from .policy import LEGAL_MINIMUM, Policy, ServiceLevel, parse_policy

__all__ = [
    "BENEFITS",
    "LEGAL_MINIMUM",
    "RULESET_VERSIONS",
    "Decision",
    "Facts",
    "FactsError",
    "Policy",
    "PolicyError",
    "RulesError",
    "ServiceLevel",
    "decision_to_dict",
    "evaluate",
    "law_contact_days",
    "parse_facts",
    "parse_policy",
    "policy_law_errors",
    "ruleset_version_for",
    "validate_policy_against_law",
]
