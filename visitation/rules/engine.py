"""evaluate(facts, policy) -> Decision: the rules as a pure function.

Everything that depends only on the law (which target groups are in force, their legal basis,
the explanation lines with the paragraphs filled in) is worked out once per rule set when an
`Engine` is built for a law; a call only checks the citizen's facts, does the date arithmetic
and fills in the dates. The module's `evaluate` uses the law in `law.json`; `Engine(load_law(
path))` decides under another text of the law (a candidate correction, see `rules impact`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Final, TypeVar

from .dates import add_months, age_on, format_date, format_dates, review_schedule
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
    period_code: str


@dataclass(frozen=True, slots=True)
class _Missed:
    """A target group not in force in the rule set, with the line saying so if its facts fit."""

    conditions: Conditions
    line: Pair  # still holds {decision_date}
    code: str


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
    merge_code: str
    not_eligible_line: Pair  # still holds {decision_date} and {benefit}
    authority: Pair


class Engine:
    """The rules under one text of the law. Building one checks that the law's texts can be
    filled in and prepares every rule set; deciding is then cheap."""

    def __init__(self, law: Law) -> None:
        self.law = law
        self._labels = {
            family: {code: _pair(text) for code, text in entries.items()}
            for family, entries in law.labels.items()
        }
        messages = law.messages
        self._mentor_type = _pair(messages["mentor_type"])
        self._contact_law = _pair(messages["contact_law"])
        self._contact_policy = _pair(messages["contact_policy"])
        self._reviews = _pair(messages["reviews"])
        self._interval_one = _pair(messages["interval_one"])
        self._interval_many = _pair(messages["interval_many"])
        self._not_eligible = _pair(messages["not_eligible"])
        self._legal_minimum_name = _pair(messages["legal_minimum_policy"])
        general = law.group(law.general_offer_group)
        self.views = tuple(self._view(rule_set, general) for rule_set in law.rule_sets)

    def evaluate(self, facts: Facts, policy: Policy = LEGAL_MINIMUM) -> Decision:
        """Decide mentor support for `facts` under `policy` and the law in force on the decision date.

        Raises PolicyError (field right_and_duty_contact_days) when the policy asks for contact less
        often than the law's right-and-duty minimum on the decision date.
        """
        on = facts.decision_date
        view = self.views[self.law.rule_set_index(on)]
        law_days = view.contact_days
        policy_days = policy.right_and_duty_contact_days
        if law_days is not None and policy_days is not None and policy_days > law_days:
            raise contact_error(policy_days, law_days, on)

        benefit = view.read_as.get(facts.benefit, facts.benefit)
        under_30 = age_on(facts.birth_date, on) < 30
        applying = [g for g in view.groups[benefit] if g.conditions.hold(facts, benefit, under_30)]
        missed = [
            (m.code, m.line)
            for m in view.missed[benefit]
            if m.conditions.hold(facts, benefit, under_30)
        ]

        lines = _Lines(view.authority)
        if view.merge_line is not None and benefit != facts.benefit:
            lines.add(
                view.merge_code,
                view.merge_line,
                benefit=self._label("benefit", facts.benefit),
                read_as=self._label("benefit", benefit),
            )
        if not applying:
            lines.add(
                "not_eligible",
                view.not_eligible_line,
                decision_date=_written(on),
                benefit=self._label("benefit", benefit),
            )
            for code, line in missed:
                lines.add(code, line, decision_date=_written(on))
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
                rules_fired=tuple(lines.codes),
                rule_set_version=view.version,
                law_revision=self.law.revision,
            )

        first = applying[0]
        for group in applying:
            lines.add_text(group.code, group.line)
        lines.add_text("mentor_type", first.mentor_line)

        min_contact_days = None
        if first.contact:
            if policy_days is not None:
                min_contact_days = policy_days
                lines.add(
                    "right_and_duty_contact",
                    self._contact_policy,
                    days=policy_days,
                    law_days=law_days,
                    policy_name=self._policy_name(policy),
                    law_text=view.contact_text,
                )
            else:
                min_contact_days = law_days
                lines.add(
                    "right_and_duty_contact",
                    self._contact_law,
                    days=law_days,
                    law_text=view.contact_text,
                )

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
            first.period_code,
            first.period_line,
            start=_written(start),
            end=_written(end),
            proposed_start=_written(proposed),
            discharge_date=_written(facts.psychiatric_discharge_date),
        )

        level = policy.level(facts.service_level)
        interval = level.review_interval_months
        reviews = review_schedule(start, end, interval, policy.review_lead_days)
        lines.add(
            "review_schedule",
            self._reviews,
            level=facts.service_level,
            policy_name=self._policy_name(policy),
            interval=(
                self._interval_one if interval == 1 else _fill(self._interval_many, months=interval)
            ),
            lead_days=policy.review_lead_days,
            review_dates=(format_dates(reviews, "en"), format_dates(reviews, "da")),
        )
        for code, line in missed:
            lines.add(code, line, decision_date=_written(on))

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
            rules_fired=tuple(lines.codes),
            rule_set_version=view.version,
            law_revision=self.law.revision,
        )

    def law_contact_days(self, on: date) -> int | None:
        """The law's right-and-duty contact minimum on `on` (None where the law sets none)."""
        return self.views[self.law.rule_set_index(on)].contact_days

    def policy_law_errors(self, policy: Policy, on: date) -> list[PolicyError]:
        """What makes `policy` unlawful for a decision dated `on` (empty when it is lawful)."""
        law_days = self.law_contact_days(on)
        policy_days = policy.right_and_duty_contact_days
        if law_days is not None and policy_days is not None and policy_days > law_days:
            return [contact_error(policy_days, law_days, on)]
        return []

    def _label(self, family: str, code: str) -> Pair:
        return self._labels[family][code]

    def _policy_name(self, policy: Policy) -> str | Pair:
        """The legal minimum is named in each language; a municipality's policy by its own
        name."""
        if policy is LEGAL_MINIMUM or policy == LEGAL_MINIMUM:
            return self._legal_minimum_name
        return policy.name

    def _view(self, rule_set: RuleSet, general: TargetGroup) -> _RuleSetView:
        law = self.law
        on = rule_set.valid_from
        authority = _pair(rule_set.authority)
        general_basis = general.legal_basis_on(on).paragraphs[0]
        contact = law.contact_rule_on(on)
        groups: list[_Group] = []
        missed: list[_Missed] = []
        for group in law.target_groups:
            if not group.in_force(on):
                text = (
                    group.not_in_force_before if on < group.valid_from else group.not_in_force_after
                )
                if text is not None:
                    line = _prefill(
                        _pair(text), general_offer_legal_basis=general_basis, authority=authority
                    )
                    missed.append(_Missed(group.conditions, line, f"{group.code}_not_in_force"))
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
                        _pair(group.text_on(on)),
                        legal_basis=joined,
                        general_offer_legal_basis=general_basis,
                        authority=authority,
                    ),
                    mentor_line=_final(
                        self._mentor_type,
                        mentor_type=self._label("mentor_type", group.mentor_type),
                        authority=authority,
                    ),
                    period_line=_prefill(
                        _pair(law.period_templates[rule.template]),
                        legal_basis=joined,
                        authority=authority,
                        months=str(rule.months),
                        months_before_discharge=str(rule.months_before_discharge),
                        min_total_months=str(rule.min_total_months),
                        extension_months=str(rule.extension_months),
                        min_hours_first_year=str(rule.min_hours_first_year),
                    ),
                    period_code=f"{rule.template}_period",
                )
            )
        merge = law.benefit_merge_on(on)
        return _RuleSetView(
            version=rule_set.version,
            groups={b: tuple(g for g in groups if _admits(g.conditions, b)) for b in BENEFITS},
            missed={b: tuple(m for m in missed if _admits(m.conditions, b)) for b in BENEFITS},
            contact_days=contact.days,
            contact_text=_pair(contact.text),
            read_as={} if merge is None else merge.read_as,
            merge_line=None if merge is None else _pair(merge.text),
            merge_code="" if merge is None else merge.code,
            not_eligible_line=_prefill(
                self._not_eligible, general_offer_legal_basis=general_basis, authority=authority
            ),
            authority=authority,
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
    return DEFAULT_ENGINE.law_contact_days(on)


def policy_law_errors(policy: Policy, on: date) -> list[PolicyError]:
    """What makes `policy` unlawful for a decision dated `on` (empty when it is lawful)."""
    return DEFAULT_ENGINE.policy_law_errors(policy, on)


def evaluate(facts: Facts, policy: Policy = LEGAL_MINIMUM) -> Decision:
    """Decide mentor support for `facts` under `policy` and the law in `law.json` in force on
    the decision date. Raises PolicyError (field right_and_duty_contact_days) when the policy
    asks for contact less often than the law's right-and-duty minimum on the decision date."""
    return DEFAULT_ENGINE.evaluate(facts, policy)


def rule_set_label(version: str, lang: str = "en") -> str:
    """A rule-set version as people read it: "1. februar 2026" / "1 February 2026"."""
    return format_date(date.fromisoformat(version), lang)


def validate_policy_against_law(policy: Policy, on: date, lang: str = "en") -> list[str]:
    """Messages saying where `policy` is looser than the law on `on`; empty when lawful.
    Raises ValueError for a date before the rules begin (2014-01-01)."""
    return [error.message(lang) for error in policy_law_errors(policy, on)]


# ---- helpers ------------------------------------------------------------------------------


class _Lines:
    """The explanation, built line by line in English and Danish at once, with the code of the
    rule behind each line."""

    __slots__ = ("authority", "codes", "da", "en")

    def __init__(self, authority: Pair) -> None:
        self.authority = authority
        self.en: list[str] = []
        self.da: list[str] = []
        self.codes: list[str] = []

    def add(self, code: str, template: Pair, **values: object) -> None:
        """Fill a template pair; a value may itself be a pair, one text per language."""
        values.setdefault("authority", self.authority)
        self.en.append(template[0].format_map(_InLanguage(values, 0)))
        self.da.append(template[1].format_map(_InLanguage(values, 1)))
        self.codes.append(code)

    def add_text(self, code: str, text: Pair) -> None:
        self.en.append(text[0])
        self.da.append(text[1])
        self.codes.append(code)


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


def _given(value: T | None) -> T:
    if value is None:  # the law loader makes sure a group requires the facts its period reads
        raise LawDataError("a period reads a fact its target group does not require")
    return value


def _written(day: date | None) -> Pair:
    """A date as written in each language ("2 March 2017", "2. marts 2017")."""
    if day is None:
        return "", ""
    return format_date(day, "en"), format_date(day, "da")


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
    """Every rule set of `law` prepared (raises LawDataError where a text cannot be filled)."""
    return Engine(law).views


DEFAULT_ENGINE: Final = Engine(LAW)
