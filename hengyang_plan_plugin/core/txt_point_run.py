"""A parcel's point lines read at once, when they are all plain ``点号,圈号,X,Y``.

Exporters write point lines the same way line after line, so the run of lines
up to the next parcel line is split and converted to arrays in one go (a
1,000,000-point parcel in well under a second). Anything unusual (a full-width
comma, a blank line, a bracket, a field-list name, a number Python's float
would not read, a negative 圈号) makes this return None, and the reader goes
through the lines one by one, where every message and repair lives.
"""

from __future__ import annotations

from itertools import repeat

import numpy as np

from .txt_parcel_line import FIELD_LIST_FIRST, PARCEL_LINE_ENDS
from .txt_points import DEGREES_MAX, MAX_RING, PointColumns

POINT_FIELDS = 4  # 点号,圈号,X,Y
# What ends a run: a parcel line ("@") or a section or note (a bracket).
RUN_ENDS = (*PARCEL_LINE_ENDS, "[", "【", "［")
# What makes a line other than a plain point line: the above, closing brackets, full-width
# commas (split by the per-line path) and the names a field-list line starts with.
NOT_PLAIN = (*RUN_ENDS, "]", "】", "］", "，", *FIELD_LIST_FIRST)


class PointRuns:
    """The file's lines joined, with where each starts, to cut runs of point lines out of it."""

    def __init__(self, lines: list[str]):
        self.lines = lines
        self.text = "\n".join(lines)
        lengths = np.fromiter(map(len, lines), dtype=np.int64, count=len(lines))
        self.starts = np.concatenate(([0], np.cumsum(lengths + 1)))
        self._next_end = {mark: -1 for mark in RUN_ENDS}  # searched forward once: linear in the file

    def read(self, index: int) -> tuple[PointColumns, int] | None:
        """The plain point lines from line ``index`` (0-based) up to the next parcel line or
        section, and the index after them; None when any line is not plain."""
        stop = self._run_end(index)
        while stop > index and not self.lines[stop - 1].strip():
            stop -= 1  # blank lines before the next parcel line
        if stop <= index:
            return None
        points = self._columns(index, stop)
        return (points, stop) if points is not None else None

    def _run_end(self, index: int) -> int:
        start = int(self.starts[index])
        for mark, position in self._next_end.items():
            if position < start:
                found = self.text.find(mark, start)
                self._next_end[mark] = found if found >= 0 else len(self.text)
        end = min(self._next_end.values())
        if end >= len(self.text):
            return len(self.lines)
        return int(np.searchsorted(self.starts, end, side="right")) - 1  # the line holding it

    def _columns(self, index: int, stop: int) -> PointColumns | None:
        run = self.text[int(self.starts[index]) : int(self.starts[stop]) - 1]
        if any(mark in run for mark in NOT_PLAIN):
            return None
        rows = run.split("\n")
        commas = np.fromiter(map(str.count, rows, repeat(",")), dtype=np.int64, count=len(rows))
        width = int(commas[0]) + 1
        if width not in (POINT_FIELDS, POINT_FIELDS + 1) or not (commas == width - 1).all():
            return None  # every line the same: 点号,圈号,X,Y with or without a trailing comma
        fields = run.replace("\n", ",").split(",")
        if width > POINT_FIELDS and any(fields[POINT_FIELDS::width]):
            return None
        try:
            ring = np.array(fields[1::width], dtype=np.int64)
            northing = np.array(fields[2::width], dtype=np.float64)
            easting = np.array(fields[3::width], dtype=np.float64)
        except (ValueError, OverflowError):
            return None
        if not (np.isfinite(northing).all() and np.isfinite(easting).all()):
            return None
        # with a fifth field, 圈号 above 180 is how a 增减挂钩 line (点号,X,Y,边长,圈号) looks:
        # the per-line path says so
        zjgg_like = width > POINT_FIELDS and ring.max() > DEGREES_MAX
        if ring.min() < 0 or ring.max() > MAX_RING or zjgg_like:
            return None
        return PointColumns(np.arange(index + 1, stop + 1, dtype=np.int64), ring, easting, northing)
