"""规划查询: click the map, see what the plan says at that point."""

from __future__ import annotations

from qgis.core import QgsCoordinateReferenceSystem, QgsCoordinateTransform, QgsProject
from qgis.gui import QgsMapToolEmitPoint
from qgis.PyQt.QtCore import Qt, pyqtSignal
from qgis.PyQt.QtWidgets import QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from ..core.feature_identity import feature_identity
from ..core.plan.registry import open_plan
from ..core.plan_query import CORRIDOR_LAYER, city_line_rule_text, query_point
from ..core.plan_schema import layer_title
from ..i18n import tr

# Layers whose absence at a point is itself an answer ("不在城镇开发边界内"), in the order shown.
NEGATIVE_LAYERS = ("YJJBNT", "STBHHX", "CZKFBJ", "ZXCQCSLVX", "ZXCQCSLX", "ZXCQCSZX", "ZXCQCSHX", "CSGXDY",
                   CORRIDOR_LAYER)
QUALIFIER_FIELDS = ("JB", "GXLX", "KZKD")


def answer_text(answer) -> str:
    """What a feature at the point is, in words: its name, zone or land use and 标识码, its level."""
    attributes = answer.attributes or {}
    text = feature_identity(attributes, answer.layer) or answer.summary
    qualifiers = [str(attributes[f]) + ("米控制宽度" if f == "KZKD" else "")
                  for f in QUALIFIER_FIELDS if attributes.get(f) not in (None, "")]
    return text + (f"（{'，'.join(qualifiers)}）" if qualifiers else "")


class PlanQueryTool(QgsMapToolEmitPoint):
    """Emits ``answered(answers, missing, x, y)`` with the plan features at the clicked point."""

    answered = pyqtSignal(list, list, float, float)

    def __init__(self, canvas, plan_source_getter):
        super().__init__(canvas)
        self._plan_source_getter = plan_source_getter
        self.canvasClicked.connect(self._clicked)

    def _clicked(self, point, _button) -> None:
        plan = open_plan(self._plan_source_getter() or None)
        plan_crs = QgsCoordinateReferenceSystem(plan.crs_key())
        canvas_crs = self.canvas().mapSettings().destinationCrs()
        transform = QgsCoordinateTransform(canvas_crs, plan_crs, QgsProject.instance())
        plan_point = transform.transform(point)
        answers, missing = query_point(plan, plan_point.x(), plan_point.y())
        self.answered.emit(answers, missing, plan_point.x(), plan_point.y())


class PlanQueryPanel(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.hint = QLabel(tr("Choose the plan query tool on the toolbar and click the map."))
        self.hint.setObjectName("planQueryHint")
        self.hint.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setObjectName("planQueryTree")
        self.tree.setHeaderLabels([tr("Plan layer"), tr("What applies here")])
        self.tree.setColumnWidth(0, 160)
        self.tree.setWordWrap(True)
        layout.addWidget(self.hint)
        layout.addWidget(self.tree)

    def show_answers(self, answers, missing, x: float, y: float) -> None:
        self.hint.setText(tr("At X {} / Y {} (plan CRS):").format(f"{y:.2f}", f"{x:.2f}"))
        self.tree.clear()
        if not answers:
            self.tree.addTopLevelItem(QTreeWidgetItem([tr("(none)"), tr("No plan feature at this point.")]))
        for answer in answers:
            text = answer_text(answer)
            item = QTreeWidgetItem([answer.title, text])
            item.setToolTip(1, text)
            rule = city_line_rule_text(answer.layer, answer.attributes.get("JB"))
            if rule:
                child = QTreeWidgetItem([tr("Rule"), rule])
                child.setToolTip(1, rule)
                item.addChild(child)
                item.setExpanded(True)
            self.tree.addTopLevelItem(item)
        applying = {answer.layer for answer in answers}
        for name in NEGATIVE_LAYERS:
            if name in applying or name in missing:
                continue
            title = layer_title(name)
            text = (tr("Not within the control corridor of any {}") if name == CORRIDOR_LAYER
                    else tr("Not within {}")).format(title)
            item = QTreeWidgetItem([title, text])
            item.setData(0, Qt.ItemDataRole.UserRole, "not_applicable")
            self.tree.addTopLevelItem(item)
        for name in missing:
            item = QTreeWidgetItem([name, tr("layer missing from the plan")])
            item.setForeground(1, Qt.GlobalColor.gray)
            self.tree.addTopLevelItem(item)
