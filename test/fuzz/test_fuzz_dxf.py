"""Fuzz: DXF drawings (closed LWPOLYLINE red lines), mutated from valid ones, through read_submission."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from hengyang_plan_plugin.core.submission_model import Submission
from test.fuzz.fuzz_support import read_files, seeded_text_file

X0, Y0 = 38_360_912.217, 2_977_218.934  # zone-38 eastings carry their prefix: the CRS follows from them


def _square(dx: float = 0.0, dy: float = 0.0, size: float = 100.0) -> list[tuple[float, float]]:
    x, y = X0 + dx, Y0 + dy
    return [(x, y), (x + size, y), (x + size, y + size), (x, y + size)]


def _lwpolyline(layer: str, points, closed: bool = True) -> list[str]:
    out = ["0", "LWPOLYLINE", "8", layer, "90", str(len(points)), "70", "1" if closed else "0"]
    for x, y in points:
        out += ["10", repr(x), "20", repr(y)]
    return out


def _hatch(layer: str, points) -> list[str]:
    """A SOLID HATCH whose boundary is one polyline path through ``points`` (CAD fills the red line)."""
    out = ["0", "HATCH", "8", layer, "10", "0.0", "20", "0.0", "30", "0.0", "210", "0.0", "220", "0.0"]
    out += ["230", "1.0", "2", "SOLID", "70", "1", "71", "0", "91", "1", "92", "2", "72", "0", "73", "1"]
    out += ["93", str(len(points))]
    for x, y in points:
        out += ["10", repr(x), "20", repr(y)]
    return out + ["97", "0", "75", "0", "76", "1", "98", "0"]


def _text(layer: str, text: str) -> list[str]:
    return ["0", "TEXT", "8", layer, "10", repr(X0), "20", repr(Y0), "40", "2.5", "1", text]


def _dxf(entities: list[str], acadver: str | None = "AC1015", codepage: str | None = "ANSI_936") -> str:
    header = ["0", "SECTION", "2", "HEADER"]
    if acadver:
        header += ["9", "$ACADVER", "1", acadver]
    if codepage:
        header += ["9", "$DWGCODEPAGE", "3", codepage]
    header += ["0", "ENDSEC"]
    if acadver is None and codepage is None:
        header = []  # entities only, as scripts and converters write them
    lines = [*header, "0", "SECTION", "2", "ENTITIES", *entities, "0", "ENDSEC", "0", "EOF"]
    return "\r\n".join(lines) + "\r\n"


ONE_SQUARE = _dxf(_lwpolyline("红线", _square()))
SITE_DRAWING = _dxf(
    _lwpolyline("用地红线", _square())
    + _hatch("用地红线", _square())
    + _text("用地红线", "衡阳市雁峰区地块")
    + _lwpolyline("道路", _square(dx=300))
    + _lwpolyline("图框", _square(dx=-50, dy=-50, size=1000)),
    acadver="AC1032",
)
HEADERLESS = _dxf(_lwpolyline("用地红线", _square()) + _lwpolyline("用地红线", _square(dx=200)), None, None)
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
