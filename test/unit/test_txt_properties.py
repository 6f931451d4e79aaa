"""Property-based tests: the TXT reader only ever raises its own error, and export/import round-trips."""

from __future__ import annotations

import math
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from shapely.geometry import Polygon

from hengyang_plan_plugin.core.submission_model import Parcel, Submission, SubmissionError
from hengyang_plan_plugin.core.txt_coordinates import format_txt, parse_txt

VALID = Path(__file__).resolve().parents[1] / "data" / "txt" / "valid"
CORPUS = sorted(VALID.glob("*.txt"))
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _parse_or_own_error(data: bytes) -> None:
    try:
        submission = parse_txt(data, "fuzz.txt")
    except SubmissionError as error:
        assert error.line is None or error.line >= 1
        assert error.bare_message.startswith("第")
        return
    assert submission.parcels
    assert submission.crs and submission.crs.startswith("EPSG:")
    for parcel in submission.parcels:
        assert parcel.geometry.area > 0


@SETTINGS
@given(st.binary(max_size=2000))
def test_random_bytes_raise_only_submission_error(data):
    _parse_or_own_error(data)


@SETTINGS
@given(st.sampled_from(CORPUS), st.data())
def test_truncated_files_raise_only_submission_error(path, data):
    content = path.read_bytes()
    cut = data.draw(st.integers(min_value=0, max_value=len(content)))
    _parse_or_own_error(content[:cut])


@st.composite
def mutated_files(draw):
    """A corpus file with lines dropped, duplicated, or a field replaced by junk."""
    path = draw(st.sampled_from(CORPUS))
    lines = path.read_bytes().decode("utf-8", errors="replace").replace("\ufeff", "").splitlines()
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        if not lines:
            break
        index = draw(st.integers(min_value=0, max_value=len(lines) - 1))
        action = draw(st.sampled_from(["drop", "duplicate", "field", "insert"]))
        if action == "drop":
            del lines[index]
        elif action == "duplicate":
            lines.insert(index, lines[index])
        elif action == "insert":
            lines.insert(index, draw(st.text(max_size=40)))
        else:
            fields = lines[index].split(",")
            position = draw(st.integers(min_value=0, max_value=len(fields) - 1))
            fields[position] = draw(
                st.one_of(
                    st.text(max_size=12),
                    st.floats(allow_nan=True, allow_infinity=True).map(repr),
                    st.integers(min_value=-(10**30), max_value=10**30).map(str),
                    st.just("9" * 5000),
                )
            )
            lines[index] = ",".join(fields)
    encoding = draw(st.sampled_from(["utf-8", "gb18030"]))
    return "\r\n".join(lines).encode(encoding, errors="replace")


@SETTINGS
@given(mutated_files())
def test_mutated_files_raise_only_submission_error(data):
    _parse_or_own_error(data)


# --- round trip -----------------------------------------------------------------

NAME_ALPHABET = "衡阳雁峰石鼓蒸湘珠晖南岳地块一二三号住宅商业ABCxyz0123456789-_（）"
ZONES = {"EPSG:4525": 37, "EPSG:4526": 38, "EPSG:4547": None, "EPSG:4497": 19}


@st.composite
def star_polygons(draw, centre_easting: float, centre_northing: float):
    """A simple polygon: vertices at increasing angles around a centre, coordinates to the millimetre."""
    count = draw(st.integers(min_value=3, max_value=12))
    radii = draw(st.lists(st.floats(min_value=10.0, max_value=500.0), min_size=count, max_size=count))
    coords = []
    for index, radius in enumerate(radii):
        angle = 2 * math.pi * index / count
        coords.append(
            (
                round(centre_easting + radius * math.cos(angle), 3),
                round(centre_northing + radius * math.sin(angle), 3),
            )
        )
    hole = None
    if draw(st.booleans()):
        size = min(radii) * 0.3
        hole = [
            (round(centre_easting + dx, 3), round(centre_northing + dy, 3))
            for dx, dy in ((-size, -size), (-size, size), (size, size), (size, -size))
        ]
    return Polygon(coords, [hole] if hole else [])


@st.composite
def submissions(draw):
    crs = draw(st.sampled_from(sorted(ZONES)))
    base_easting = {
        "EPSG:4525": 37_610_000.0,
        "EPSG:4526": 38_360_000.0,
        "EPSG:4547": 360_000.0,
        "EPSG:4497": 19_658_000.0,
    }[crs]
    count = draw(st.integers(min_value=1, max_value=4))
    ids = draw(
        st.lists(st.text(NAME_ALPHABET, min_size=1, max_size=8), min_size=count, max_size=count, unique=True)
    )
    parcels = []
    for index, parcel_id in enumerate(ids):
        geometry = draw(star_polygons(base_easting + index * 2000.0, 2_977_000.0 + index * 1500.0))
        declared = draw(
            st.one_of(st.none(), st.integers(min_value=1, max_value=10**6).map(lambda n: n / 10_000 * 10_000))
        )
        if declared is not None and 0.9 <= declared / 10_000 / geometry.area <= 1.1:
            # A 公顷 figure equal to the site's m² is read as m² written in the 公顷 field (variant R),
            # on purpose: that declared area is 10,000 times the site, so no exporter means it.
            declared = None
        parcels.append(
            Parcel(
                id=parcel_id,
                geometry=geometry,
                name=draw(st.text(NAME_ALPHABET, max_size=12)),
                land_use=draw(st.sampled_from([None, "0701", "0901", "1001", "1401"])),
                land_use_name=draw(st.text(NAME_ALPHABET, max_size=6)),
                declared_area_m2=declared,
            )
        )
    return Submission("rt", "rt.txt", crs, parcels)


@SETTINGS
@given(submissions(), st.sampled_from(["utf-8", "gb18030"]))
def test_export_import_round_trips(submission, encoding):
    text = format_txt(submission)
    first = parse_txt(text.replace("\n", "\r\n").encode(encoding), "rt.txt")
    assert first.crs == submission.crs
    assert [p.id for p in first.parcels] == [p.id for p in submission.parcels]
    for original, read in zip(submission.parcels, first.parcels):
        assert read.geometry.equals_exact(original.geometry, tolerance=0)
        assert read.name == original.name
        assert read.land_use == original.land_use
        assert read.land_use_name == original.land_use_name
        if original.declared_area_m2 is not None:
            assert read.declared_area_m2 == original.declared_area_m2
    second = parse_txt(format_txt(first).encode("utf-8"), "rt.txt")
    assert [(p.id, p.name, p.attributes, p.declared_area_m2, p.geometry.wkb) for p in second.parcels] == [
        (p.id, p.name, p.attributes, p.declared_area_m2, p.geometry.wkb) for p in first.parcels
    ]
