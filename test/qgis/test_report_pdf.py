"""review.json / review.html / review.pdf for a real review of a two-parcel site on the sample plan."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest
from qgis.core import QgsProject, QgsRenderContext
from qgis.PyQt.QtGui import QImage

from hengyang_plan_plugin import api
from hengyang_plan_plugin.core.plan_schema import SAMPLE_NOTICE
from hengyang_plan_plugin.core.report.parcel_selection import parcels_for_figures
from hengyang_plan_plugin.core.report.presentation import area_text, format_m2
from hengyang_plan_plugin.paths import SAMPLES_DIR
from hengyang_plan_plugin.qgis_adapters.plan_loader import load_plan
from hengyang_plan_plugin.qgis_adapters.print_layout import visible_plan_layers
from hengyang_plan_plugin.qgis_adapters.review_outputs import write_review_outputs
from test.report_cases import CASE, PROJECT_NAME, pdf_text, render_pdf_pages

SATURATED = 40  # max-min channel spread of a coloured (not grey) pixel
COLOUR_TOLERANCE = 12
MIN_DISTANCE_FROM_WHITE = 90  # ignore pale plan colours: they prove little against a white page


@pytest.fixture(scope="module")
def reviewed(sample_plan_path, tmp_path_factory):
    """The bundled sample submission (six parcels spread over the city) on the sample plan."""
    work = tmp_path_factory.mktemp("report")
    submission = api.read(SAMPLES_DIR / "sample_submission.txt")
    result = api.review(submission, plan=str(sample_plan_path))
    outputs = write_review_outputs(result, CASE, work / "out", submission=submission)
    return result, outputs, work


def _pixels(path) -> np.ndarray:
    image = QImage(str(path)).convertToFormat(QImage.Format.Format_RGB888)
    bits = image.constBits()
    bits.setsize(image.bytesPerLine() * image.height())
    rows = np.frombuffer(bits, np.uint8).reshape(image.height(), image.bytesPerLine())
    return rows[:, : image.width() * 3].reshape(image.height(), image.width(), 3).astype(int)


def _saturated_fraction(pixels: np.ndarray) -> float:
    return float(((pixels.max(axis=2) - pixels.min(axis=2)) > SATURATED).mean())


def _plan_colours() -> list[tuple[int, int, int]]:
    """Opaque colours of the styled sample plan's symbols (what the figure must show)."""
    project = QgsProject()
    load_plan(None, project)
    colours = set()
    for layer in visible_plan_layers(project):
        renderer = layer.renderer()
        for symbol in renderer.symbols(QgsRenderContext()) if renderer else []:
            for index in range(symbol.symbolLayerCount()):
                colour = symbol.symbolLayer(index).color()
                rgb = (colour.red(), colour.green(), colour.blue())
                if colour.alpha() == 255 and sum(255 - c for c in rgb) >= MIN_DISTANCE_FROM_WHITE:
                    colours.add(rgb)
    project.clear()
    return sorted(colours)


def _count_colour_matches(pixels: np.ndarray, colours) -> dict[tuple[int, int, int], int]:
    flat = pixels.reshape(-1, 3)
    counts = {}
    for colour in colours:
        hits = int((np.abs(flat - np.array(colour)).max(axis=1) <= COLOUR_TOLERANCE).sum())
        if hits:
            counts[colour] = hits
    return counts


def test_three_files_beside_each_other(reviewed):
    result, outputs, work = reviewed
    assert outputs.json_path.parent == outputs.html_path.parent == outputs.pdf_path.parent
    assert json.loads(outputs.json_path.read_text(encoding="utf-8")) == json.loads(
        json.dumps(result.to_dict(), ensure_ascii=False)
    )
    assert outputs.pdf_path.read_bytes().startswith(b"%PDF")


def test_pdf_text_has_project_farmland_and_areas(reviewed):
    result, outputs, _ = reviewed
    text = pdf_text(outputs.pdf_path)
    compact = re.sub(r"\s+", "", text)
    farmland = next(check for check in result.to_dict()["checks"] if check["id"] == "farmland")
    assert farmland["status"] == "conflict"
    assert re.sub(r"\s+", "", PROJECT_NAME) in compact  # escaped in HTML, literal in the PDF
    assert "永久基本农田" in text
    assert re.sub(r"\s+", "", area_text(farmland["overlap_area_m2"])) in compact
    site_area = result.to_dict()["submission"]["area_m2"]
    assert format_m2(site_area) in text
    assert "审查结论：不通过" in compact
    assert SAMPLE_NOTICE in compact
    assert CASE.document_number in compact and CASE.reviewer in compact


def test_pdf_uses_embedded_cjk_font_and_no_radical_lookalikes(reviewed):
    _, outputs, _ = reviewed
    data = outputs.pdf_path.read_bytes()
    assert b"NotoSansCJKsc" in data
    text = pdf_text(outputs.pdf_path)
    assert not re.search("[\u2e80-\u2eff\u2f00-\u2fdf]", text)  # e.g. ⽤ for 用
    assert "\ufffd" not in text


def test_pdf_map_figure_is_not_blank_and_shows_plan_colours(reviewed):
    _, outputs, work = reviewed
    pages = render_pdf_pages(outputs.pdf_path, work, dpi=80)
    pixels = max((_pixels(page) for page in pages), key=_saturated_fraction)
    assert _saturated_fraction(pixels) > 0.08, "no page carries a coloured map figure"
    matches = _count_colour_matches(pixels, _plan_colours())
    assert sum(matches.values()) > 2000, f"plan colours barely present: {matches}"
    assert len(matches) >= 3


def _image_pixels(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_RGB888)
    bits = image.constBits()
    bits.setsize(image.bytesPerLine() * image.height())
    rows = np.frombuffer(bits, np.uint8).reshape(image.height(), image.bytesPerLine())
    return rows[:, : image.width() * 3].reshape(image.height(), image.width(), 3).astype(int)


def _red_fraction(image: QImage) -> float:
    pixels = _image_pixels(image)
    return float(((pixels[:, :, 0] > 180) & (pixels[:, :, 1] < 60) & (pixels[:, :, 2] < 60)).mean())


def test_each_flagged_parcel_has_a_close_up_with_its_outline_and_conflicts_in_red(reviewed):
    result, outputs, _ = reviewed
    flagged = parcels_for_figures(result.to_dict())
    assert len(flagged) >= 2  # the sample's flagged parcels, worst first
    assert [parcel_id for parcel_id, _ in outputs.parcel_figures] == flagged
    assert all(_red_fraction(image) > 0.005 for _, image in outputs.parcel_figures)
    assert _saturated_fraction(_image_pixels(outputs.map_figure)) > 0.3  # the plan, not a blank frame


def test_html_is_self_contained_and_escapes_the_submission(reviewed):
    _, outputs, _ = reviewed
    html = outputs.html_path.read_text(encoding="utf-8")
    assert '<img src="data:image/png;base64,' in html
    assert html.count('<img src="data:image/png;base64,') == 1 + len(outputs.parcel_figures)
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html


def test_every_character_of_the_report_has_a_glyph(reviewed):
    from html import unescape

    from qgis.PyQt.QtGui import QFont, QRawFont

    from hengyang_plan_plugin.qgis_adapters.report_pdf import REPORT_FONT_FAMILIES

    _, outputs, _ = reviewed
    html = outputs.html_path.read_text(encoding="utf-8")
    text = unescape(re.sub(r"<[^>]+>", "", re.sub(r"<(style|head)>.*?</\1>", "", html, flags=re.S)))
    fonts = [QRawFont.fromFont(QFont(family)) for family in REPORT_FONT_FAMILIES]
    assert all(font.isValid() for font in fonts)
    missing = {
        ch
        for ch in set(text)
        if ch.isprintable() and not ch.isspace() and not any(font.supportsCharacter(ch) for font in fonts)
    }
    assert not missing, f"no glyph for: {sorted(missing)}"
