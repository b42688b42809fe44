"""The effective-dated rule data, loaded once from `law.json` and checked on import.

The data is kept in `law.json` so that legal staff can read and correct it; this module only
turns it into typed, immutable objects and refuses data that does not hang together (an
unknown fact, a date that is not a rule-set version, a template with a misspelt placeholder,
a missing translation), so a mistake in the file fails loudly in the tests, not in a decision.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import string
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Final

from .facts import BENEFITS, FIELDS, RULES_BEGIN, Facts

LAW_FILE: Final = Path(__file__).with_name("law.json")
LANGS: Final = ("en", "da")
KINDS: Final = ("right_and_duty", "right", "offer")  # strongest first
PERIOD_STARTS: Final = ("proposed", "later_of_proposed_and_before_discharge", "education_start")
# A period start other than the proposed one reads a date fact that the group must require.
_START_NEEDS: Final = {
    "later_of_proposed_and_before_discharge": "psychiatric_discharge_date",
    "education_start": "education_start_date",
}

# Placeholders the engine fills in; a template may use only these.
PLACEHOLDERS: Final = frozenset(
    {
        "code", "legal_basis", "decision_date", "start", "end", "proposed_start",
        "discharge_date", "months", "months_before_discharge", "min_total_months",
        "extension_months", "min_hours_first_year", "days", "law_days", "law_text",
        "policy_name", "level", "interval", "lead_days", "review_dates", "benefit", "read_as",
        "general_offer_legal_basis", "mentor_type", "authority",
    }
)  # fmt: skip


class LawDataError(Exception):
    """law.json is inconsistent; the message says where."""


Text = Mapping[str, str]  # language -> text


@dataclass(frozen=True, slots=True)
class RuleSet:
    version: str
    valid_from: date
    text: Text
    sources: tuple[str, ...]
    verify: str | None
    # Who acts for the citizen in the explanations ("jobcentret" until 31 January 2026,
    # "kommunen" from 1 February 2026); a rule set without one keeps the previous one's.
    authority: Text


@dataclass(frozen=True, slots=True)
class Conditions:
    """Qualifying facts of a target group; all must hold."""

    benefit_in: frozenset[str] | None
    true: tuple[str, ...]
    false: tuple[str, ...]
    given: tuple[str, ...]
    under_30: bool | None

    def hold(self, facts: Facts, benefit: str, under_30: bool) -> bool:
        """`benefit` is the benefit as the law in force reads it (see benefit merges)."""
        if self.benefit_in is not None and benefit not in self.benefit_in:
            return False
        if self.under_30 is not None and under_30 is not self.under_30:
            return False
        for name in self.true:
            if getattr(facts, name) is not True:
                return False
        for name in self.false:
            if getattr(facts, name) is not False:
                return False
        return all(getattr(facts, name) is not None for name in self.given)


@dataclass(frozen=True, slots=True)
class LegalBasis:
    valid_from: date
    paragraphs: tuple[str, ...]
    sources: tuple[str, ...]
    verify: str | None
    # The group's explanation line from this date, where the law changed what it says
    # (None: the group's own text).
    text: Text | None = None


@dataclass(frozen=True, slots=True)
class PeriodRule:
    template: str
    start: str
    months: int
    months_before_discharge: int | None
    min_total_months: int | None
    extension_months: int | None
    min_hours_first_year: int | None


@dataclass(frozen=True, slots=True)
class TargetGroup:
    code: str
    kind: str
    mentor_type: str
    valid_from: date
    valid_to: date | None
    conditions: Conditions
    legal_basis: tuple[LegalBasis, ...]
    contact: str | None
    period: PeriodRule
    text: Text
    not_in_force_before: Text | None
    not_in_force_after: Text | None
    verify: str | None

    def in_force(self, on: date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)

    def legal_basis_on(self, on: date) -> LegalBasis:
        return [entry for entry in self.legal_basis if entry.valid_from <= on][-1]

    def text_on(self, on: date) -> Text:
        """The group's explanation line on `on`: the latest legal-basis text from then, else
        the group's own."""
        texts = [e.text for e in self.legal_basis if e.valid_from <= on and e.text is not None]
        return texts[-1] if texts else self.text


@dataclass(frozen=True, slots=True)
class ContactRule:
    valid_from: date
    days: int | None
    text: Text
    sources: tuple[str, ...]
    verify: str | None


@dataclass(frozen=True, slots=True)
class BenefitMerge:
    code: str
    valid_from: date
    read_as: Mapping[str, str]
    text: Text
    sources: tuple[str, ...]
    verify: str | None


@dataclass(frozen=True, slots=True)
class SpendingLimit:
    """The upper limit on a municipality's spend on other guidance and upskilling (ØVO) and
    mentor support in the budget guarantee, for one financial year: the number of full-time
    persons in the law's target groups times `per_person_dkk`."""

    year: int
    valid_from: date
    per_person_dkk: int
    price_level_year: int
    paragraphs: tuple[str, ...]
    persons_counted: str
    sources: tuple[str, ...]
    verify: str | None

    def total_dkk(self, full_time_persons: float) -> float:
        return full_time_persons * self.per_person_dkk


@dataclass(frozen=True, slots=True)
class Law:
    sources: Mapping[str, str]
    rule_sets: tuple[RuleSet, ...]
    target_groups: tuple[TargetGroup, ...]
    contact_rules: tuple[ContactRule, ...]
    benefit_merges: tuple[BenefitMerge, ...]
    general_offer_group: str
    period_templates: Mapping[str, Text]
    messages: Mapping[str, Text]
    labels: Mapping[str, Mapping[str, Text]]
    version_dates: tuple[date, ...]
    spending_limits: tuple[SpendingLimit, ...]
    # SHA-256 of the law file's bytes: a decision records it, so that it can be told which
    # text of the law it was made with even after the file has been corrected.
    revision: str

    @property
    def versions(self) -> tuple[str, ...]:
        return tuple(rule_set.version for rule_set in self.rule_sets)

    def rule_set_index(self, on: date) -> int:
        """Index of the rule set in force on `on`; ValueError before the rules begin."""
        index = bisect.bisect_right(self.version_dates, on) - 1
        if index < 0:
            raise ValueError(f"no rule set before {RULES_BEGIN.isoformat()}: {on.isoformat()}")
        return index

    def contact_rule_on(self, on: date) -> ContactRule:
        return [rule for rule in self.contact_rules if rule.valid_from <= on][-1]

    def benefit_merge_on(self, on: date) -> BenefitMerge | None:
        """The benefit merge in force on `on`, if any."""
        merges = [merge for merge in self.benefit_merges if merge.valid_from <= on]
        return merges[-1] if merges else None

    def rule_set_on(self, on: date) -> RuleSet:
        return self.rule_sets[self.rule_set_index(on)]

    def spending_limit(self, year: int) -> SpendingLimit | None:
        """The ØVO and mentor spending limit for financial `year` (None where the law sets
        none, e.g. before 2026 or for a year whose figure is not yet in the data)."""
        for limit in self.spending_limits:
            if limit.year == year:
                return limit
        return None

    def group(self, code: str) -> TargetGroup:
        for group in self.target_groups:
            if group.code == code:
                return group
        raise KeyError(code)


# ---- loading and checking -------------------------------------------------------------------


def load_law(path: Path = LAW_FILE) -> Law:
    """Read and check a law file. Raises LawDataError (also for a file that is not JSON)."""
    return load_law_bytes(path.read_bytes())


def load_law_bytes(content: bytes) -> Law:
    try:
        raw = json.loads(content.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise LawDataError(f"law.json is not valid UTF-8 JSON: {error}") from None
    return _Loader(raw, law_revision(content)).law()


def law_revision(content: bytes) -> str:
    """The revision of law data: SHA-256 of its bytes, as 64 hex digits."""
    return hashlib.sha256(content).hexdigest()


class _Loader:
    def __init__(self, raw: object, revision: str) -> None:
        self.revision = revision
        self.raw = _obj(raw, "law.json")
        self.sources: dict[str, str] = {
            key: _str(value, f"sources.{key}")
            for key, value in _obj(self.raw.get("sources"), "sources").items()
        }
        self.labels = self._labels()

    def law(self) -> Law:
        rule_sets: list[RuleSet] = []
        for i, item in enumerate(_list(self.raw.get("rule_sets"), "rule_sets")):
            rule_sets.append(self._rule_set(item, f"rule_sets[{i}]", rule_sets[-1:]))
        self.version_dates = [rule_set.valid_from for rule_set in rule_sets]
        if not rule_sets or rule_sets[0].valid_from != RULES_BEGIN:
            raise LawDataError(f"rule_sets must begin on {RULES_BEGIN.isoformat()}")
        if self.version_dates != sorted(set(self.version_dates)):
            raise LawDataError("rule_sets must be in date order, each version once")
        period_templates = {
            name: self._text(value, f"period_templates.{name}")
            for name, value in _obj(self.raw.get("period_templates"), "period_templates").items()
        }
        messages = {
            name: self._text(value, f"messages.{name}")
            for name, value in _obj(self.raw.get("messages"), "messages").items()
        }
        for needed in (
            "mentor_type", "contact_law", "contact_policy", "reviews", "interval_one",
            "interval_many", "not_eligible", "legal_minimum_policy",
        ):  # fmt: skip
            if needed not in messages:
                raise LawDataError(f"messages.{needed} is missing")
        groups = tuple(
            self._group(item, f"target_groups[{i}]", period_templates)
            for i, item in enumerate(_list(self.raw.get("target_groups"), "target_groups"))
        )
        codes = [group.code for group in groups]
        if len(set(codes)) != len(codes):
            raise LawDataError("target_groups: a code appears twice")
        strengths = [KINDS.index(group.kind) for group in groups]
        if strengths != sorted(strengths):
            raise LawDataError("target_groups must be listed strongest kind first")
        general = _str(self.raw.get("general_offer_group"), "general_offer_group")
        if general not in codes:
            raise LawDataError(f"general_offer_group: no target group {general!r}")
        contact_rules = tuple(
            self._contact(item, f"right_and_duty_contact[{i}]")
            for i, item in enumerate(
                _list(self.raw.get("right_and_duty_contact"), "right_and_duty_contact")
            )
        )
        self._dated_in_order([rule.valid_from for rule in contact_rules], "right_and_duty_contact")
        if contact_rules[0].valid_from != RULES_BEGIN:
            raise LawDataError(f"right_and_duty_contact must begin on {RULES_BEGIN.isoformat()}")
        merges = tuple(
            self._merge(item, f"benefit_merges[{i}]")
            for i, item in enumerate(_list(self.raw.get("benefit_merges"), "benefit_merges"))
        )
        self._dated_in_order([merge.valid_from for merge in merges], "benefit_merges")
        limits = tuple(
            self._spending_limit(item, f"spending_limits[{i}]")
            for i, item in enumerate(_list(self.raw.get("spending_limits", []), "spending_limits"))
        )
        years = [limit.year for limit in limits]
        if years != sorted(set(years)):
            raise LawDataError("spending_limits must be in year order, each year once")
        return Law(
            sources=self.sources,
            rule_sets=tuple(rule_sets),
            target_groups=groups,
            contact_rules=contact_rules,
            benefit_merges=merges,
            general_offer_group=general,
            period_templates=period_templates,
            messages=messages,
            labels=self.labels,
            version_dates=tuple(self.version_dates),
            spending_limits=limits,
            revision=self.revision,
        )

    # -- parts

    def _labels(self) -> dict[str, dict[str, Text]]:
        labels: dict[str, dict[str, Text]] = {}
        for family, entries in _obj(self.raw.get("labels"), "labels").items():
            labels[family] = {
                code: self._text(text, f"labels.{family}.{code}")
                for code, text in _obj(entries, f"labels.{family}").items()
            }
        for family, expected in (
            ("kind", (*KINDS, "not_eligible")),
            ("benefit", BENEFITS),
        ):
            if set(labels.get(family, {})) != set(expected):
                raise LawDataError(f"labels.{family} must label exactly {', '.join(expected)}")
        if "mentor_type" not in labels:
            raise LawDataError("labels.mentor_type is missing")
        return labels

    def _rule_set(self, raw: object, where: str, previous: list[RuleSet]) -> RuleSet:
        item = _obj(raw, where)
        version = _str(item.get("version"), f"{where}.version")
        if item.get("authority") is not None:
            authority = self._text(item["authority"], f"{where}.authority")
        elif previous:
            authority = previous[0].authority
        else:
            raise LawDataError(f"{where}.authority is missing (the first rule set needs one)")
        return RuleSet(
            version=version,
            valid_from=_date(version, f"{where}.version"),
            text=self._text(item, where),
            sources=self._sources(item.get("sources"), where),
            verify=_opt_str(item.get("verify"), f"{where}.verify"),
            authority=authority,
        )

    def _group(self, raw: object, where: str, period_templates: Mapping[str, Text]) -> TargetGroup:
        item = _obj(raw, where)
        code = _str(item.get("code"), f"{where}.code")
        where = f"target_groups[{code}]"
        kind = _str(item.get("kind"), f"{where}.kind")
        if kind not in KINDS:
            raise LawDataError(f"{where}.kind must be one of {', '.join(KINDS)}")
        mentor_type = _str(item.get("mentor_type"), f"{where}.mentor_type")
        if mentor_type not in self.labels["mentor_type"]:
            raise LawDataError(f"{where}.mentor_type {mentor_type!r} has no label")
        valid_from = _date(item.get("valid_from"), f"{where}.valid_from")
        valid_to = (
            None
            if item.get("valid_to") is None
            else _date(item.get("valid_to"), f"{where}.valid_to")
        )
        self._is_version(valid_from, f"{where}.valid_from")
        if valid_to is not None:
            self._is_version(valid_to + timedelta(days=1), f"{where}.valid_to (the day after)")
        bases = tuple(
            self._legal_basis(entry, f"{where}.legal_basis[{i}]")
            for i, entry in enumerate(_list(item.get("legal_basis"), f"{where}.legal_basis"))
        )
        self._dated_in_order([basis.valid_from for basis in bases], f"{where}.legal_basis")
        if bases[0].valid_from > valid_from:
            raise LawDataError(f"{where}.legal_basis must cover the group from {valid_from}")
        contact = _opt_str(item.get("contact"), f"{where}.contact")
        if contact not in (None, "right_and_duty"):
            raise LawDataError(f'{where}.contact must be "right_and_duty" or null')
        period = self._period(item.get("period"), f"{where}.period")
        if period.template not in period_templates:
            raise LawDataError(f"{where}.period.template {period.template!r} does not exist")
        conditions = self._conditions(item.get("conditions"), f"{where}.conditions")
        needs = _START_NEEDS.get(period.start)
        if needs is not None and needs not in conditions.given:
            raise LawDataError(f"{where}: a period starting at {period.start} needs {needs} given")
        return TargetGroup(
            code=code,
            kind=kind,
            mentor_type=mentor_type,
            valid_from=valid_from,
            valid_to=valid_to,
            conditions=conditions,
            legal_basis=bases,
            contact=contact,
            period=period,
            text=self._text(item, where),
            not_in_force_before=self._opt_text(item.get("not_in_force_before"), where),
            not_in_force_after=self._opt_text(item.get("not_in_force_after"), where),
            verify=_opt_str(item.get("verify"), f"{where}.verify"),
        )

    def _conditions(self, raw: object, where: str) -> Conditions:
        item = _obj(raw, where)
        unknown = set(item) - {"benefit_in", "true", "false", "given", "under_30"}
        if unknown:
            raise LawDataError(f"{where}: unknown condition {sorted(unknown)[0]!r}")
        benefit_in = None
        if item.get("benefit_in") is not None:
            benefits = [_str(b, f"{where}.benefit_in") for b in _list(item["benefit_in"], where)]
            for benefit in benefits:
                if benefit not in BENEFITS:
                    raise LawDataError(f"{where}.benefit_in: unknown benefit {benefit!r}")
            benefit_in = frozenset(benefits)
        flags = {}
        for key, wanted in (("true", "bool"), ("false", "bool"), ("given", "date")):
            names = tuple(_str(n, f"{where}.{key}") for n in _list(item.get(key, []), where))
            for name in names:
                if name not in FIELDS or FIELDS[name][0] != wanted:
                    raise LawDataError(f"{where}.{key}: {name!r} is not a {wanted} fact")
            flags[key] = names
        under_30 = item.get("under_30")
        if under_30 is not None and not isinstance(under_30, bool):
            raise LawDataError(f"{where}.under_30 must be true, false or absent")
        return Conditions(benefit_in, flags["true"], flags["false"], flags["given"], under_30)

    def _legal_basis(self, raw: object, where: str) -> LegalBasis:
        item = _obj(raw, where)
        valid_from = _date(item.get("from"), f"{where}.from")
        self._is_version(valid_from, f"{where}.from")
        paragraphs = tuple(
            _str(p, f"{where}.paragraphs") for p in _list(item.get("paragraphs"), where)
        )
        if not paragraphs:
            raise LawDataError(f"{where}.paragraphs must not be empty")
        text = None
        if item.get("en") is not None or item.get("da") is not None:
            text = self._text(item, where)
        return LegalBasis(
            valid_from=valid_from,
            paragraphs=paragraphs,
            sources=self._sources(item.get("sources"), where),
            verify=_opt_str(item.get("verify"), f"{where}.verify"),
            text=text,
        )

    def _period(self, raw: object, where: str) -> PeriodRule:
        item = _obj(raw, where)
        start = _str(item.get("start"), f"{where}.start")
        if start not in PERIOD_STARTS:
            raise LawDataError(f"{where}.start must be one of {', '.join(PERIOD_STARTS)}")
        months = _int(item.get("months"), f"{where}.months")
        # With at least 4 months the pre-end review (at most 90 days before the end) always
        # falls after the start.
        if months < 4:
            raise LawDataError(f"{where}.months must be at least 4")
        before = _opt_int(item.get("months_before_discharge"), f"{where}.months_before_discharge")
        if (start == "later_of_proposed_and_before_discharge") != (before is not None):
            raise LawDataError(f"{where}.months_before_discharge goes with the discharge start")
        return PeriodRule(
            template=_str(item.get("template"), f"{where}.template"),
            start=start,
            months=months,
            months_before_discharge=before,
            min_total_months=_opt_int(item.get("min_total_months"), f"{where}.min_total_months"),
            extension_months=_opt_int(item.get("extension_months"), f"{where}.extension_months"),
            min_hours_first_year=_opt_int(
                item.get("min_hours_first_year"), f"{where}.min_hours_first_year"
            ),
        )

    def _contact(self, raw: object, where: str) -> ContactRule:
        item = _obj(raw, where)
        valid_from = _date(item.get("from"), f"{where}.from")
        self._is_version(valid_from, f"{where}.from")
        return ContactRule(
            valid_from=valid_from,
            days=_opt_int(item.get("days"), f"{where}.days"),
            text=self._text(item, where),
            sources=self._sources(item.get("sources"), where),
            verify=_opt_str(item.get("verify"), f"{where}.verify"),
        )

    def _merge(self, raw: object, where: str) -> BenefitMerge:
        item = _obj(raw, where)
        valid_from = _date(item.get("from"), f"{where}.from")
        self._is_version(valid_from, f"{where}.from")
        read_as = {
            _str(k, where): _str(v, where)
            for k, v in _obj(item.get("read_as"), f"{where}.read_as").items()
        }
        for benefit in (*read_as, *read_as.values()):
            if benefit not in BENEFITS:
                raise LawDataError(f"{where}.read_as: unknown benefit {benefit!r}")
        return BenefitMerge(
            code=_str(item.get("code"), f"{where}.code"),
            valid_from=valid_from,
            read_as=read_as,
            text=self._text(item, where),
            sources=self._sources(item.get("sources"), where),
            verify=_opt_str(item.get("verify"), f"{where}.verify"),
        )

    def _spending_limit(self, raw: object, where: str) -> SpendingLimit:
        item = _obj(raw, where)
        valid_from = _date(item.get("from"), f"{where}.from")
        self._is_version(valid_from, f"{where}.from")
        year = _int(item.get("year"), f"{where}.year")
        if year != valid_from.year:
            raise LawDataError(f"{where}.year must be the year of {where}.from")
        paragraphs = tuple(
            _str(p, f"{where}.paragraphs") for p in _list(item.get("paragraphs"), where)
        )
        if not paragraphs:
            raise LawDataError(f"{where}.paragraphs must not be empty")
        return SpendingLimit(
            year=year,
            valid_from=valid_from,
            per_person_dkk=_int(item.get("per_person_dkk"), f"{where}.per_person_dkk"),
            price_level_year=_int(item.get("price_level_year"), f"{where}.price_level_year"),
            paragraphs=paragraphs,
            persons_counted=_str(item.get("persons_counted"), f"{where}.persons_counted"),
            sources=self._sources(item.get("sources"), where),
            verify=_opt_str(item.get("verify"), f"{where}.verify"),
        )

    # -- checks

    def _text(self, raw: object, where: str) -> Text:
        item = _obj(raw, where)
        text = {}
        for lang in LANGS:
            value = _str(item.get(lang), f"{where}.{lang}")
            for _, name, _, _ in string.Formatter().parse(value):
                if name is not None and name not in PLACEHOLDERS:
                    raise LawDataError(f"{where}.{lang}: unknown placeholder {{{name}}}")
            text[lang] = value
        return text

    def _opt_text(self, raw: object, where: str) -> Text | None:
        return None if raw is None else self._text(raw, where)

    def _sources(self, raw: object, where: str) -> tuple[str, ...]:
        ids = tuple(_str(s, f"{where}.sources") for s in _list(raw, f"{where}.sources"))
        for source in ids:
            if source not in self.sources:
                raise LawDataError(f"{where}.sources: unknown source {source!r}")
        if not ids:
            raise LawDataError(f"{where}.sources must name at least one source")
        return ids

    def _is_version(self, day: date, where: str) -> None:
        if day not in self.version_dates:
            raise LawDataError(
                f"{where}: {day.isoformat()} is not a rule_sets version; add one for it"
            )

    @staticmethod
    def _dated_in_order(days: list[date], where: str) -> None:
        if not days or days != sorted(set(days)):
            raise LawDataError(f"{where} must be non-empty, in date order, each date once")


def _obj(raw: object, where: str) -> dict[str, object]:
    if not isinstance(raw, dict):
        raise LawDataError(f"{where} must be an object")
    return raw


def _list(raw: object, where: str) -> list[object]:
    if not isinstance(raw, list):
        raise LawDataError(f"{where} must be a list")
    return raw


def _str(raw: object, where: str) -> str:
    if not isinstance(raw, str) or not raw:
        raise LawDataError(f"{where} must be a non-empty string")
    return raw


def _opt_str(raw: object, where: str) -> str | None:
    return None if raw is None else _str(raw, where)


def _int(raw: object, where: str) -> int:
    if type(raw) is not int or raw < 0:
        raise LawDataError(f"{where} must be a whole number")
    return raw


def _opt_int(raw: object, where: str) -> int | None:
    return None if raw is None else _int(raw, where)


def _date(raw: object, where: str) -> date:
    try:
        return date.fromisoformat(_str(raw, where))
    except ValueError:
        raise LawDataError(f"{where} must be a date YYYY-MM-DD") from None


LAW: Final = load_law()
RULESET_VERSIONS: Final = LAW.versions
LAW_REVISION: Final = LAW.revision


def ruleset_version_for(on: date) -> str:
    """The version id of the rule set in force on `on` (ValueError before 2014-01-01)."""
    return RULESET_VERSIONS[LAW.rule_set_index(on)]


def rule_set_authority(on: date, lang: str = "da") -> str:
    """Who acts for the citizen under the law in force on `on`, for letters and agreements:
    "jobcentret" / "the jobcentre" until 31 January 2026, "kommunen" / "the municipality"
    from 1 February 2026 (lov nr. 1750 af 29. december 2025)."""
    return LAW.rule_set_on(on).authority[lang]


def spending_limit(year: int) -> SpendingLimit | None:
    """The ØVO and mentor spending limit of LAB § 203 a for financial `year`, or None."""
    return LAW.spending_limit(year)
