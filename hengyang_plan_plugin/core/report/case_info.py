"""Case fields of a review: who asked, who reviewed. The engine does not know them."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field


def _today() -> _dt.date:
    return _dt.date.today()


@dataclass
class CaseInfo:
    project_name: str = ""  # 项目名称
    document_number: str = ""  # 文号
    applicant: str = ""  # 申请单位
    reviewer: str = ""  # 审查人
    review_date: _dt.date = field(default_factory=_today)
    reviewing_unit: str = ""  # 审查单位 (the options' 审查单位; signs and stamps the 审查意见表)
    mapping_unit: str = ""  # 制图单位 of the 审查图; empty: the reviewing unit drew it

    @property
    def mapping_unit_text(self) -> str:
        return self.mapping_unit.strip() or self.reviewing_unit.strip()

    def project_title(self, fallback: str) -> str:
        """The project name, or the submission's name when the case has none."""
        return self.project_name.strip() or fallback

    @property
    def review_date_text(self) -> str:
        """Date as written on Chinese official documents, e.g. 2026年11月29日."""
        d = self.review_date
        return f"{d.year}年{d.month}月{d.day}日"
