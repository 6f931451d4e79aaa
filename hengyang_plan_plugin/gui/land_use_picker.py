"""A searchable 用地用海 code picker: type a code or part of a Chinese name."""

from __future__ import annotations

from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtWidgets import QComboBox, QCompleter

from ..core.land_use_codes import land_use_codes, lookup
from ..i18n import tr


class LandUsePicker(QComboBox):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("landUsePicker")
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.addItem(tr("(not specified)"), None)
        for entry in land_use_codes().values():
            indent = "    " * (entry.level - 1)
            self.addItem(f"{indent}{entry.code} {entry.name}", entry.code)
        completer = QCompleter(self.model(), self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(completer)
        self.lineEdit().setPlaceholderText(tr("用地用海 code or name, e.g. 0701 or 住宅"))

    def code(self) -> str | None:
        """The chosen code; a typed code that exists counts too."""
        index = self.findText(self.currentText().strip(), Qt.MatchFlag.MatchFixedString)
        if index >= 0:
            return self.itemData(index)
        typed = self.currentText().strip().split(" ")[0]
        entry = lookup(typed) if typed else None
        return entry.code if entry and entry.code == typed else None

    def set_code(self, code: str | None) -> None:
        index = self.findData(code) if code else 0
        self.setCurrentIndex(max(index, 0))
