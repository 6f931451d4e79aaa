"""Every GUI string has a finished zh_CN translation."""

from __future__ import annotations

import subprocess
import sys

from test.conftest import REPO_ROOT


def test_every_tr_string_has_a_finished_chinese_translation():
    completed = subprocess.run(
        [sys.executable, str(REPO_ROOT / "scripts" / "update_translations.py"), "--check"],
        capture_output=True, text=True,
    )
    assert completed.returncode == 0, completed.stdout
