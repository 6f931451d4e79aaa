"""Fuzz: DXF drawings (closed LWPOLYLINE red lines), mutated from valid ones, through read_submission."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from hengyang_plan_plugin.core.submission_model import Submission
from test.dxf_drawing import drawing, hatch, lwpolyline, square, text
from test.fuzz.fuzz_support import read_files, seeded_text_file

X0, Y0 = 38_360_912.217, 2_977_218.934  # zone-38 eastings carry their prefix: the CRS follows from them


def _square(dx: float = 0.0, dy: float = 0.0, size: float = 100.0) -> list[tuple[float, float]]:
    return square(X0, Y0, dx, dy, size)


def _text(layer: str, value: str) -> list[str]:
    return text(layer, value, X0, Y0)


ONE_SQUARE = drawing(lwpolyline("红线", _square()))
SITE_DRAWING = drawing(
    lwpolyline("用地红线", _square())
    + hatch("用地红线", _square())
    + _text("用地红线", "衡阳市雁峰区地块")
    + lwpolyline("道路", _square(dx=300))
    + lwpolyline("图框", _square(dx=-50, dy=-50, size=1000)),
    acadver="AC1032",
)
HEADERLESS = drawing(lwpolyline("用地红线", _square()) + lwpolyline("用地红线", _square(dx=200)), None, None)
SEEDS = [ONE_SQUARE, SITE_DRAWING, HEADERLESS]
ENCODINGS = ["gbk", "utf-8", "utf-8-sig", "gb18030"]


def test_seeds_are_valid():
    for seed in SEEDS:
        for encoding in ENCODINGS:
            outcome = read_files({"site.dxf": seed.encode(encoding)}, "site.dxf")
            assert isinstance(outcome, Submission), outcome
            assert outcome.crs == "EPSG:4526"


@given(seeded_text_file(SEEDS, ENCODINGS, dxf=True))
@example(ONE_SQUARE.replace(repr(X0 + 100.0), "1e308").encode("gbk"))
@example(ONE_SQUARE.replace(repr(Y0 + 100.0), "1e400").encode("gbk"))
@example(ONE_SQUARE.encode("gbk")[:200])
def test_mutated_dxf_gives_a_submission_or_its_own_error(data):
    read_files({"site.dxf": data}, "site.dxf")


@given(
    seeded_text_file(SEEDS, ["gbk", "utf-8"], text_ops=2, byte_ops=1, dxf=True),
    st.sampled_from(["红线", "用地红线", "道路", "无此图层"]),
)
def test_mutated_dxf_with_a_chosen_layer_and_crs(data, layer):
    read_files({"site.dxf": data}, "site.dxf", layer=layer, crs="EPSG:4526")
