"""The review report (审查意见表): Qt-free HTML from a review result dict.

``render_review_html`` is the single template behind both review.html and
review.pdf; the PDF side (qgis_adapters/report_pdf.py) only lays the same HTML
out on pages.
"""

from .case_info import CaseInfo
from .html_report import MAP_FIGURE_FILENAME, render_review_html
from .reproducibility import ReproducibilityInfo, file_sha256, reproducibility_from_result

__all__ = [
    "MAP_FIGURE_FILENAME",
    "CaseInfo",
    "ReproducibilityInfo",
    "file_sha256",
    "render_review_html",
    "reproducibility_from_result",
]
