"""The 2023 用地用海分类 codes, names and map colours (resources/landuse).

The table holds the 一级, 二级 and 三级 (6-digit, e.g. 060102 田间道) codes of
《国土空间调查、规划、用途管制用地用海分类指南》(自然资发〔2023〕234号); see
resources/landuse/README.md for the sources.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache

from ..paths import RESOURCES_DIR

CODES_PATH = RESOURCES_DIR / "landuse" / "ydyh_codes.csv"

# 用地用海 first-level classes that are construction land (城镇建设用地 and the like).
CONSTRUCTION_CLASSES = ("07", "08", "09", "10", "11", "12", "13", "14", "15", "16")


# 2020 试行 codes that the 2023 指南 dropped, with the 2023 code they became
# (2020: 0603 畜禽养殖设施建设用地, 0604 水产养殖设施建设用地; 2023: both under
# 0602 设施农用地). 0601 and 0602 keep their codes (0601 乡村道路用地 is now
# 0601 农村道路; 0602 种植设施建设用地 lies within 2023's 0602 设施农用地), so
# they are not remapped: a 2023 0602 must not become 060201.
CODES_2020_TO_2023: dict[str, tuple[str, str]] = {
    "0603": ("060202", "畜禽养殖设施建设用地"),
    "0604": ("060203", "水产养殖设施建设用地"),
}


@dataclass(frozen=True)
class LandUseCode:
    code: str
    name: str
    name_en: str
    rgb: tuple[int, int, int]

    @property
    def level(self) -> int:
        return len(self.code) // 2

    @property
    def first_level(self) -> str:
        return self.code[:2]


@lru_cache(maxsize=1)
def land_use_codes() -> dict[str, LandUseCode]:
    with CODES_PATH.open(encoding="utf-8", newline="") as handle:
        return {
            row["code"]: LandUseCode(
                row["code"], row["name"], row["name_en"], (int(row["r"]), int(row["g"]), int(row["b"]))
            )
            for row in csv.DictReader(handle)
        }


def current_code(code: str | None) -> str | None:
    """The 2023 code for a 2020 试行 code the 2023 指南 dropped (0603 → 060202); others unchanged."""
    if code is None:
        return None
    code = str(code).strip()
    return CODES_2020_TO_2023[code][0] if code in CODES_2020_TO_2023 else code


def code_2020_note(code: str | None) -> str | None:
    """What the user is told when a 2020 试行 code is read as its 2023 code; None otherwise."""
    code = str(code).strip() if code is not None else ""
    if code not in CODES_2020_TO_2023:
        return None
    new_code, old_name = CODES_2020_TO_2023[code]
    entry = land_use_codes().get(new_code)
    new_name = entry.name if entry else old_name
    return (
        f"“{code}”是2020年试行版代码（{old_name}），"
        f"按2023年《用地用海分类指南》对应为 {new_code} {new_name} 审查"
    )


def lookup(code: str | None) -> LandUseCode | None:
    """The entry for a code, falling back to its parent (060102 → 0601 → 06).

    A 2020 试行 code the 2023 指南 dropped is read as its 2023 code (0603 → 060202).
    """
    if not code:
        return None
    codes = land_use_codes()
    code = current_code(code)
    while code:
        if code in codes:
            return codes[code]
        code = code[:-2]
    return None


def is_construction(code: str | None) -> bool:
    return bool(code) and code.strip()[:2] in CONSTRUCTION_CLASSES
