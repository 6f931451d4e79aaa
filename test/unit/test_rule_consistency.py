"""No two checks contradict each other on the same ground (issue 15).

For every 规划分区 of the zone matrix × every 用地用海 code of ydyh_codes.csv,
and for every control line that can lie on that ground (永久基本农田, 生态保护红线
and its 核心保护区, the 城镇开发边界 parts and the land outside it, each 城市四线
level), this module derives the status each check gives, from the same rule
loaders the checks use (core/rules.py and the checks' own lookups). It fails
when one check says conflict and another says pass or warning for the same use
on the same ground, unless the pair is listed in
resources/rules/intended_differences.csv with the official basis of the
difference (mirrored in resources/rules/README.md).

A real review then checks a representative subset: a hand-made plan with one
tile per ground, one parcel per code, so the test fails when a check's code
stops following its table.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from hengyang_plan_plugin.core import rules
from hengyang_plan_plugin.core.checks import city_lines, dev_boundary, farmland
from hengyang_plan_plugin.core.land_use_codes import CODES_2020_TO_2023, is_construction, land_use_codes
from hengyang_plan_plugin.core.plan.registry import open_plan
from hengyang_plan_plugin.core.plan_schema import CZKFBJ_PARTS, LINE_LEVELS
from hengyang_plan_plugin.core.review import review_submission
from hengyang_plan_plugin.core.submission_model import Parcel, Submission
from hengyang_plan_plugin.paths import RULES_DIR
from test.review_fixtures import rect, release_plans, square, write_plan

PASS, WARNING, CONFLICT = "pass", "warning", "conflict"
MATRIX_STATUS = {"allowed": PASS, "conditional": WARNING, "forbidden": CONFLICT}
CONCENTRATED, FLEXIBLE, SPECIAL = CZKFBJ_PARTS
OUTSIDE = rules.OUTSIDE_PART
FARMLAND_LINE, REDLINE, CORE_ZONE = "永久基本农田", "生态保护红线", "核心保护区"
CITY_LINE_NAMES = {
    "green_line": "城市绿线",
    "blue_line": "城市蓝线",
    "purple_line": "城市紫线",
    "yellow_line": "城市黄线",
}

# --- Where each zone lies: the plan's own structure ---------------------------------------
# 《规划》4.1 and the 编制指南 附录: the 城镇集中建设区 sub-zones (and 战略预留区) lie in the
# 集中建设区 part of the 城镇开发边界, 城镇弹性发展区 and 特别用途区 are the parts of the same
# name, the 市域 城镇发展区 is the whole boundary; every other zone, 其他城镇建设区
# included (零星 town land outside the boundary), lies outside it (厅字〔2019〕48号:
# the three control lines do not overlap).
ZONE_POSITIONS: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(
        (
            "居住生活区",
            "综合服务区",
            "商业商务区",
            "工业发展区",
            "物流仓储区",
            "绿地休闲区",
            "交通枢纽区",
            "战略预留区",
        ),
        (CONCENTRATED,),
    ),
    "城镇弹性发展区": (FLEXIBLE,),
    "特别用途区": (SPECIAL,),
    "城镇发展区": (CONCENTRATED, FLEXIBLE, SPECIAL),
    **dict.fromkeys(
        (
            "生态保护区",
            "生态控制区",
            "农田保护区",
            "乡村发展区",
            "村庄建设区",
            "一般农业区",
            "林业发展区",
            "牧业发展区",
            "矿产能源发展区",
            "其他城镇建设区",
        ),
        (OUTSIDE,),
    ),
}
# 生态保护区 is the 生态保护红线 (编制指南; the sample plan draws them identical): every
# piece of it is red line, part of it may be a 自然保护地核心保护区.
REDLINE_ZONE = "生态保护区"
# 永久基本农田 lies in the 农田保护区 (its concentration area); scattered patches also
# lie in the 乡村发展区 and its sub-zones. The 农田保护区 holds land beyond YJJBNT too.
FARMLAND_ZONES = ("农田保护区", "乡村发展区", "村庄建设区", "一般农业区", "林业发展区", "牧业发展区")
# The 城市四线 lie in the 中心城区 (《规划》4.8). 绿线 (城市绿地: 14 is the green land of
# 城镇、村庄建设用地, 2023 指南) and 紫线 (历史文化街区) lie in the town zones inside the
# 城镇开发边界; 黄线 (港口、场站、水厂、变电站 …) there and on the 零星 land outside it
# (其他城镇建设区, the zone for 区域交通与市政设施); 蓝线 (湘江、耒水、蒸水 and the
# lakes and reservoirs) cross every zone, the red line and farmland included.
CITY_LINES = tuple(
    (check, level) for check in city_lines.LINE_LAYERS for level in (("",) if check == "purple_line" else LINE_LEVELS)
)


def line_lies_on(check_id: str, zone: str, position: str) -> bool:
    if check_id == "blue_line":
        return True
    if check_id == "yellow_line" and zone == dev_boundary.SCATTERED_ZONE:
        return True
    return position != OUTSIDE


@dataclass(frozen=True)
class Ground:
    """One kind of ground: a zone, where it lies to the 城镇开发边界, the lines on it."""

    zone: str
    position: str  # a CZKFBJ part or 开发边界外
    farmland: bool = False  # on 永久基本农田
    redline: bool = False  # in the 生态保护红线
    core: bool = False  # in a 自然保护地核心保护区 of the red line
    city_line: tuple[str, str] | None = None  # (check id, level)

    @property
    def tags(self) -> set[str]:
        tags = {self.zone, self.position}
        if self.farmland:
            tags.add(FARMLAND_LINE)
        if self.redline:
            tags.add(REDLINE)
        if self.core:
            tags.add(CORE_ZONE)
        if self.city_line:
            tags.add(CITY_LINE_NAMES[self.city_line[0]])
        return tags

    def label(self) -> str:
        return "/".join(sorted(self.tags))


def grounds() -> list[Ground]:
    out = []
    for zone, positions in ZONE_POSITIONS.items():
        for position in positions:
            if zone == REDLINE_ZONE:
                bases = [Ground(zone, position, redline=True), Ground(zone, position, redline=True, core=True)]
            elif zone in FARMLAND_ZONES:
                bases = [Ground(zone, position), Ground(zone, position, farmland=True)]
            else:
                bases = [Ground(zone, position)]
            for base in bases:
                out.append(base)
                for line in CITY_LINES:
                    if not line_lies_on(line[0], zone, position):
                        continue
                    out.append(Ground(zone, position, base.farmland, base.redline, base.core, line))
    return out


# --- The status each check gives, from its rule table --------------------------------------


def land_use_status(zone: str, code: str) -> str:
    """core/checks/land_use.py: the matrix cell; no cell → warning."""
    cell = rules.most_specific(code, rules.land_use_matrix().get(zone, {}))
    return WARNING if cell is None else MATRIX_STATUS[cell.status]


def farmland_status(code: str) -> str:
    """core/checks/farmland.py: the 农田保护区 cell; allowed → pass, conditional → warning, else conflict."""
    rule = farmland.farmland_rule(code)
    if rule is not None and rule.status == "allowed":
        return PASS
    if rule is not None and rule.status == "conditional":
        return WARNING
    return CONFLICT


def eco_redline_status(code: str, core: bool) -> str:
    """core/checks/eco_redline.py: a limited activity → warning, except in a 核心保护区; else conflict."""
    allowed = rules.most_specific(code, rules.eco_redline_allowed())
    return WARNING if allowed is not None and not core else CONFLICT


def dev_boundary_status(position: str, zone: str, code: str) -> str | None:
    """core/checks/dev_boundary.py for construction uses (07–16); None: the check rules no other use."""
    if not is_construction(code):
        return None
    parts = rules.dev_boundary_parts()
    if position != OUTSIDE:
        return parts[position].construction_status
    exception = rules.most_specific(code, rules.dev_boundary_outside_exceptions())
    if exception is not None:
        return exception.status
    if zone == dev_boundary.SCATTERED_ZONE:
        cell = rules.most_specific(code, rules.land_use_matrix().get(zone, {}))
        if cell is not None and cell.status != "forbidden":
            return parts[rules.SCATTERED_PART].construction_status
    return parts[OUTSIDE].construction_status


def city_line_status(check_id: str, level: str, code: str) -> str:
    """core/checks/city_lines.py: a use matching the line's purpose → warning; else the line's default."""
    rule = city_lines._rule_for(check_id, level)
    conforming = rules.most_specific(code, dict.fromkeys(rule.warning_land_uses, True))
    return WARNING if conforming else rule.default_status


def statuses(ground: Ground, code: str) -> dict[str, str]:
    """check id → status for this use on this ground (checks that rule nothing here are left out)."""
    out = {"land_use": land_use_status(ground.zone, code)}
    if ground.farmland:
        out["farmland"] = farmland_status(code)
    if ground.redline:
        out["eco_redline"] = eco_redline_status(code, ground.core)
    boundary = dev_boundary_status(ground.position, ground.zone, code)
    if boundary is not None:
        out["dev_boundary"] = boundary
    if ground.city_line:
        out[ground.city_line[0]] = city_line_status(*ground.city_line, code)
    return out


# --- Intended differences: resources/rules/intended_differences.csv --------------------------


@dataclass
class Difference:
    id: str
    conflict_check: str
    other_check: str
    ground: tuple[str, ...]
    land_use: tuple[str, ...]
    reason: str
    basis: str
    source_status: str
    used: set = field(default_factory=set)

    def covers(self, ground: Ground, code: str, conflicting: str, other: str) -> bool:
        return (
            _check_matches(self.conflict_check, conflicting)
            and _check_matches(self.other_check, other)
            and all(any(tag in ground.tags for tag in alternatives.split("|")) for alternatives in self.ground)
            and (self.land_use == ("*",) or rules.most_specific(code, dict.fromkeys(self.land_use, True)) is not None)
        )


def _check_matches(pattern: str, check_id: str) -> bool:
    if pattern == "*":
        return True
    if pattern == "city_lines":
        return check_id in city_lines.LINE_LAYERS
    return check_id in pattern.split(";")


def intended_differences() -> list[Difference]:
    columns = ("id", "conflict_check", "other_check", "ground", "land_use", "reason", "basis")
    return [
        Difference(
            row["id"],
            row["conflict_check"],
            row["other_check"],
            tuple(row["ground"].split(";")) if row["ground"] != "*" else (),
            tuple(row["land_use"].split(";")),
            row["reason"],
            row["basis"],
            row["source_status"],
        )
        for row in rules._rows("intended_differences.csv", columns)
    ]


@dataclass(frozen=True)
class Contradiction:
    ground: Ground
    code: str
    conflicting: str  # check id saying conflict
    other: str  # check id saying pass or warning
    other_status: str

    def __str__(self) -> str:
        return f"{self.ground.label()} {self.code}: {self.conflicting}=conflict, {self.other}={self.other_status}"


def contradictions() -> list[Contradiction]:
    out = []
    codes = [*land_use_codes(), *CODES_2020_TO_2023]  # 2-, 4-, 6-digit and the remapped 2020 codes
    for ground in grounds():
        for code in codes:
            found = statuses(ground, code)
            for conflicting, status in found.items():
                if status != CONFLICT:
                    continue
                for other, other_status in found.items():
                    if other_status in (PASS, WARNING):
                        out.append(Contradiction(ground, code, conflicting, other, other_status))
    return out


def _uncovered(found: list[Contradiction], differences: list[Difference]) -> list[Contradiction]:
    uncovered = []
    for item in found:
        matching = [d for d in differences if d.covers(item.ground, item.code, item.conflicting, item.other)]
        for difference in matching:
            difference.used.add(item)
        if not matching:
            uncovered.append(item)
    return uncovered


# --- The tests ------------------------------------------------------------------------------


def test_every_zone_of_the_matrix_is_placed_on_the_ground_model():
    assert set(ZONE_POSITIONS) == set(rules.land_use_matrix())


def test_no_check_contradicts_another_on_the_same_ground():
    uncovered = _uncovered(contradictions(), intended_differences())
    shown = "\n".join(str(item) for item in uncovered[:40])
    assert not uncovered, f"{len(uncovered)} contradictions without a stated reason, e.g.:\n{shown}"


def test_every_intended_difference_is_still_needed():
    differences = intended_differences()
    _uncovered(contradictions(), differences)
    assert [d.id for d in differences if not d.used] == []


def test_the_exceptions_named_in_the_differences_are_the_exception_table():
    """A new outside-the-boundary exception must be weighed against the zones and lines (D2–D4)."""
    exceptions = set(rules.dev_boundary_outside_exceptions())
    by_id = {d.id: d for d in intended_differences()}
    for row in ("D2", "D3", "D4"):
        assert set(by_id[row].land_use) == exceptions, row


def test_intended_differences_cite_a_basis_and_are_mirrored_in_the_readme():
    readme = (RULES_DIR / "README.md").read_text(encoding="utf-8")
    for difference in intended_differences():
        assert difference.reason and difference.basis, difference.id
        line = next((ln for ln in readme.splitlines() if ln.startswith(f"| {difference.id} |")), None)
        assert line is not None, difference.id
        assert difference.conflict_check in line and difference.other_check in line, difference.id


@pytest.mark.parametrize("zone", ["乡村发展区", "村庄建设区"])
def test_town_construction_in_the_rural_zone_is_a_conflict_like_outside_the_boundary(zone):
    """The open case of issue 15: 08–11 and 14 were conditional here while the boundary check said conflict."""
    for code in ("0801", "0901", "1001", "1101", "1402", "1403"):
        assert land_use_status(zone, code) == CONFLICT == dev_boundary_status(OUTSIDE, zone, code), code
        assert "193号" in rules.most_specific(code, rules.land_use_matrix()[zone]).basis
    for code in ("0703", "0704", "1207", "1301", "1401", "1501"):
        assert land_use_status(zone, code) in (PASS, WARNING), code
        assert dev_boundary_status(OUTSIDE, zone, code) == WARNING, code


# --- A real review of a representative subset -------------------------------------------------

REVIEW_CODES = (
    *("0101", "0201", "0301", "0503", "060102", "060202", "2302"),  # agriculture, nature, 06, 23
    *("0701", "0703", "0704", "0801", "0803", "0805", "0901", "1001", "1002", "1101", "1102"),  # construction
    *("1207", "1309", "1311", "1401", "1402", "1501", "1503", "1504", "16", "1702", "1704"),  # infra, special, water
)
REVIEW_GROUNDS = (
    Ground("居住生活区", CONCENTRATED),
    Ground("战略预留区", CONCENTRATED),
    Ground("城镇弹性发展区", FLEXIBLE),
    Ground("特别用途区", SPECIAL),
    Ground("生态保护区", OUTSIDE, redline=True),
    Ground("生态保护区", OUTSIDE, redline=True, core=True),
    Ground("生态控制区", OUTSIDE),
    Ground("农田保护区", OUTSIDE),
    Ground("农田保护区", OUTSIDE, farmland=True),
    Ground("乡村发展区", OUTSIDE),
    Ground("村庄建设区", OUTSIDE),
    Ground("一般农业区", OUTSIDE, farmland=True),
    Ground("矿产能源发展区", OUTSIDE),
    Ground("其他城镇建设区", OUTSIDE),
    Ground("居住生活区", CONCENTRATED, city_line=("purple_line", "")),
    Ground("绿地休闲区", CONCENTRATED, city_line=("green_line", "一级")),
    Ground("农田保护区", OUTSIDE, city_line=("blue_line", "二级")),
    Ground("其他城镇建设区", OUTSIDE, city_line=("yellow_line", "一级")),
)
TILE, SIZE, STEP, PER_ROW = 1000.0, 100.0, 150.0, 6


def _tile(index: int):
    return index * TILE, 0.0


def review_plan() -> dict:
    plan: dict[str, list] = {}
    attributes = {"BSM": "B", "YSDM": "2090020610", "XZQDM": "430405", "MJ": 1.0}
    for index, ground in enumerate(REVIEW_GROUNDS):
        x, y = _tile(index)
        ground_shape = rect(x, y, x + TILE, y + TILE)
        plan.setdefault("ZXCQGHFQ", []).append((ground_shape, {"GHFQDM": "", "GHFQMC": ground.zone}))
        if ground.position != OUTSIDE:
            plan.setdefault("CZKFBJ", []).append((ground_shape, {"GHFQMC": ground.position}))
        if ground.farmland:
            plan.setdefault("YJJBNT", []).append((ground_shape, attributes))
        if ground.redline:
            extra = {"BZ": "自然保护地核心保护区"} if ground.core else {"BZ": "一般控制区"}
            plan.setdefault("STBHHX", []).append((ground_shape, {**attributes, **extra}))
        if ground.city_line:
            check_id, level = ground.city_line
            plan.setdefault(city_lines.LINE_LAYERS[check_id], []).append(
                (ground_shape, {"JB": level, "MC": "测试线"} if level else {"MC": "测试线"})
            )
    plan.setdefault("CZKFBJ", [])
    return plan


def review_parcels() -> list[Parcel]:
    parcels = []
    for index, _ground in enumerate(REVIEW_GROUNDS):
        x, y = _tile(index)
        for number, code in enumerate(REVIEW_CODES):
            row, column = divmod(number, PER_ROW)
            geometry = square(x + 25 + column * STEP, y + 25 + row * STEP, SIZE)
            parcels.append(Parcel(id=f"{index}-{code}", geometry=geometry, name=code, land_use=code))
    return parcels


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory):
    plan = open_plan(write_plan(tmp_path_factory.mktemp("consistency") / "plan.gpkg", review_plan()))
    submission = Submission(name="一致性", source="<一致性>", crs="EPSG:4526", parcels=review_parcels())
    try:
        yield review_submission(submission, plan)
    finally:
        release_plans()


def test_the_reviewed_grounds_fit_in_their_tiles():
    assert len(REVIEW_CODES) <= PER_ROW * int((TILE - 25) // STEP)


@pytest.mark.parametrize("index", range(len(REVIEW_GROUNDS)), ids=[g.label() for g in REVIEW_GROUNDS])
def test_a_real_review_gives_the_status_the_tables_say(reviewed, index):
    ground = REVIEW_GROUNDS[index]
    outcomes = {check.id: dict(check.parcels) for check in reviewed.checks}
    wrong = []
    for code in REVIEW_CODES:
        expected = statuses(ground, code)
        for check_id, status in expected.items():
            actual = outcomes[check_id][f"{index}-{code}"].status
            if actual != status:
                wrong.append(f"{code} {check_id}: review {actual}, tables {status}")
        # a check the tables leave silent here finds nothing to object to
        for check_id in ("farmland", "eco_redline", "dev_boundary", *city_lines.LINE_LAYERS):
            if check_id not in expected:
                actual = outcomes[check_id][f"{index}-{code}"].status
                if actual != PASS:
                    wrong.append(f"{code} {check_id}: review {actual}, expected pass (not ruled here)")
    assert not wrong, "\n".join(wrong)
