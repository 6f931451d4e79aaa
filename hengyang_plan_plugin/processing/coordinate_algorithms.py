"""``hengyangplan:importcoordinates`` and ``hengyangplan:exportcoordinates``: 界址点坐标 TXT ⇄ polygons.

Reading and writing are ``core.txt_coordinates``; these algorithms only move
parcels between it and QGIS feature sinks and sources. Unusable input becomes
a QgsProcessingException starting with ``error:`` that names the file line.
"""

from __future__ import annotations

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsFeature,
    QgsFeatureSink,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
    QgsWkbTypes,
)

from ..core import gk_zones
from ..core.submission_model import Submission, SubmissionError
from ..core.txt_coordinates import read_txt, write_txt
from ..i18n import tr
from ..qgis_adapters.site_layer import parcel_geometry, parcel_values, parcels_from_features, site_fields
from .base_algorithm import ERROR_PREFIX, GROUP_COORDINATES, HengyangAlgorithm

GEOGRAPHIC_CGCS2000 = "EPSG:4490"


class _CoordinateAlgorithm(HengyangAlgorithm):
    group_id = GROUP_COORDINATES


class ImportCoordinatesAlgorithm(_CoordinateAlgorithm):
    INPUT = "INPUT"
    OUTPUT = "OUTPUT"

    def name(self) -> str:
        return "importcoordinates"

    def displayName(self) -> str:  # noqa: N802
        return tr("Import site coordinates (TXT)")

    def shortHelpString(self) -> str:  # noqa: N802
        return tr(
            "Reads a boundary-point coordinate file (界址点坐标 TXT: [属性描述] and [地块坐标] sections, "
            "GBK or UTF-8) into polygons, one feature per parcel, in the file's CGCS2000 Gauss-Kruger zone "
            "(from 带号 or the Y zone prefix). Holes (圈号 2, 3 ...) are kept. Files in 1980 Xi'an or 1954 "
            "Beijing coordinates are refused. Problems that can be repaired (an unclosed ring, declared area "
            "or point count that does not match, swapped X/Y) are reported as warnings."
        )

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(
            QgsProcessingParameterFile(self.INPUT, tr("Coordinate file (TXT)"), extension="txt")
        )
        self.addParameter(
            QgsProcessingParameterFeatureSink(
                self.OUTPUT, tr("Site parcels"), QgsProcessing.SourceType.TypeVectorPolygon
            )
        )

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        path = self.parameterAsFile(parameters, self.INPUT, context)
        try:
            submission = read_txt(path)
        except SubmissionError as error:
            raise self.input_error(error) from error
        for warning in submission.warnings:
            feedback.pushWarning(warning)

        fields = site_fields()
        sink, destination = self.parameterAsSink(
            parameters,
            self.OUTPUT,
            context,
            fields,
            QgsWkbTypes.Type.MultiPolygon,
            QgsCoordinateReferenceSystem(submission.crs),
        )
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))
        for number, parcel in enumerate(submission.parcels, start=1):
            feature = QgsFeature(fields)
            feature.setGeometry(parcel_geometry(parcel))
            values = parcel_values(parcel, str(number))
            feature.setAttributes([values[field.name()] for field in fields])
            sink.addFeature(feature, QgsFeatureSink.Flag.FastInsert)
        feedback.pushInfo(tr("Imported {} parcels").format(len(submission.parcels)))
        return {self.OUTPUT: destination}


class ExportCoordinatesAlgorithm(_CoordinateAlgorithm):
    INPUT = "INPUT"
    OUTPUT = "OUTPUT"

    def name(self) -> str:
        return "exportcoordinates"

    def displayName(self) -> str:  # noqa: N802
        return tr("Export site coordinates (TXT)")

    def shortHelpString(self) -> str:  # noqa: N802
        return tr(
            "Writes polygons as a boundary-point coordinate file (界址点坐标 TXT, GB18030 with CRLF), "
            "one parcel per feature with 地块编号, 地块名称, 地块用途 and 地类编码 taken from fields "
            "of those names (or DKBH, YDYHFLDM ...). Layers in a CGCS2000 Gauss-Kruger CRS keep their "
            "coordinates; others are projected to the CGCS2000 3-degree zone of the site, with zone prefix."
        )

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(
            QgsProcessingParameterFeatureSource(
                self.INPUT, tr("Site polygons"), [QgsProcessing.SourceType.TypeVectorPolygon]
            )
        )
        self.addParameter(
            QgsProcessingParameterFileDestination(
                self.OUTPUT, tr("Coordinate file (TXT)"), tr("Coordinate file (*.txt)")
            )
        )

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        source = self.parameterAsSource(parameters, self.INPUT, context)
        if source is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.INPUT))
        path = self.parameterAsFileOutput(parameters, self.OUTPUT, context)
        source_crs = source.sourceCrs()
        target_crs = self._target_crs(source, context)
        transform = None
        if target_crs != source_crs:
            transform = QgsCoordinateTransform(source_crs, target_crs, context.transformContext())
            feedback.pushWarning(
                tr("{} is not a CGCS2000 Gauss-Kruger CRS: coordinates are projected to {}").format(
                    source_crs.authid() or source_crs.description(), target_crs.authid()
                )
            )

        features = []
        for feature in source.getFeatures():
            if feedback.isCanceled():
                return {}
            if transform is not None and feature.hasGeometry():
                geometry = feature.geometry()
                geometry.transform(transform)
                feature.setGeometry(geometry)
            features.append(feature)
        try:
            parcels, warnings = parcels_from_features(features, source.fields().names(), source.sourceName())
            submission = Submission(
                source.sourceName(), source.sourceName(), target_crs.authid(), parcels, warnings
            )
            write_txt(submission, path)
        except SubmissionError as error:
            raise self.input_error(error) from error
        for warning in warnings:
            feedback.pushWarning(warning)
        feedback.pushInfo(tr("Exported {} parcels").format(len(parcels)))
        return {self.OUTPUT: path}

    @staticmethod
    def _target_crs(source, context) -> QgsCoordinateReferenceSystem:
        """The source CRS when it is a CGCS2000 Gauss-Kruger zone, else the 3-degree zone of its centre."""
        crs = source.sourceCrs()
        if gk_zones.zone_from_authid(crs.authid()) is not None:
            return crs
        extent = source.sourceExtent()
        geographic = QgsCoordinateReferenceSystem(GEOGRAPHIC_CGCS2000)
        if crs.isValid() and not extent.isEmpty():
            centre = QgsCoordinateTransform(crs, geographic, context.transformContext()).transform(
                extent.center()
            )
            zone = gk_zones.three_degree_zone_for_longitude(centre.x())
            if gk_zones.zone_is_valid(gk_zones.THREE_DEGREE, zone):
                return QgsCoordinateReferenceSystem(
                    gk_zones.GaussKrugerZone(gk_zones.THREE_DEGREE, zone, True).authid
                )
        raise QgsProcessingException(
            ERROR_PREFIX + tr("The input has no usable CRS; set a CGCS2000 CRS first.")
        )
