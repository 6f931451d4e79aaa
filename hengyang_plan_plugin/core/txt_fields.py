"""Small helpers every part of the 界址点坐标 TXT reader shares: the line error, numbers, fields."""

from __future__ import annotations

import math
import re


class TxtLineError(ValueError):
    """A problem on one line of the file; the reader adds the file name."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


def parse_float(text: str) -> float | None:
    try:
        value = float(text.strip())
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def parse_int(text: str) -> int | None:
    text = text.strip()
    if re.fullmatch(r"[+-]?\d{1,18}", text):
        return int(text)
    value = parse_float(text)
    if value is not None and value.is_integer():
        return int(value)
    return None


def split_values(text: str) -> list[str]:
    """Comma-separated values; full-width commas count as commas (typed in Chinese input mode)."""
    return [value.strip() for value in text.replace("，", ",").split(",")]
