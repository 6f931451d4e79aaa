"""The path GDAL should open so that reading a GeoPackage (SQLite) never changes it.

SQLite readers write: opening a WAL-mode file creates or updates its ``-shm``,
and closing the last connection checkpoints the ``-wal`` into the main file and
deletes both sidecars; a hot ``-journal`` is rolled back into the main file.
GDAL's GPKG driver does this even when opened read-only (checked with GDAL
3.6.2, also with ``IMMUTABLE=YES`` and ``NOLOCK=YES``). The changed file then
hashes differently, and the review log would take it for a resubmission.

``IMMUTABLE`` / SQLite's ``immutable=1`` is no answer either: it ignores the
``-wal``, whose pages hold the file's latest committed data. So a SQLite file
with sidecars (or in WAL mode) is read from a private copy of the main file and
its ``-wal`` / ``-journal``; the ``-shm`` is only an index SQLite rebuilds from
the ``-wal``, and a copy of a live one could be inconsistent. Everything else
(shapefiles, GeoJSON, a GeoPackage in rollback mode without sidecars) is opened
where it is.

Copies are kept per source while the source is unchanged (a plan is reopened
for every review), replaced when it changes, and removed at exit.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
import threading
from collections.abc import Sequence
from pathlib import Path

from osgeo import gdal

from .gdal_errors import last_error, quiet_errors

SQLITE_MAGIC = b"SQLite format 3\x00"
WAL_VERSION = 2  # header bytes 18/19 (write/read format version): 2 is WAL mode
SIDECARS = ("-wal", "-journal")  # copied with the main file
LOCK_FILES = ("-shm",)  # not copied, but a sign that a WAL connection is or was open

_lock = threading.Lock()
_copies: dict[str, tuple[tuple, Path]] = {}  # source -> (signature, private folder)


def readable_path(path: str | Path) -> str:
    """``path``, or a private copy of it when reading the original in place would change it."""
    source = Path(path)
    if not _reading_would_write(source):
        return str(path)
    key = str(source.resolve())
    signature = _signature(source)
    with _lock:
        cached = _copies.get(key)
        if cached is not None and cached[0] == signature and (cached[1] / source.name).is_file():
            return str(cached[1] / source.name)
        folder = _private_copy(source)
        if cached is not None:
            # Open handles on the old copy keep working on POSIX; elsewhere atexit retries.
            shutil.rmtree(cached[1], ignore_errors=True)
        _copies[key] = (signature, folder)
        return str(folder / source.name)


def open_vector(path: str | Path, open_options: Sequence[str] = (), default_message: str = ""):
    """(dataset or None, GDAL's message): ``path`` opened read-only without ever changing it.

    Works whichever way GDAL's process-wide exception switch is set; a private copy
    that cannot be made is reported like any other failure to open.
    """
    try:
        with quiet_errors():
            dataset = gdal.OpenEx(
                readable_path(path), gdal.OF_VECTOR | gdal.OF_READONLY, open_options=list(open_options)
            )
            return dataset, last_error(default_message)
    except RuntimeError as error:  # raised instead of None when someone turned GDAL exceptions on
        return None, str(error)
    except OSError as error:  # the private copy could not be made (disk full, unreadable -wal)
        return None, f"无法复制文件以只读读取: {error.strerror or error}"


def _reading_would_write(source: Path) -> bool:
    header = _sqlite_header(source)
    if header is None:
        return False
    in_wal_mode = header[18] == WAL_VERSION or header[19] == WAL_VERSION
    return in_wal_mode or any(Path(f"{source}{suffix}").exists() for suffix in SIDECARS + LOCK_FILES)


def _sqlite_header(source: Path) -> bytes | None:
    """The first 100 bytes of a SQLite file; None for anything else (or an unreadable file)."""
    if not source.is_file():
        return None
    try:
        with source.open("rb") as handle:
            header = handle.read(100)
    except OSError:
        return None
    return header if len(header) == 100 and header.startswith(SQLITE_MAGIC) else None


def _signature(source: Path) -> tuple:
    """Size and mtime of the main file and its sidecars: a changed source gets a fresh copy."""
    parts = []
    for suffix in ("",) + SIDECARS:
        try:
            stat = Path(f"{source}{suffix}").stat()
        except OSError:
            parts.append(None)
        else:
            parts.append((stat.st_size, stat.st_mtime_ns))
    return tuple(parts)


def _private_copy(source: Path) -> Path:
    folder = Path(tempfile.mkdtemp(prefix="hengyang-readonly-"))
    try:
        shutil.copyfile(source, folder / source.name)
        for suffix in SIDECARS:
            sidecar = Path(f"{source}{suffix}")
            if sidecar.is_file():
                shutil.copyfile(sidecar, folder / f"{source.name}{suffix}")
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return folder


@atexit.register
def remove_private_copies() -> None:
    with _lock:
        for _unused, folder in _copies.values():
            shutil.rmtree(folder, ignore_errors=True)
        _copies.clear()
