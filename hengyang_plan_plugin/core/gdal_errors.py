"""GDAL/OGR/OSR error handling for the engine without touching process-wide settings.

QGIS and other plugins share the osgeo modules' exception switches, so the
engine never calls ``UseExceptions()``: it checks return values, and while it
works it routes GDAL's error messages to a quiet handler (error handlers are
per thread, so a review in a QgsTask does not silence the main thread).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from osgeo import gdal


@contextmanager
def quiet_errors() -> Iterator[None]:
    """GDAL errors go to ``last_error()`` instead of stderr, for this thread."""
    gdal.ErrorReset()
    gdal.PushErrorHandler("CPLQuietErrorHandler")
    try:
        yield
    finally:
        gdal.PopErrorHandler()


def last_error(default: str = "") -> str:
    return gdal.GetLastErrorMsg() or default
