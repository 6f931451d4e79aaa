"""Outputs are written whole or not at all, never through a link, never into a pipe or folder."""

from __future__ import annotations

import json
import math
import os

import pytest

from hengyang_plan_plugin.core import output_files


def test_a_symlink_at_the_destination_is_replaced_and_its_target_untouched(tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("someone's file", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "review.json").symlink_to(victim)

    output_files.write_json(out / "review.json", {"verdict": "pass"})

    assert victim.read_text(encoding="utf-8") == "someone's file"
    assert not (out / "review.json").is_symlink()
    assert json.loads((out / "review.json").read_text(encoding="utf-8")) == {"verdict": "pass"}


def test_a_failed_write_leaves_the_previous_file_and_no_partial_file(tmp_path):
    target = tmp_path / "review.json"
    target.write_text('{"old": true}', encoding="utf-8")

    with pytest.raises(ValueError):
        output_files.write_json(target, {"area_m2": math.inf})  # Infinity is not JSON
    with pytest.raises(MemoryError), output_files.replacing(target) as partial:
        partial.write_text("half", encoding="utf-8")
        raise MemoryError

    assert target.read_text(encoding="utf-8") == '{"old": true}'
    assert sorted(p.name for p in tmp_path.iterdir()) == ["review.json"]


def test_a_folder_or_pipe_at_the_destination_is_refused_in_chinese(tmp_path):
    (tmp_path / "review.pdf").mkdir()
    os.mkfifo(tmp_path / "review.html")
    for name, kind in (("review.pdf", "文件夹"), ("review.html", "管道")):
        with pytest.raises(output_files.OutputFileError, match=kind):
            output_files.write_text(tmp_path / name, "x")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["review.html", "review.pdf"]


def test_the_written_file_has_ordinary_permissions(tmp_path):
    path = output_files.write_text(tmp_path / "a" / "review.html", "<p>x</p>")
    assert path.read_text(encoding="utf-8") == "<p>x</p>"
    assert path.stat().st_mode & 0o777 == 0o644 & ~_umask()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
