"""Read-only result tables, as the dock's tabs and the import preview show them."""

from __future__ import annotations

from qgis.PyQt.QtWidgets import QAbstractItemView, QTableWidget


def read_only_table(object_name: str, headers: list[str]) -> QTableWidget:
    """A table the user reads (never edits), its columns named, the last one stretched."""
    table = QTableWidget(0, len(headers))
    table.setObjectName(object_name)
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.horizontalHeader().setStretchLastSection(True)
    return table
