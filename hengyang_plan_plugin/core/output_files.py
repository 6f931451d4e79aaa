"""Every file the plugin writes goes through here: whole or not at all, never through a link.

A report is written to a hidden temporary file beside its destination and
renamed over it only once complete, so a crash, a full disk or a
``MemoryError`` never leaves a half-written review.json for someone to trust.
The rename replaces a symbolic link itself, never the file it points to
(``OUT/review.pdf -> someone's file`` leaves that file alone), and a
destination that is a folder, a pipe or a device is refused, not written into.
"""

from __future__ import annotations

import json
import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

PARTIAL_MARK = ".partial"


class OutputFileError(OSError):
    """An output that cannot be written where it was asked; the message is for the user."""


def _refuse_unless_replaceable(path: Path) -> None:
    try:
        mode = path.lstat().st_mode
    except FileNotFoundError:
        return
    if stat.S_ISLNK(mode) or stat.S_ISREG(mode):
        return  # a link is replaced, never followed; a regular file is this output's previous version
    kind = "文件夹" if stat.S_ISDIR(mode) else "管道或设备文件"
    raise OutputFileError(f"{path}: 输出位置已有同名{kind}，不能写入，请换一个输出位置")


@contextmanager
def replacing(path: str | os.PathLike) -> Iterator[Path]:
    """A temporary path to write to; on success it becomes ``path`` in one rename, on failure it goes."""
    path = Path(path)
    _refuse_unless_replaceable(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, partial = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=f"{PARTIAL_MARK}{path.suffix}")
    os.close(handle)
    partial_path = Path(partial)
    try:
        yield partial_path
        os.chmod(partial_path, 0o644 & ~_umask())
        os.replace(partial_path, path)
    except BaseException:
        partial_path.unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_bytes(path: str | os.PathLike, data: bytes) -> Path:
    with replacing(path) as partial, partial.open("wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    return Path(path)


def write_text(path: str | os.PathLike, text: str, encoding: str = "utf-8") -> Path:
    return write_bytes(path, text.encode(encoding))


def write_json(path: str | os.PathLike, data: Any) -> Path:
    """review.json and its kin: allow_nan=False, so an infinite figure fails here instead of
    becoming ``Infinity``, which is not JSON."""
    return write_text(path, json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False))
