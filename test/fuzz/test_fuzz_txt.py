"""Fuzz: 界址点坐标 TXT files, mutated from valid ones, through read_submission."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import example, given

from hengyang_plan_plugin.core.submission_model import Submission
from test.fuzz.fuzz_support import read_and_check, read_files, seeded_text_file, snapshot

HEADER = """[属性描述]
格式版本号=1.01版本
数据产生单位=衡阳市自然资源和规划局
数据产生日期=2025-06-15
坐标系=2000国家大地坐标系
几度分带=3
投影类型=高斯克吕格
计量单位=米
带号=38
精度=0.001
转换参数=,,,,,,
[地块坐标]
"""

# One 1 公顷 square in zone 38 (衡阳), closed by repeating J1: the bureau's usual file.
SQUARE = (
    HEADER
    + """5,1.0000,1,地块1,面,,城镇住宅用地,0701,@
J1,1,2977318.934,38360912.217
J2,1,2977318.934,38361012.217
J3,1,2977218.934,38361012.217
J4,1,2977218.934,38360912.217
J1,1,2977318.934,38360912.217
"""
)

# A parcel with a hole (圈号 2) and a second parcel: ring assembly and several blocks.
HOLE_AND_SECOND = (
    HEADER
    + """10,3.7500,H1,带内环地块,面,,工业用地,1001,@
J1,1,2977318.934,38360912.217
J2,1,2977318.934,38361112.217
J3,1,2977118.934,38361112.217
J4,1,2977118.934,38360912.217
J1,1,2977318.934,38360912.217
J5,2,2977298.934,38360932.217
J6,2,2977298.934,38360982.217
J7,2,2977248.934,38360982.217
J8,2,2977248.934,38360932.217
J5,2,2977298.934,38360932.217
4,0.2500,H2,第二地块,面,,公园绿地,1401,@
J9,1,2977018.934,38360912.217
J10,1,2977018.934,38360962.217
J11,1,2976968.934,38360962.217
J12,1,2976968.934,38360912.217
"""
)

SEEDS = [SQUARE, SQUARE.replace("\n", "\r\n"), HOLE_AND_SECOND]
ENCODINGS = ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16"]


def test_seeds_are_valid():
    for seed in SEEDS:
        for encoding in ENCODINGS:
            data = seed.encode("utf-16" if encoding == "utf-16" else encoding)
            outcome = read_files({"site.txt": data}, "site.txt")
            assert isinstance(outcome, Submission), outcome
            assert outcome.crs == "EPSG:4526"


@given(seeded_text_file(SEEDS, ENCODINGS))
@example(SQUARE.encode("utf-8")[:300])
@example(SQUARE.replace("38361012.217", "1e308").encode("utf-8"))
@example(SQUARE.replace("2977218.934", "nan").encode("gbk"))
def test_mutated_txt_gives_a_submission_or_its_own_error(data):
    read_files({"site.txt": data}, "site.txt")


@given(seeded_text_file(SEEDS, ["utf-8", "gbk"]))
def test_mutated_txt_with_another_suffix_is_sniffed_safely(data):
    """Not named .txt: read_submission sniffs the head and may still take it for a coordinate file."""
    read_files({"site.dat": data}, "site.dat")


SHELL_NAMES = [
    "a;touch X.txt",
    "$(touch X).txt",
    "`touch X`.txt",
    "a|touch X&.txt",
    "a && touch X.txt",
    "-rf.txt",
    "'; touch X; '.txt",
    "地块 (1)；衡阳.txt",
    "..txt",
]


@pytest.mark.parametrize("name", SHELL_NAMES)
@pytest.mark.parametrize("seed", ["valid", "broken"])
def test_shell_metacharacters_in_the_name_have_no_side_effects(tmp_path, monkeypatch, name, seed):
    work = tmp_path / "cwd"
    work.mkdir()
    monkeypatch.chdir(work)  # where a shell would run "touch X"
    folder = tmp_path / "in"
    folder.mkdir()
    path = folder / name
    text = SQUARE if seed == "valid" else SQUARE.replace("2977218.934", "abc")
    path.write_bytes(text.encode("utf-8"))
    before = snapshot(tmp_path)

    outcome = read_and_check(path)

    if seed == "valid":
        assert isinstance(outcome, Submission)
        assert outcome.source == str(path)
        assert outcome.name == Path(name).stem
    else:
        assert name in str(outcome)
    assert snapshot(tmp_path) == before
    assert not any(p.name == "X" for p in tmp_path.rglob("*"))
    assert os.listdir(work) == []
