"""The finding pane shows plan attributes and submission names as text, never as markup."""

from __future__ import annotations

from qgis.PyQt.QtGui import QTextDocument

from hengyang_plan_plugin.gui.result_view import finding_html

HOSTILE = '地块\0img src=x onerror=alert(1)\1<a href="http://evil">点此</a>&amp;'


def test_a_hostile_parcel_id_stays_text():
    check = {"title": "永久基本农田", "message": f"地块 {HOSTILE} 占用", "basis": "土地管理法", "reason": HOSTILE}
    html = finding_html(check, "依据")
    assert "<img" not in html and "<a " not in html
    document = QTextDocument()
    document.setHtml(html)
    text = document.toPlainText()
    assert '<a href="http://evil">点此</a>&amp;' in text  # shown exactly as written
    assert "永久基本农田：地块" in text and "依据：土地管理法" in text
