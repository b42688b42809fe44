"""evaluate(facts, policy) -> Decision: the rules as a pure function.

Everything that depends only on the law (which target groups are in force, their legal basis,
the explanation lines with the paragraphs filled in) is worked out once per rule set at import;
a call only checks the citizen's facts, does the date arithmetic and fills in the dates.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Final, TypeVar

from .dates import add_months, age_on, review_schedule
from .decision import Decision
from .errors import PolicyError
from .facts import BENEFITS, Facts
from .law import LANGS, LAW, Conditions, Law, LawDataError, PeriodRule, RuleSet, TargetGroup
from .policy import LEGAL_MINIMUM, Policy

Pair = tuple[str, str]  # (English, Danish)
T = TypeVar("T")
_LEGAL_BASIS_SEPARATOR: Final = "; "


@dataclass(frozen=True, slots=True)
class _Group:
    """A target group as it stands in one rule set, its texts filled in as far as the law goes."""

    code: str
    kind: str
    mentor_type: str
    legal_basis: tuple[str, ...]
    conditions: Conditions
    contact: bool
    period: PeriodRule
    line: Pair
    mentor_line: Pair
    period_line: Pair  # still holds the date placeholders


@dataclass(frozen=True, slots=True)
class _Missed:
    """A target group not in force in the rule set, with the line saying so if its facts fit."""

    conditions: Conditions
    line: Pair  # still holds {decision_date}


@dataclass(frozen=True, slots=True)
class _RuleSetView:
    version: str
    # By benefit (as read in this rule set): the groups whose benefit condition admits it, so a
    # call checks only the groups that can apply. Target-group order is kept.
    groups: Mapping[str, tuple[_Group, ...]]
    missed: Mapping[str, tuple[_Missed, ...]]
    contact_days: int | None
    contact_text: Pair
    read_as: Mapping[str, str]
    merge_line: Pair | None  # still holds {benefit} and {read_as}
    not_eligible_line: Pair  # still holds {decision_date} and {benefit}


def evaluate(facts: Facts, policy: Policy = LEGAL_MINIMUM) -> Decision:
    """Decide mentor support for `facts` under `policy` and the law in force on the decision date.

    Raises PolicyError (field right_and_duty_contact_days) when the policy asks for contact less
    often than the law's right-and-duty minimum on the decision date.
    """
    on = facts.decision_date
    view = _VIEWS[LAW.rule_set_index(on)]
    law_days = view.contact_days
    policy_days = policy.right_and_duty_contact_days
    if law_days is not None and policy_days is not None and policy_days > law_days:
        raise contact_error(policy_days, law_days, on)

    benefit = view.read_as.get(facts.benefit, facts.benefit)
    under_30 = age_on(facts.birth_date, on) < 30
    applying = [g for g in view.groups[benefit] if g.conditions.hold(facts, benefit, under_30)]
    missed = [m.line for m in view.missed[benefit] if m.conditions.hold(facts, benefit, under_30)]

    lines = _Lines()
    if view.merge_line is not None and benefit != facts.benefit:
        lines.add(
            view.merge_line,
            benefit=_labels("benefit", facts.benefit),
            read_as=_labels("benefit", benefit),
        )
    if not applying:
        lines.add(
            view.not_eligible_line,
            decision_date=on.isoformat(),
            benefit=_labels("benefit", benefit),
        )
        for line in missed:
            lines.add(line, decision_date=on.isoformat())
        return Decision(
            kind="not_eligible",
            target_groups=(),
            mentor_type=None,
            legal_basis=(),
            min_contact_days=None,
            start_date=facts.proposed_start,
            end_date=None,
            min_total_months=None,
            extension_months=None,
            min_hours_first_year=None,
            review_dates=(),
            explanation_en=tuple(lines.en),
            explanation_da=tuple(lines.da),
            rule_set_version=view.version,
        )

    first = applying[0]
    for group in applying:
        lines.add_text(group.line)
    lines.add_text(first.mentor_line)

    min_contact_days = None
    if first.contact:
        if policy_days is not None:
            min_contact_days = policy_days
            lines.add(
                _CONTACT_POLICY,
                days=policy_days,
                law_days=law_days,
                policy_name=_policy_name(policy),
                law_text=view.contact_text,
            )
        else:
            min_contact_days = law_days
            lines.add(_CONTACT_LAW, days=law_days, law_text=view.contact_text)

    rule = first.period
    proposed = facts.proposed_start
    if rule.start == "proposed":
        start = proposed
    elif rule.start == "education_start":
        start = _given(facts.education_start_date)
    else:  # the discharge coordinator starts no earlier than some months before discharge
        discharge = _given(facts.psychiatric_discharge_date)
        start = max(proposed, add_months(discharge, -_given(rule.months_before_discharge)))
    end = add_months(start, rule.months)
    lines.add(
        first.period_line,
        start=start.isoformat(),
        end=end.isoformat(),
        proposed_start=proposed.isoformat(),
        discharge_date=_iso(facts.psychiatric_discharge_date),
    )

    level = policy.level(facts.service_level)
    interval = level.review_interval_months
    reviews = review_schedule(start, end, interval, policy.review_lead_days)
    lines.add(
        _REVIEWS,
        level=facts.service_level,
        policy_name=_policy_name(policy),
        interval=_INTERVAL_ONE if interval == 1 else _fill(_INTERVAL_MANY, months=interval),
        lead_days=policy.review_lead_days,
        review_dates=", ".join(day.isoformat() for day in reviews),
    )
    for line in missed:
        lines.add(line, decision_date=on.isoformat())

    legal_basis: list[str] = []
    for group in applying:
        for paragraph in group.legal_basis:
            if paragraph not in legal_basis:
                legal_basis.append(paragraph)
    return Decision(
        kind=first.kind,
        target_groups=tuple(group.code for group in applying),
        mentor_type=first.mentor_type,
        legal_basis=tuple(legal_basis),
        min_contact_days=min_contact_days,
        start_date=start,
        end_date=end,
        min_total_months=rule.min_total_months,
        extension_months=rule.extension_months,
        min_hours_first_year=rule.min_hours_first_year,
        review_dates=reviews,
        explanation_en=tuple(lines.en),
        explanation_da=tuple(lines.da),
        rule_set_version=view.version,
    )


def contact_error(policy_days: int, law_days: int, on: date) -> PolicyError:
    """The error for a policy whose right-and-duty contact is less frequent than the law's."""
    return PolicyError(
        "right_and_duty_contact_days",
        f"right_and_duty_contact_days {policy_days} in the policy is longer than the law's "
        f"minimum of at least every {law_days} days in force on {on.isoformat()}; "
        f"a policy may ask for contact more often than the law, not less",
        f"right_and_duty_contact_days {policy_days} i kommunens kvalitetsstandard er længere end "
        f"lovens krav om kontakt mindst hver {law_days}. dag, som gælder {on.isoformat()}; "
        f"kvalitetsstandarden må kræve hyppigere kontakt end loven, ikke sjældnere",
    )


def law_contact_days(on: date) -> int | None:
    """The law's right-and-duty contact minimum on `on` (None where the law sets none)."""
    return _VIEWS[LAW.rule_set_index(on)].contact_days


def policy_law_errors(policy: Policy, on: date) -> list[PolicyError]:
    """What makes `policy` unlawful for a decision dated `on` (empty when it is lawful)."""
    law_days = law_contact_days(on)
    policy_days = policy.right_and_duty_contact_days
    if law_days is not None and policy_days is not None and policy_days > law_days:
        return [contact_error(policy_days, law_days, on)]
    return []


def validate_policy_against_law(policy: Policy, on: date, lang: str = "en") -> list[str]:
    """Messages saying where `policy` is looser than the law on `on`; empty when lawful.
    Raises ValueError for a date before the rules begin (2014-01-01)."""
    return [error.message(lang) for error in policy_law_errors(policy, on)]


# ---- helpers ------------------------------------------------------------------------------


class _Lines:
    """The explanation, built line by line in English and Danish at once."""

    __slots__ = ("da", "en")

    def __init__(self) -> None:
        self.en: list[str] = []
        self.da: list[str] = []

    def add(self, template: Pair, **values: object) -> None:
        """Fill a template pair; a value may itself be a pair, one text per language."""
        self.en.append(template[0].format_map(_InLanguage(values, 0)))
        self.da.append(template[1].format_map(_InLanguage(values, 1)))

    def add_text(self, text: Pair) -> None:
        self.en.append(text[0])
        self.da.append(text[1])


class _InLanguage:
    """The values as one language sees them: a (English, Danish) pair gives its own text.
    Only the placeholders a template uses are looked up."""

    __slots__ = ("index", "values")

    def __init__(self, values: dict[str, object], index: int) -> None:
        self.values = values
        self.index = index

    def __getitem__(self, key: str) -> object:
        value = self.values[key]
        return value[self.index] if type(value) is tuple else value


def _policy_name(policy: Policy) -> str | Pair:
    """The legal minimum is named in each language; a municipality's policy by its own name."""
    if policy is LEGAL_MINIMUM or policy == LEGAL_MINIMUM:
        return _LEGAL_MINIMUM_NAME
    return policy.name


def _labels(family: str, code: str) -> Pair:
    return _LABELS[family][code]


def _given(value: T | None) -> T:
    if value is None:  # the law loader makes sure a group requires the facts its period reads
        raise LawDataError("a period reads a fact its target group does not require")
    return value


def _iso(day: date | None) -> str:
    return "" if day is None else day.isoformat()


def _fill(template: Pair, **values: object) -> Pair:
    return template[0].format_map(values), template[1].format_map(values)


def _prefill(template: Pair, **values: str | Pair) -> Pair:
    """Fill some placeholders now and leave the others for evaluate()."""
    result = []
    for index, text in enumerate(template):
        for name, value in values.items():
            filled = value[index] if isinstance(value, tuple) else value
            text = text.replace("{" + name + "}", filled.replace("{", "{{").replace("}", "}}"))
        result.append(text)
    return result[0], result[1]


def _final(template: Pair, **values: str | Pair) -> Pair:
    """Fill a line that needs nothing from the citizen's facts, once and for all."""
    try:
        return _fill(_prefill(template, **values))
    except KeyError as error:
        raise LawDataError(f"{template[0]!r} needs {{{error.args[0]}}}, known only later") from None


def _admits(conditions: Conditions, benefit: str) -> bool:
    return conditions.benefit_in is None or benefit in conditions.benefit_in


def _pair(text: Mapping[str, str]) -> Pair:
    return text[LANGS[0]], text[LANGS[1]]


def _views(law: Law) -> tuple[_RuleSetView, ...]:
    general = law.group(law.general_offer_group)
    return tuple(_view(law, rule_set, general) for rule_set in law.rule_sets)


def _view(law: Law, rule_set: RuleSet, general: TargetGroup) -> _RuleSetView:
    on = rule_set.valid_from
    general_basis = general.legal_basis_on(on).paragraphs[0]
    contact = law.contact_rule_on(on)
    groups: list[_Group] = []
    missed: list[_Missed] = []
    for group in law.target_groups:
        if not group.in_force(on):
            text = group.not_in_force_before if on < group.valid_from else group.not_in_force_after
            if text is not None:
                line = _prefill(
                    _pair(text), code=group.code, general_offer_legal_basis=general_basis
                )
                missed.append(_Missed(group.conditions, line))
            continue
        if group.contact is not None and contact.days is None:
            raise LawDataError(f"{group.code} needs a right-and-duty contact rule on {on}")
        basis = group.legal_basis_on(on).paragraphs
        joined = _LEGAL_BASIS_SEPARATOR.join(basis)
        rule = group.period
        groups.append(
            _Group(
                code=group.code,
                kind=group.kind,
                mentor_type=group.mentor_type,
                legal_basis=basis,
                conditions=group.conditions,
                contact=group.contact is not None,
                period=rule,
                line=_final(
                    _pair(group.text),
                    code=group.code,
                    legal_basis=joined,
                    general_offer_legal_basis=general_basis,
                ),
                mentor_line=_final(
                    _MENTOR_TYPE,
                    code=group.code,
                    mentor_type=_labels("mentor_type", group.mentor_type),
                ),
                period_line=_prefill(
                    _pair(law.period_templates[rule.template]),
                    legal_basis=joined,
                    months=str(rule.months),
                    months_before_discharge=str(rule.months_before_discharge),
                    min_total_months=str(rule.min_total_months),
                    extension_months=str(rule.extension_months),
                    min_hours_first_year=str(rule.min_hours_first_year),
                ),
            )
        )
    read_as, merge_text = law.benefit_read_as(on)
    return _RuleSetView(
        version=rule_set.version,
        groups={b: tuple(g for g in groups if _admits(g.conditions, b)) for b in BENEFITS},
        missed={b: tuple(m for m in missed if _admits(m.conditions, b)) for b in BENEFITS},
        contact_days=contact.days,
        contact_text=_pair(contact.text),
        read_as=read_as,
        merge_line=None if merge_text is None else _pair(merge_text),
        not_eligible_line=_prefill(_NOT_ELIGIBLE, general_offer_legal_basis=general_basis),
    )


_LABELS: Final = {
    family: {code: _pair(text) for code, text in entries.items()}
    for family, entries in LAW.labels.items()
}
_MENTOR_TYPE: Final = _pair(LAW.messages["mentor_type"])
_CONTACT_LAW: Final = _pair(LAW.messages["contact_law"])
_CONTACT_POLICY: Final = _pair(LAW.messages["contact_policy"])
_REVIEWS: Final = _pair(LAW.messages["reviews"])
_INTERVAL_ONE: Final = _pair(LAW.messages["interval_one"])
_INTERVAL_MANY: Final = _pair(LAW.messages["interval_many"])
_NOT_ELIGIBLE: Final = _pair(LAW.messages["not_eligible"])
_LEGAL_MINIMUM_NAME: Final = _pair(LAW.messages["legal_minimum_policy"])
_VIEWS: Final = _views(LAW)
