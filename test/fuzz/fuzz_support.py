"""What every fuzz test shares: mutation strategies, the files on disk, and the only allowed outcomes.

A reader given a damaged file must either return a usable Submission or raise the project's own
``SubmissionError`` with a Chinese, printable message, and must never change or add files.
"""

from __future__ import annotations

import hashlib
import math
import re
import shutil
import struct
import tempfile
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import shapely
from hypothesis import strategies as st

from hengyang_plan_plugin.core.geometry_repair import repair_polygonal
from hengyang_plan_plugin.core.submission_io import read_submission
from hengyang_plan_plugin.core.submission_model import Submission, SubmissionError

# --- the outcome -----------------------------------------------------------------------------

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
# C0 controls except \t and \n, DEL, and the C1 controls (\x9b is the 8-bit CSI, like ESC [).
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\x80-\x9f]")

OGR_SUFFIXES = (".shp", ".geojson", ".json", ".dxf", ".gpkg", ".kml", ".kmz")


def snapshot(folder: Path) -> dict[str, str]:
    """SHA-256 of every file under ``folder`` (names relative to it): what the reader must leave alone."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() or p.is_symlink()
    }


def check_error(error: SubmissionError) -> None:
    message = str(error)
    assert CJK.search(message), f"the error message has no Chinese text: {message!r}"
    assert CJK.search(error.bare_message), f"the bare message has no Chinese text: {error.bare_message!r}"
    bad = CONTROL.findall(message)
    assert not bad, f"control characters {sorted(set(bad))!r} in the error message: {message!r}"


def check_submission(submission: Submission, from_txt: bool) -> None:
    assert isinstance(submission, Submission)
    assert submission.parcels, "a Submission without parcels"
    assert isinstance(submission.crs, str) and submission.crs, f"no CRS: {submission.crs!r}"
    for parcel in submission.parcels:
        geometry = parcel.geometry
        label = f"parcel {parcel.id!r}: {shapely.to_wkt(geometry, rounding_precision=-1)[:300]}"
        assert geometry.geom_type in ("Polygon", "MultiPolygon"), label
        assert not geometry.is_empty, label
        coordinates = shapely.get_coordinates(geometry, include_z=geometry.has_z)
        assert np.isfinite(coordinates).all(), label
        area = geometry.area
        assert math.isfinite(area) and area > 0, f"area {area!r} of {label}"
        if not geometry.is_valid:
            # left to the review, which repairs it (outer rings made valid, holes cut out) and says so
            repaired = repair_polygonal(geometry)
            assert repaired.is_valid and repaired.area > 0, f"{shapely.is_valid_reason(geometry)} in {label}"
            if from_txt:
                assert any("图形无效" in w and parcel.id in w for w in submission.warnings), label


def read_and_check(path: Path, **options) -> Submission | SubmissionError:
    """Read ``path`` with the one entry point; only the two allowed outcomes, and nothing written."""
    folder = path.parent
    before = snapshot(folder)
    try:
        outcome: Submission | SubmissionError = read_submission(path, **options)
    except SubmissionError as error:
        check_error(error)
        outcome = error
    else:
        check_submission(outcome, from_txt=path.suffix.lower() not in OGR_SUFFIXES)
    after = snapshot(folder)
    assert after.keys() == before.keys(), f"files appeared or vanished: {sorted(after.keys() ^ before.keys())}"
    changed = sorted(name for name in before if before[name] != after[name])
    assert not changed, f"the reader changed its input: {changed}"
    return outcome


@contextmanager
def scratch_folder():
    folder = Path(tempfile.mkdtemp(prefix="hengyang-fuzz-"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def read_files(files: dict[str, bytes], main: str, **options) -> Submission | SubmissionError:
    """Write ``files`` into a fresh folder and read ``main`` among them."""
    with scratch_folder() as folder:
        for name, data in files.items():
            (folder / name).write_bytes(data)
        return read_and_check(folder / main, **options)


# --- mutations -------------------------------------------------------------------------------

EXTREME_NUMBERS = (
    "1e308",
    "-1e308",
    "1.7976931348623157e308",
    "1e400",
    "-1e400",
    "1e-400",
    "4.9e-324",
    "-0",
    "-0.0",
    "0",
    "nan",
    "NaN",
    "-nan",
    "inf",
    "-inf",
    "Infinity",
    "-Infinity",
    "9" * 400,
    "-" + "9" * 40,
    "18446744073709551616",
    "-9223372036854775809",
    "2147483648",
    "0x10",
    "1_000",
    "１２３",
    "1e",
    ".",
    "",
    " ",
    "null",
    "true",
    '"1"',
    "[]",
    "{}",
    "abc",
    "坐标",
    "1,2",
    "@",
)
SPECIAL_TEXT = (
    "\x00",
    "\x1b[31m",
    "\x1b]0;x\x07",
    "\x9b31m",
    "\x7f",
    "\r",
    "\x85",
    "\u2028",
    "\u202e",
    "\ufeff",
    "\ufffd",
    "，",
    "@",
    "【",
    "】",
    "[属性描述]",
    "[地块坐标]",
    "=",
    '"',
    "\\U+7528",
    "%s%n",
    "$(touch X)",
)
NUMBER = re.compile(r"[-+]?\d+(?:\.\d*)?(?:[eE][-+]?\d+)?")
NUMBER_BYTES = re.compile(rb"[-+]?\d+(?:\.\d*)?(?:[eE][-+]?\d+)?")

number_texts = st.one_of(
    st.sampled_from(EXTREME_NUMBERS),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.text(max_size=8),
)
junk_texts = st.one_of(st.sampled_from(SPECIAL_TEXT), st.text(max_size=12))


@st.composite
def mutated_text(draw, text: str, max_ops: int = 3) -> str:
    """``text`` with lines dropped, duplicated, swapped or inserted and numbers replaced."""
    lines = text.split("\n")  # "\r" stays on its line: CRLF files stay CRLF
    for _ in range(draw(st.integers(min_value=0, max_value=max_ops))):
        if not lines:
            break
        index = draw(st.integers(min_value=0, max_value=len(lines) - 1))
        action = draw(st.sampled_from(["number", "number", "drop", "duplicate", "swap", "insert", "junk"]))
        if action == "number":
            line = lines[index]
            spans = [m.span() for m in NUMBER.finditer(line)]
            if spans:
                start, end = draw(st.sampled_from(spans))
                lines[index] = line[:start] + draw(number_texts) + line[end:]
        elif action == "drop":
            del lines[index]
        elif action == "duplicate":
            lines.insert(index, lines[index])
        elif action == "swap":
            other = draw(st.integers(min_value=0, max_value=len(lines) - 1))
            lines[index], lines[other] = lines[other], lines[index]
        elif action == "insert":
            lines.insert(index, draw(junk_texts))
        else:
            line = lines[index]
            at = draw(st.integers(min_value=0, max_value=len(line)))
            lines[index] = line[:at] + draw(junk_texts) + line[at:]
    return "\n".join(lines)


def encode(text: str, encoding: str) -> bytes:
    if encoding == "utf-8-sig":
        return text.encode("utf-8-sig", errors="surrogatepass")
    if encoding == "utf-16":
        return text.encode("utf-16", errors="surrogatepass")  # with its BOM, as Notepad saves it
    return text.encode(encoding, errors="replace")


@st.composite
def mutated_bytes(draw, data: bytes, max_ops: int = 3) -> bytes:
    """``data`` with bytes flipped, cut off, inserted or deleted."""
    data = bytearray(data)
    for _ in range(draw(st.integers(min_value=0, max_value=max_ops))):
        action = draw(st.sampled_from(["flip", "truncate", "insert", "insert_text", "delete", "number"]))
        at = draw(st.integers(min_value=0, max_value=len(data)))
        if action == "flip" and data:
            at = min(at, len(data) - 1)
            data[at] ^= draw(st.integers(min_value=1, max_value=255))
        elif action == "truncate":
            del data[at:]
        elif action == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=16))
        elif action == "insert_text":
            text = draw(junk_texts)
            data[at:at] = encode(text, draw(st.sampled_from(["utf-8", "gbk"])))
        elif action == "delete":
            del data[at : at + draw(st.integers(min_value=1, max_value=64))]
        elif action == "number":
            spans = [m.span() for m in NUMBER_BYTES.finditer(bytes(data))]
            if spans:
                start, end = draw(st.sampled_from(spans))
                data[start:end] = draw(number_texts).encode("utf-8", errors="surrogatepass")
    return bytes(data)


# Binary fields (shapefile headers and records): little/big-endian ints and doubles.
EXTREME_INTS = (0, 1, -1, 2, 3, 4, 5, 0x7FFFFFFF, -0x80000000, 0xFFFF, 0x10000, 1 << 28)
EXTREME_DOUBLES = (
    1e308,
    -1e308,
    float("inf"),
    float("-inf"),
    float("nan"),
    -0.0,
    0.0,
    5e-324,
    1e-300,
    38_360_912.217,
    2_977_218.934,
    112.6,
)


@st.composite
def overwritten_fields(draw, data: bytes, fields: list[tuple[int, str]]) -> bytes:
    """``data`` with some of its binary ``fields`` ((offset, struct format)) set to extremes."""
    data = bytearray(data)
    chosen = draw(st.lists(st.sampled_from(fields), min_size=1, max_size=3, unique=True)) if fields else []
    for offset, fmt in chosen:
        if fmt.endswith("d"):
            value = draw(st.one_of(st.sampled_from(EXTREME_DOUBLES), st.floats()))
        else:
            ints = st.integers(min_value=-(1 << 31), max_value=(1 << 31) - 1)
            value = draw(st.one_of(st.sampled_from(EXTREME_INTS), ints))
            if fmt[-1] in "BH":
                value &= 0xFF if fmt[-1] == "B" else 0xFFFF
            else:
                value = (value + (1 << 31)) % (1 << 32) - (1 << 31)
        size = struct.calcsize(fmt)
        if offset + size <= len(data):
            data[offset : offset + size] = struct.pack(fmt, value)
    return bytes(data)


def seeded_text_file(
    seeds: list[str], encodings: list[str], text_ops: int = 3, byte_ops: int = 2, dxf: bool = False
) -> Callable:
    """A strategy: one of ``seeds``, mutated as text, encoded, then mutated as bytes."""

    @st.composite
    def strategy(draw) -> bytes:
        text = draw(mutated_text(draw(st.sampled_from(seeds)), text_ops))
        data = draw(mutated_bytes(encode(text, draw(st.sampled_from(encodings))), byte_ops))
        return data  # a DXF \r before NUL or the end stays: the reader must refuse it, not hang (GDAL 3.6)

    return strategy()
