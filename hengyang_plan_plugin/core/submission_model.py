"""What a submission (送审红线) is once read, whatever file it came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from shapely.geometry.base import BaseGeometry


@dataclass
class Parcel:
    """One 地块 of a submission, geometry in the submission's own CRS."""

    id: str
    geometry: BaseGeometry
    name: str = ""
    land_use: str | None = None  # 用地用海 code (地类编码) when the source gives one
    land_use_name: str = ""  # 地块用途 as written in the source
    declared_area_m2: float | None = None
    attributes: dict[str, Any] = field(default_factory=dict)


@dataclass
class Submission:
    """A site boundary with its parcels.

    ``crs`` is an authority id such as ``"EPSG:4526"`` or a WKT string; None when
    the source carries no CRS (the review refuses it). ``warnings`` are the
    reader's non-fatal findings (closed rings, declared areas, encodings...).
    """

    name: str
    source: str
    crs: str | None
    parcels: list[Parcel]
    warnings: list[str] = field(default_factory=list)
    sha256: str | None = None
    crs_reason: str = ""  # why ``crs``: 文件自带 / 按带号前缀 / 用户选择, shown before import

    @property
    def land_use(self) -> str | None:
        """The proposed land use when every parcel declares the same one."""
        codes = {p.land_use for p in self.parcels if p.land_use}
        return codes.pop() if len(codes) == 1 else None


class SubmissionError(ValueError):
    """Unusable input: the message names the file and, where there is one, the line."""

    def __init__(self, message: str, path: str | None = None, line: int | None = None):
        self.path = path
        self.line = line
        where = ""
        if path:
            where = f"{path}:{line}: " if line else f"{path}: "
        message = printable(message)
        super().__init__(printable(where) + message)
        self.bare_message = message


def printable(text: str) -> str:
    """Text quoted from a file (a value, a layer name, a file name) without control characters:
    an ESC sequence in a coordinate must not clear the user's terminal or fake a line of output.
    C1 controls count too (U+009B acts as ESC on many terminals)."""
    return "".join("\ufffd" if _is_control(ch) else ch for ch in text)


def _is_control(ch: str) -> bool:
    code = ord(ch)
    return (code < 0x20 and ch not in "\n\t") or 0x7F <= code <= 0x9F


class AmbiguousLayerError(SubmissionError):
    """Several layers could be the site and none is named: the caller lets the user choose.

    ``layers`` lists every layer of the file as (name, number of closed shapes).
    """

    def __init__(self, message: str, path: str | None, layers: list[tuple[str, int]]):
        super().__init__(message, path)
        self.layers = layers
