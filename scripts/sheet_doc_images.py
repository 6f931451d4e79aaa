"""The README's pictures of the sample's 审查图, rendered from ``make review`` output.

    make review OUT=build/sheet_a3 && make review OUT=build/sheet_a4 SHEET=A4
    python3 scripts/sheet_doc_images.py --a3 build/sheet_a3 --a4 build/sheet_a4 --out docs

writes docs/review_sheet_a3_overview.png (A3 page 1, the overview), docs/review_sheet_a3_parcel.png
(the first parcel page) and docs/review_sheet_a4.png (A4 page 1), with pdftoppm at the resolutions
the README shows them (about 1000 px across an A3 page). test/qgis/test_review_sheet_paths.py
renders the pages the same way and fails when the committed pictures no longer show them.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import tempfile
from pathlib import Path

SHEET = "review_sheet.pdf"
A3_DPI = 60
A4_DPI = 70


def page_text(pdf: Path, page: int) -> str:
    return subprocess.run(["pdftotext", "-raw", "-f", str(page), "-l", str(page), str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout


def page_count(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def first_parcel_page(pdf: Path) -> int:
    """The first page that is not the overview (总图) nor its continuation."""
    return next(page for page in range(2, page_count(pdf) + 1) if "总图" not in page_text(pdf, page))


def qgis_version(out_dir: Path) -> str:
    """The QGIS that printed the sheet (review.json beside it)."""
    return str(json.loads((out_dir / "review.json").read_text(encoding="utf-8")).get("qgis_version") or "")


def render_page(pdf: Path, page: int, dpi: int, png: Path) -> Path:
    """``page`` of ``pdf`` as ``png``, which records the QGIS version that drew it (a "QGIS" text
    chunk): the test compares pixels closely only with pictures drawn by the same QGIS."""
    from PIL import Image
    from PIL.PngImagePlugin import PngInfo

    with tempfile.TemporaryDirectory() as work:
        stem = Path(work) / "page"
        subprocess.run(["pdftoppm", "-r", str(dpi), "-f", str(page), "-l", str(page), "-png", "-singlefile",
                        str(pdf), str(stem)], check=True)
        png.parent.mkdir(parents=True, exist_ok=True)
        info = PngInfo()
        info.add_text("QGIS", qgis_version(pdf.parent))
        with Image.open(stem.with_suffix(".png")) as image:
            image.save(png, pnginfo=info, optimize=True)
    return png


def render_doc_images(a3_dir: Path, a4_dir: Path, out: Path) -> list[Path]:
    a3, a4 = a3_dir / SHEET, a4_dir / SHEET
    return [
        render_page(a3, 1, A3_DPI, out / "review_sheet_a3_overview.png"),
        render_page(a3, first_parcel_page(a3), A3_DPI, out / "review_sheet_a3_parcel.png"),
        render_page(a4, 1, A4_DPI, out / "review_sheet_a4.png"),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--a3", type=Path, required=True, help="make review output folder (A3)")
    parser.add_argument("--a4", type=Path, required=True, help="make review output folder (SHEET=A4)")
    parser.add_argument("--out", type=Path, default=Path("docs"))
    args = parser.parse_args()
    for png in render_doc_images(args.a3, args.a4, args.out):
        print(png)


if __name__ == "__main__":
    main()
