"""The editable review rule tables in resources/rules (see its README.md).

Each table is read once per process. Codes in rule tables are 用地用海 codes of
any level; ``code_rule`` picks the most specific row (second level before first).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..paths import RULES_DIR
from .land_use_codes import current_code
from .plan.model import FieldMatch
from .plan_schema import czkfbj_part


class RuleTableError(ValueError):
    """A rule table is missing a column or holds a value the engine cannot use."""


# How well each row's rule is sourced (column ``source_status`` of every table):
# read in an official text, taken from secondary sources, or this project's own
# interpretation or default (to be confirmed by the bureau; see README.md).
OFFICIAL, SECONDARY, PROJECT_DEFAULT = "official", "secondary", "project default"
SOURCE_STATUSES = (OFFICIAL, SECONDARY, PROJECT_DEFAULT)
SOURCE_COLUMNS = ("source", "source_status")
PROJECT_DEFAULT_MARK = "「项目默认规则」"


def default_mark(source_status: str) -> str:
    """The marker printed after a finding that rests on a project default, else ''."""
    return PROJECT_DEFAULT_MARK if source_status == PROJECT_DEFAULT else ""


def _rows(name: str, required: tuple[str, ...]) -> list[dict[str, str]]:
    path = Path(RULES_DIR) / name
    required = (*required, *SOURCE_COLUMNS)
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [column for column in required if column not in (reader.fieldnames or [])]
        if missing:
            raise RuleTableError(f"{path}: 缺少列 {', '.join(missing)}")
        rows = [{key: (value or "").strip() for key, value in row.items()} for row in reader]
    for number, row in enumerate(rows, start=2):
        if row["source_status"] not in SOURCE_STATUSES or not row["source"]:
            raise RuleTableError(
                f"{path} 第{number}行: source_status 须为 {' / '.join(SOURCE_STATUSES)} 且 source 不得为空"
            )
    return rows


def most_specific(code: str | None, table: dict[str, object]):
    """The entry for the longest prefix of code present in table (060102 → 0601 → 06).

    A 2020 试行 code the 2023 指南 dropped is read as its 2023 code first (0603 → 060202 → 0602 → 06).
    """
    if not code:
        return None
    code = current_code(code)
    while code:
        if code in table:
            return table[code]
        code = code[:-2]
    return None


@dataclass(frozen=True)
class CodeRule:
    status: str
    reason: str
    basis: str
    source: str = ""
    source_status: str = ""


@lru_cache(maxsize=1)
def check_source_statuses() -> dict[str, str]:
    return {row["check"]: row["source_status"] for row in _rows("check_basis.csv", ("check",))}


@lru_cache(maxsize=1)
def check_titles_and_bases() -> dict[str, tuple[str, str]]:
    return {
        row["check"]: (row["title"], row["basis"])
        for row in _rows("check_basis.csv", ("check", "title", "basis"))
    }


def check_title(check_id: str) -> str:
    return check_titles_and_bases()[check_id][0]


def check_basis(check_id: str) -> str:
    return check_titles_and_bases()[check_id][1]


@lru_cache(maxsize=1)
def eco_redline_allowed() -> dict[str, CodeRule]:
    rows = _rows("eco_redline_allowed.csv", ("land_use", "activity", "basis"))
    return {
        row["land_use"]: CodeRule("warning", row["activity"], row["basis"], row["source"], row["source_status"])
        for row in rows
    }


MATRIX_RULES = ("allowed", "conditional", "forbidden")


@lru_cache(maxsize=1)
def land_use_matrix() -> dict[str, dict[str, CodeRule]]:
    """zone name (GHFQMC) → 用地用海 code → rule."""
    matrix: dict[str, dict[str, CodeRule]] = {}
    for row in _rows("land_use_zone_matrix.csv", ("zone", "land_use", "rule", "basis")):
        if row["rule"] not in MATRIX_RULES:
            raise RuleTableError(
                f"land_use_zone_matrix.csv: 未知规则 {row['rule']!r}（{row['zone']} {row['land_use']}）"
            )
        rule = CodeRule(row["rule"], "", row["basis"], row["source"], row["source_status"])
        matrix.setdefault(row["zone"], {})[row["land_use"]] = rule
    return matrix


@dataclass(frozen=True)
class CityLineRule:
    check: str
    layer: str
    level: str
    line: str
    default_status: str
    warning_land_uses: tuple[str, ...]
    rule: str
    basis: str
    source: str = ""
    source_status: str = ""


@lru_cache(maxsize=1)
def city_line_rules() -> dict[tuple[str, str], CityLineRule]:
    """(check id, level) → rule; level '' is the rule for lines without levels."""
    columns = ("check", "layer", "level", "line", "default_status", "warning_land_uses", "rule", "basis")
    rules = {}
    for row in _rows("city_lines.csv", columns):
        codes = tuple(code for code in row["warning_land_uses"].split(";") if code)
        rules[(row["check"], row["level"])] = CityLineRule(
            row["check"],
            row["layer"],
            row["level"],
            row["line"],
            row["default_status"],
            codes,
            row["rule"],
            row["basis"],
            row["source"],
            row["source_status"],
        )
    return rules


@lru_cache(maxsize=1)
def renewal_source_statuses() -> dict[str, str]:
    return {row["type"]: row["source_status"] for row in _rows("renewal_types.csv", ("type",))}


@lru_cache(maxsize=1)
def renewal_approaches() -> dict[str, tuple[str, str]]:
    return {
        row["type"]: (row["approach"], row["basis"])
        for row in _rows("renewal_types.csv", ("type", "approach", "basis"))
    }


@dataclass(frozen=True)
class ServiceThreshold:
    service: str
    layer: str
    match: FieldMatch  # which features of the layer are this service
    threshold_m: float
    basis: str


@lru_cache(maxsize=1)
def service_thresholds() -> tuple[ServiceThreshold, ...]:
    out = []
    for row in _rows("service_thresholds.csv", ("service", "layer", "match", "threshold_m", "basis")):
        field, _, value = row["match"].partition("=")
        match = FieldMatch(field.strip(), value.strip().rstrip("*"), prefix=value.strip().endswith("*"))
        threshold = float(row["threshold_m"])
        out.append(ServiceThreshold(row["service"], row["layer"], match, threshold, row["basis"]))
    return tuple(out)


@dataclass(frozen=True)
class BoundaryPart:
    part: str
    construction_status: str
    meaning: str
    basis: str
    source: str = ""
    source_status: str = ""


OUTSIDE_PART = "开发边界外"
SCATTERED_PART = "开发边界外零星城镇建设用地"  # outside, in a 其他城镇建设区 zone (193号)


@lru_cache(maxsize=1)
def dev_boundary_parts() -> dict[str, BoundaryPart]:
    rows = _rows("dev_boundary.csv", ("part", "construction_status", "meaning", "basis"))
    parts = {}
    for row in rows:
        part = czkfbj_part(row["part"])  # a row may use the national spelling (城镇集中建设区)
        parts[part] = BoundaryPart(
            part, row["construction_status"], row["meaning"], row["basis"], row["source"], row["source_status"]
        )
    return parts


def _code_exceptions(name: str) -> dict[str, CodeRule]:
    rows = _rows(name, ("land_use", "status", "reason", "basis"))
    return {
        row["land_use"]: CodeRule(row["status"], row["reason"], row["basis"], row["source"], row["source_status"])
        for row in rows
    }


@lru_cache(maxsize=1)
def dev_boundary_outside_exceptions() -> dict[str, CodeRule]:
    return _code_exceptions("dev_boundary_outside_exceptions.csv")


@lru_cache(maxsize=1)
def river_crossing_exceptions() -> dict[str, CodeRule]:
    return _code_exceptions("river_crossing_exceptions.csv")


# 三大类 of the 国土调查 (土地管理法 第4条), in the order the tables list them.
LAND_CLASSES = ("农用地", "建设用地", "未利用地")


@dataclass(frozen=True)
class SurveyClass:
    """One 三调 工作分类 二级 code (DLBM) with its 一级类 and 三大类 (dltb_classes.csv)."""

    code: str
    name: str
    level1_code: str
    level1_name: str
    land_class: str
    source_status: str = ""


@lru_cache(maxsize=1)
def survey_classes() -> dict[str, SurveyClass]:
    """DLBM code → class, per 《第三次全国国土调查工作分类》."""
    out = {}
    for row in _rows("dltb_classes.csv", ("code", "name", "level1_code", "level1_name", "land_class")):
        if row["land_class"] not in LAND_CLASSES:
            raise RuleTableError(f"dltb_classes.csv: 未知三大类 {row['land_class']!r}（{row['code']}）")
        out[row["code"]] = SurveyClass(
            row["code"], row["name"], row["level1_code"], row["level1_name"], row["land_class"], row["source_status"]
        )
    return out
