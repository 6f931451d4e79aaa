"""GDAL settings tests must not inherit from whichever test ran first."""

from __future__ import annotations

from contextlib import contextmanager

from osgeo import gdal


@contextmanager
def ogr_recodes_shapefiles():
    """Let OGR recode shapefile text to the layer's ENCODING.

    QGIS sets SHAPE_ENCODING="" (no recoding) once it starts, so a GBK fixture
    written after QGIS started would hold UTF-8 bytes.
    """
    previous = gdal.GetConfigOption("SHAPE_ENCODING")
    gdal.SetConfigOption("SHAPE_ENCODING", None)
    try:
        yield
    finally:
        gdal.SetConfigOption("SHAPE_ENCODING", previous)
