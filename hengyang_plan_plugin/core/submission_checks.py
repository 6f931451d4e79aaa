"""The last step of every submission read, whatever the reader: parcels a review can measure.

Each reader checks what its format can get wrong; this checks what all of them can: coordinates
finite and of a plausible size (a 1e308 easting is finite but its area is not), and an area above
zero (collinear points, a symmetric bow-tie whose lobes cancel, a hole larger than its shell).
An invalid shape with a real area is left to the review, which repairs it and says so.
"""

from __future__ import annotations

import math

import numpy as np
import shapely

from .geometry_repair import repair_polygonal
from .submission_crs import is_geographic
from .submission_model import Submission, SubmissionError

# Gauss-Krüger eastings with a zone prefix reach 4.1e7 m, northings 1e7 m; degrees stay within 360.
MAX_PROJECTED_COORDINATE_M = 1e9
MAX_GEOGRAPHIC_COORDINATE_DEG = 360.0


def check_parcels(submission: Submission) -> Submission:
    limit = MAX_GEOGRAPHIC_COORDINATE_DEG if is_geographic(submission.crs) else MAX_PROJECTED_COORDINATE_M
    for parcel in submission.parcels:
        _check(parcel, limit, submission.source)
    return submission


def _check(parcel, limit: float, source: str) -> None:
    geometry = parcel.geometry
    name = f"地块“{parcel.id}”"
    coordinates = shapely.get_coordinates(geometry)
    if not np.isfinite(coordinates).all():
        raise SubmissionError(f"{name}的坐标不是有限数值（无穷大或非数），请检查数据", source)
    largest = float(np.abs(coordinates).max()) if len(coordinates) else 0.0
    if largest > limit:
        raise SubmissionError(
            f"{name}的坐标 {largest:.6g} 超出合理范围（应小于 {limit:g}），请检查坐标单位、小数点和坐标系", source
        )
    area = float(geometry.area)
    if math.isfinite(area) and area > 0.0:
        return
    if repair_polygonal(geometry).area > 0.0:
        raise SubmissionError(
            f"{name}的边相互交叉（如“8”字形），面积无法确定：请按顺时针或逆时针顺序核对界址点", source
        )
    raise SubmissionError(f"{name}面积为零（点在一条直线上，或内环大于外环），请检查坐标", source)
