"""``make review`` and scripts/review_cli.py through the real qgis_process.bin: every exit path."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from hengyang_plan_plugin.core.checks import CHECK_IDS
from hengyang_plan_plugin.paths import SAMPLES_DIR

pytestmark = pytest.mark.qgis_process

REPO = Path(__file__).resolve().parents[2]
CLI = REPO / "scripts" / "review_cli.py"
SAMPLE = SAMPLES_DIR / "sample_submission.txt"
SYSTEM_PYTHON = "/usr/bin/python3"  # what the Makefile runs the CLI with


@pytest.fixture(scope="module")
def staged_plugin():
    subprocess.run(["make", "plugin"], cwd=REPO, check=True, capture_output=True)
    return REPO / "build" / "plugin"


@pytest.fixture(scope="module")
def plan_copy(tmp_path_factory, sample_plan_path):
    """The sample plan where nothing else regenerates it while these tests read it."""
    path = tmp_path_factory.mktemp("plan") / "plan.gpkg"
    shutil.copyfile(sample_plan_path, path)
    return path


def cli(staged_plugin, out: Path, submission, plan="", land_use="", plugin_path=None, layer="", crs=""):
    env = {**os.environ, "QGIS_PLUGINPATH": str(plugin_path or staged_plugin)}
    return subprocess.run(
        [
            SYSTEM_PYTHON,
            str(CLI),
            "--submission",
            str(submission),
            "--plan",
            str(plan),
            "--land-use",
            land_use,
            "--out",
            str(out),
            "--layer",
            layer,
            "--crs",
            crs,
        ],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def make_review(*variables: str) -> subprocess.CompletedProcess:
    """The contract's own entry point (it stages the plugin itself)."""
    return subprocess.run(["make", "review", *variables], cwd=REPO, capture_output=True, text=True, timeout=900)


def assert_one_error_line(completed, code: int, *fragments: str) -> str:
    assert completed.returncode == code, completed.stderr
    lines = completed.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), completed.stderr
    assert "Traceback" not in completed.stderr + completed.stdout
    for fragment in fragments:
        assert fragment in lines[0]
    return lines[0]


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_review_runs_and_writes_review_json(staged_plugin, plan_copy, tmp_path):
    submission = tmp_path / "site.txt"
    shutil.copyfile(SAMPLE, submission)
    before = (sha(plan_copy), sha(submission))
    completed = cli(staged_plugin, tmp_path / "out", submission, plan=plan_copy)
    assert completed.returncode == 0, completed.stderr
    result = json.loads((tmp_path / "out" / "review.json").read_text(encoding="utf-8"))
    assert result["schema"] == "hengyang-plan-review/1"
    assert result["verdict"] == "fail"
    from qgis.core import Qgis

    assert result["qgis_version"] == Qgis.QGIS_VERSION  # the QGIS qgis_process.bin belongs to
    assert result["plan"]["sha256"] == before[0]
    assert result["submission"]["sha256"] == before[1]
    # every registered check once (14 since 现状地类, #17), in the registry's order
    assert [check["id"] for check in result["checks"]] == list(CHECK_IDS)
    assert len(CHECK_IDS) == 14 and "current_land_use" in CHECK_IDS
    assert completed.stdout.startswith("review: 不通过 (fail)")
    assert (sha(plan_copy), sha(submission)) == before  # inputs never written to
    assert sorted(p.name for p in submission.parent.iterdir()) == ["out", "site.txt"]


def test_land_use_argument(staged_plugin, plan_copy, tmp_path):
    completed = cli(staged_plugin, tmp_path, SAMPLE, plan=plan_copy, land_use="0701")
    assert completed.returncode == 0, completed.stderr
    assert json.loads((tmp_path / "review.json").read_text(encoding="utf-8"))["land_use"] == "0701"


@pytest.mark.parametrize(
    "make_input, land_use, plan, fragments",
    [
        (lambda d: d / "missing.txt", "", None, ("missing.txt", "不存在")),
        (lambda d: "", "", None, ("SUBMISSION",)),
        (lambda d: SAMPLE, "99x", None, ("未知的用地用海代码", "99x")),
        (lambda d: SAMPLE, "", "nowhere.gpkg", ("规划数据不存在", "nowhere.gpkg")),
    ],
    ids=["missing-file", "no-submission", "unknown-land-use", "missing-plan"],
)
def test_unusable_input_exits_2_with_one_error_line(
    staged_plugin, plan_copy, tmp_path, make_input, land_use, plan, fragments
):
    completed = cli(
        staged_plugin, tmp_path / "out", make_input(tmp_path), plan=plan or plan_copy, land_use=land_use
    )
    assert_one_error_line(completed, 2, *fragments)
    assert not (tmp_path / "out" / "review.json").exists()


def test_malformed_txt_names_the_file_line(staged_plugin, plan_copy, tmp_path):
    text = SAMPLE.read_bytes().decode("gb18030").splitlines()
    number = next(i for i, line in enumerate(text, start=1) if line.startswith("J2,1,"))
    text[number - 1] = "J2,1,abc,38356583.363"
    bad = tmp_path / "bad.txt"
    bad.write_bytes("\r\n".join(text).encode("gb18030"))
    assert_one_error_line(cli(staged_plugin, tmp_path / "out", bad, plan=plan_copy), 2, f"bad.txt:{number}:")


def test_site_outside_the_plan_is_refused(staged_plugin, plan_copy, tmp_path):
    text = SAMPLE.read_bytes().decode("gb18030")
    far = tmp_path / "far.txt"
    far.write_bytes(text.replace(",3835", ",3895").replace(",3836", ",3896").encode("gb18030"))
    assert_one_error_line(cli(staged_plugin, tmp_path / "out", far, plan=plan_copy), 2, "不在规划范围内")


def _two_layer_dxf(path: Path, zone_prefix: float = 38_000_000.0) -> Path:
    """A UTF-8 AutoCAD 2018 drawing: two layers with one closed shape each (100 × 100 m, 100 × 60 m)."""

    def rectangle(layer: str, east: float, height: float) -> list[str]:
        out = ["0", "LWPOLYLINE", "8", layer, "90", "4", "70", "1"]
        north = 2973320.0
        for x, y in ((east, north), (east + 100, north), (east + 100, north + height), (east, north + height)):
            out += ["10", str(x), "20", str(y)]
        return out

    header = ["0", "SECTION", "2", "HEADER", "9", "$ACADVER", "1", "AC1032", "9", "$DWGCODEPAGE", "3",
              "ANSI_936", "0", "ENDSEC"]  # fmt: skip
    entities = [*rectangle("地块甲", zone_prefix + 355200.0, 100), *rectangle("地块乙", zone_prefix + 355500.0, 60)]
    lines = [*header, "0", "SECTION", "2", "ENTITIES", *entities, "0", "ENDSEC", "0", "EOF"]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-8"))
    return path


def test_ambiguous_cad_layer_is_refused_then_named_with_layer(staged_plugin, plan_copy, tmp_path):
    drawing = _two_layer_dxf(tmp_path / "site.dxf")
    refused = cli(staged_plugin, tmp_path / "out", drawing, plan=plan_copy)
    line = assert_one_error_line(refused, 2, "site.dxf", "地块甲(1)", "地块乙(1)", "LAYER=")
    assert "多个图层含闭合图形" in line
    assert not (tmp_path / "out" / "review.json").exists()

    chosen = cli(staged_plugin, tmp_path / "out", drawing, plan=plan_copy, layer="地块乙")
    assert chosen.returncode == 0, chosen.stderr
    result = json.loads((tmp_path / "out" / "review.json").read_text(encoding="utf-8"))
    assert result["submission"]["area_m2"] == pytest.approx(6_000, abs=0.01)  # 地块乙, alone
    assert len(result["submission"]["parcels"]) == 1


def test_dxf_without_crs_is_refused_then_read_with_crs(staged_plugin, plan_copy, tmp_path):
    drawing = _two_layer_dxf(tmp_path / "plain.dxf", zone_prefix=0.0)  # no CRS, no zone prefix
    refused = cli(staged_plugin, tmp_path / "out", drawing, plan=plan_copy, layer="地块甲")
    assert_one_error_line(refused, 2, "plain.dxf", "数据不含坐标系", "CRS=EPSG:")
    chosen = cli(staged_plugin, tmp_path / "out", drawing, plan=plan_copy, layer="地块甲", crs="EPSG:4547")
    assert chosen.returncode == 0, chosen.stderr
    result = json.loads((tmp_path / "out" / "review.json").read_text(encoding="utf-8"))
    assert result["submission"]["crs"] == "EPSG:4547"
    assert result["submission"]["area_m2"] == pytest.approx(10_000, abs=0.01)


def test_plugin_not_available_exits_1(staged_plugin, plan_copy, tmp_path):
    completed = cli(staged_plugin, tmp_path / "out", SAMPLE, plan=plan_copy, plugin_path=tmp_path / "empty")
    assert_one_error_line(completed, 1, "make plugin")


def test_make_review_target(tmp_path):
    """The contract's own entry point, defaults and all (it stages the plugin itself)."""
    completed = make_review(f"OUT={tmp_path}")
    assert completed.returncode == 0, completed.stderr[-2000:]
    result = json.loads((tmp_path / "review.json").read_text(encoding="utf-8"))
    assert result["verdict"] == "fail" and result["plan"]["is_sample"] is True


def test_make_review_unusable_input(tmp_path):
    completed = make_review(f"SUBMISSION={tmp_path / 'nope.txt'}", f"OUT={tmp_path}")
    assert completed.returncode == 2
    errors = [line for line in completed.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1 and "nope.txt" in errors[0]
    assert "Traceback" not in completed.stderr


def run_script(*variables: str) -> subprocess.CompletedProcess:
    """scripts/review: the documented CLI without make's trailing ``make: *** Error`` line."""
    return subprocess.run(
        [str(REPO / "scripts" / "review"), *variables], cwd="/", capture_output=True, text=True, timeout=900
    )


def test_the_review_script_ends_on_its_one_error_line(tmp_path):
    completed = run_script(f"SUBMISSION={tmp_path / 'nope.txt'}", f"OUT={tmp_path}")
    assert_one_error_line(completed, 2, "nope.txt", "送审文件不存在")
    assert_one_error_line(run_script("SUBMISSIN=x.txt"), 2, "SUBMISSIN=x.txt")


def test_the_review_script_reviews_a_hostile_name_from_any_folder(tmp_path):
    submission = tmp_path / "e$(touch PWNED)`touch PWNED`.txt"
    shutil.copyfile(SAMPLE, submission)
    completed = run_script(f"SUBMISSION={submission}", f"OUT={tmp_path / 'out'}")
    assert completed.returncode == 0, completed.stderr[-2000:]
    assert completed.stdout.startswith("review: 不通过 (fail)")
    assert not list(tmp_path.rglob("PWNED")) and not Path("/PWNED").exists()
    assert json.loads((tmp_path / "out" / "review.json").read_text(encoding="utf-8"))["verdict"] == "fail"


@pytest.mark.parametrize(
    "hostile_name",
    ["a`touch PWNED`.txt", 'b";touch PWNED;".txt', "c$(touch PWNED).txt", "d$$(shell touch PWNED).txt"],
)
def test_make_review_takes_a_hostile_file_name_as_a_name(tmp_path, hostile_name):
    """The Makefile never pastes a value into a shell line, and make does not expand it either."""
    submission = tmp_path / hostile_name
    shutil.copyfile(SAMPLE, submission)
    out = tmp_path / "out"
    completed = make_review(f"SUBMISSION={submission}", f"OUT={out}")
    assert completed.returncode == 0, completed.stderr[-2000:]
    assert not list(tmp_path.rglob("PWNED")) and not (REPO / "PWNED").exists()
    result = json.loads((out / "review.json").read_text(encoding="utf-8"))
    assert result["submission"]["source"] == str(submission)


def test_outputs_are_never_written_through_a_symlink(staged_plugin, plan_copy, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("not yours", encoding="utf-8")
    for name in ("review.json", "review.html", "review.pdf"):
        (out / name).symlink_to(victim)
    completed = cli(staged_plugin, out, SAMPLE, plan=plan_copy)
    assert completed.returncode == 0, completed.stderr
    assert victim.read_text(encoding="utf-8") == "not yours"
    assert not any((out / name).is_symlink() for name in ("review.json", "review.html", "review.pdf"))
    assert json.loads((out / "review.json").read_text(encoding="utf-8"))["verdict"]


def test_a_named_pipe_is_refused_not_waited_on(staged_plugin, plan_copy, tmp_path):
    pipe = tmp_path / "site.txt"
    os.mkfifo(pipe)
    completed = cli(staged_plugin, tmp_path / "out", pipe, plan=plan_copy)
    assert_one_error_line(completed, 2, "site.txt", "不是普通文件")



def test_terminal_escape_codes_from_a_file_never_reach_the_terminal(staged_plugin, plan_copy, tmp_path):
    text = SAMPLE.read_bytes().decode("gb18030").splitlines()
    point = next(index for index, line in enumerate(text) if line.startswith("J1,"))
    text[point] = "J1,1,\x1b[1A\x1b[2K\rreview: 通过 (pass),38355339.218"
    submission = tmp_path / "site.txt"
    submission.write_bytes("\r\n".join(text).encode("gb18030"))
    completed = cli(staged_plugin, tmp_path / "out", submission, plan=plan_copy)
    line = assert_one_error_line(completed, 2, "site.txt")
    assert "\x1b" not in completed.stderr + completed.stdout and "\r" not in line


def test_a_locked_review_log_is_reported_and_the_review_still_runs(staged_plugin, plan_copy, tmp_path, monkeypatch):
    import sqlite3

    log = tmp_path / "review_log.sqlite"
    monkeypatch.setenv("HENGYANG_REVIEW_LOG", str(log))
    first = cli(staged_plugin, tmp_path / "first", SAMPLE, plan=plan_copy)  # creates the log
    assert first.returncode == 0 and "warning:" not in first.stderr, first.stderr
    holder = sqlite3.connect(log)
    holder.execute("BEGIN EXCLUSIVE")  # another process holding the log
    try:
        completed = cli(staged_plugin, tmp_path / "out", SAMPLE, plan=plan_copy)
    finally:
        holder.rollback()
        holder.close()
    assert completed.returncode == 0, completed.stderr
    warnings = [line for line in completed.stderr.splitlines() if line.startswith("warning: ")]
    assert len(warnings) == 1 and "审查留痕未写入" in warnings[0], completed.stderr
    assert json.loads((tmp_path / "out" / "review.json").read_text(encoding="utf-8"))["verdict"]


@pytest.mark.postgis
def test_a_plain_password_in_plan_never_reaches_qgis_process_or_the_outputs(staged_plugin, tmp_path, sample_plan_path):
    from hengyang_plan_plugin.core.plan.registry import close_plans
    from test.postgis_support import drop_schema, load_into, unique_schema

    schema = unique_schema("cli")
    source = load_into(sample_plan_path, schema)  # PG:… password=hengyang-test schemas=…
    try:
        assert "password=" in source
        password = source.split("password=")[1].split()[0]
        completed = cli(staged_plugin, tmp_path, SAMPLE, plan=source)
        assert completed.returncode == 0, completed.stderr
        assert "明文密码" in completed.stderr and "service=" in completed.stderr
        written = "".join(p.read_text(encoding="utf-8", errors="replace") for p in tmp_path.glob("review.*[nl]"))
        for text in (completed.stdout, completed.stderr, written):
            assert password not in text
        assert json.loads((tmp_path / "review.json").read_text(encoding="utf-8"))["plan"]["source"].startswith("PG:")
    finally:
        close_plans()
        drop_schema(schema)
