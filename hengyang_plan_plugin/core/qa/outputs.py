"""qa.json, qa.html and qa_errors.gpkg, each written whole or not at all (``core.output_files``).

qa_errors.gpkg holds one feature per finding that has a place, in the plan's
CRS, with the rule, severity, layer, feature ids and message, so the bureau
can open it beside the plan and walk through the errors. qa.pdf needs Qt and
is written by ``qgis_adapters.qa_outputs`` from the same HTML.
"""

from __future__ import annotations

from pathlib import Path

import shapely
from osgeo import ogr, osr

from .. import output_files
from ..crs import spatial_reference
from ..gdal_errors import quiet_errors
from .model import QaReport
from .report_html import render_qa_html

JSON_NAME, HTML_NAME, PDF_NAME, ERRORS_NAME = "qa.json", "qa.html", "qa.pdf", "qa_errors.gpkg"
ERRORS_LAYER = "qa_errors"
ERROR_FIELDS = (  # (name, OGR type, key in Finding.to_dict())
    ("GZ", ogr.OFTString, "rule"),  # 规则
    ("GZMC", ogr.OFTString, "rule_title"),
    ("JB", ogr.OFTString, "severity"),  # 错误 / 警告
    ("TC", ogr.OFTString, "layer"),
    ("YSID", ogr.OFTString, "fids"),
    ("SM", ogr.OFTString, "message"),  # 说明
    ("MJ", ogr.OFTReal, "area_m2"),
)


def write_json_and_html(report: QaReport, folder: str | Path) -> tuple[Path, Path, str]:
    """qa.json and qa.html; returns their paths and the HTML (for the PDF)."""
    folder = Path(folder)
    data = report.to_dict()
    json_path = output_files.write_json(folder / JSON_NAME, data)
    text = render_qa_html(data)
    html_path = output_files.write_text(folder / HTML_NAME, text)
    return json_path, html_path, text


def write_errors_gpkg(report: QaReport, path: str | Path) -> Path:
    """qa_errors.gpkg: one polygon/line/point feature per located finding (a geometry collection is split)."""
    from .rules import rule

    with output_files.replacing(path) as partial:
        partial.unlink()  # GDAL creates the file itself
        with quiet_errors():
            driver = ogr.GetDriverByName("GPKG")
            dataset = driver.CreateDataSource(str(partial))
            if dataset is None:
                raise OSError(f"无法创建 {path}")
            srs = None
            if report.crs:
                srs = osr.SpatialReference()
                srs.ImportFromWkt(spatial_reference(report.crs).ExportToWkt())
            layer = dataset.CreateLayer(ERRORS_LAYER, srs, ogr.wkbUnknown, ["GEOMETRY_NAME=geom"])
            for name, kind, _ in ERROR_FIELDS:
                layer.CreateField(ogr.FieldDefn(name, kind))
            definition = layer.GetLayerDefn()
            dataset.StartTransaction()
            for finding in report.findings:
                if finding.geometry is None or finding.geometry.is_empty:
                    continue
                values = finding.to_dict()
                values["rule_title"] = rule(finding.rule_id).title
                values["fids"] = ",".join(map(str, finding.fids))
                feature = ogr.Feature(definition)
                for name, _, key in ERROR_FIELDS:
                    if values.get(key) is not None:
                        feature.SetField(name, values[key])
                feature.SetGeometry(ogr.CreateGeometryFromWkb(shapely.to_wkb(finding.geometry)))
                layer.CreateFeature(feature)
            dataset.CommitTransaction()
            dataset = None
    return Path(path)
