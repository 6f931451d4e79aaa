"""The 2023 用地用海分类 codes, names and map colours (resources/landuse)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache

from ..paths import RESOURCES_DIR

CODES_PATH = RESOURCES_DIR / "landuse" / "ydyh_codes.csv"

# 用地用海 first-level classes that are construction land (城镇建设用地 and the like).
CONSTRUCTION_CLASSES = ("07", "08", "09", "10", "11", "12", "13", "14", "15", "16")


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


def lookup(code: str | None) -> LandUseCode | None:
    """The entry for a code, falling back to its parent (0701 → 07)."""
    if not code:
        return None
    codes = land_use_codes()
    code = code.strip()
    while code:
        if code in codes:
            return codes[code]
        code = code[:-2]
    return None


def is_construction(code: str | None) -> bool:
    return bool(code) and code.strip()[:2] in CONSTRUCTION_CLASSES
