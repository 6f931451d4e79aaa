"""ASCII DXF drawings as CAD software writes them, for the DXF reader's tests and its fuzzing."""

from __future__ import annotations


def square(x0: float, y0: float, dx: float = 0.0, dy: float = 0.0, size: float = 100.0) -> list[tuple[float, float]]:
    x, y = x0 + dx, y0 + dy
    return [(x, y), (x + size, y), (x + size, y + size), (x, y + size)]


def lwpolyline(layer: str, points, closed: bool = True, linetype: str | None = None) -> list[str]:
    out = ["0", "LWPOLYLINE", "8", layer]
    if linetype:
        out += ["6", linetype]
    out += ["90", str(len(points)), "70", "1" if closed else "0"]
    for x, y in points:
        out += ["10", repr(x), "20", repr(y)]
    return out


def hatch(layer: str, points) -> list[str]:
    """A SOLID HATCH whose boundary is one polyline path through ``points`` (CAD fills the red line)."""
    out = ["0", "HATCH", "8", layer, "10", "0.0", "20", "0.0", "30", "0.0", "210", "0.0", "220", "0.0"]
    out += ["230", "1.0", "2", "SOLID", "70", "1", "71", "0", "91", "1", "92", "2", "72", "0", "73", "1"]
    out += ["93", str(len(points))]
    for x, y in points:
        out += ["10", repr(x), "20", repr(y)]
    return out + ["97", "0", "75", "0", "76", "1", "98", "0"]


def text(layer: str, value: str, x: float, y: float) -> list[str]:
    return ["0", "TEXT", "8", layer, "10", repr(x), "20", repr(y), "40", "2.5", "1", value]


def drawing(entities: list[str], acadver: str | None = "AC1015", codepage: str | None = "ANSI_936") -> str:
    """The file's text: a HEADER with $ACADVER/$DWGCODEPAGE (none when both are None), the entities."""
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
