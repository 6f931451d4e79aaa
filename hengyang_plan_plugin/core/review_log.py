"""The review log (留痕): one SQLite row per review, whatever ran it.

Every review appends exactly one record through ``record_review``, called
once, by the review pipeline (``core/pipeline.py``), which already knows the
entry point, the reviewer, the report folder and the plan hash. A record keeps what an auditor asks for: when,
who, which submission and plan (SHA-256 of both), the proposed land use, the
verdict, each check's status, and the whole review.json, so a report can be
rebuilt and two versions of a case compared even when the report files are gone.
Records are never rewritten (only an empty report_dir is filled in once the report is written).

Where the log lives: ``$HENGYANG_REVIEW_LOG`` when set, else
``<default dir>/hengyang_review_log.sqlite`` where the caller passes the
default dir: the plugin calls ``configure`` with QGIS's settings folder
(``qgis_adapters/review_log_setup.py``). With neither, nothing is logged.
Qt-free; every call opens its own short connection, so the dock, a Processing
thread and a batch can share one file.
"""

from __future__ import annotations

import datetime as _dt
import getpass
import json
import logging
import os
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ENV_VAR = "HENGYANG_REVIEW_LOG"
LOG_FILENAME = "hengyang_review_log.sqlite"
SCHEMA_VERSION = 1
# A log locked by another process (an open DB browser, a stuck writer) may cost a review at most
# this long; the review then goes on without its record and says so.
BUSY_TIMEOUT_S = 1.0

# Where a review came from.
ENTRY_DOCK = "dock"
ENTRY_PROCESSING = "processing"
ENTRY_BATCH = "batch"
ENTRY_API = "api"
ENTRY_LABELS = {ENTRY_DOCK: "面板", ENTRY_PROCESSING: "处理工具", ENTRY_BATCH: "批量审查", ENTRY_API: "接口"}

_LOGGER = logging.getLogger(__name__)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS reviews (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    time TEXT NOT NULL,
    reviewer TEXT NOT NULL DEFAULT '',
    entry TEXT NOT NULL DEFAULT '',
    submission_name TEXT NOT NULL DEFAULT '',
    submission_source TEXT NOT NULL DEFAULT '',
    submission_sha256 TEXT,
    plan_source TEXT NOT NULL DEFAULT '',
    plan_sha256 TEXT,
    land_use TEXT,
    verdict TEXT NOT NULL,
    site_area_m2 REAL,
    checks_json TEXT NOT NULL,
    report_dir TEXT,
    result_json TEXT,
    project_name TEXT NOT NULL DEFAULT '',
    document_number TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS reviews_time ON reviews (time);
CREATE INDEX IF NOT EXISTS reviews_submission ON reviews (submission_name);
"""

_COLUMNS = (
    "id",
    "time",
    "reviewer",
    "entry",
    "submission_name",
    "submission_source",
    "submission_sha256",
    "plan_source",
    "plan_sha256",
    "land_use",
    "verdict",
    "site_area_m2",
    "checks_json",
    "report_dir",
    "project_name",
    "document_number",
)
# Columns added after the first release: an older log file gets them on first open.
_ADDED_COLUMNS = (
    ("project_name", "TEXT NOT NULL DEFAULT ''"),
    ("document_number", "TEXT NOT NULL DEFAULT ''"),
)

_READY: set[str] = set()  # log files whose table this process has made sure of

_defaults_lock = threading.Lock()
_defaults: dict[str, str | None] = {"default_dir": None, "reviewer": None}


def configure(default_dir: str | os.PathLike | None = None, reviewer: str | None = None) -> None:
    """Set the folder for the default log file and the default reviewer (the plugin calls this)."""
    with _defaults_lock:
        if default_dir is not None:
            _defaults["default_dir"] = str(default_dir)
        if reviewer is not None:
            _defaults["reviewer"] = reviewer


def reset() -> None:
    """Forget what ``configure`` set (the plugin's unload)."""
    with _defaults_lock:
        _defaults["default_dir"] = None
        _defaults["reviewer"] = None


def resolve_log_path(default_dir: str | os.PathLike | None = None) -> Path | None:
    """``$HENGYANG_REVIEW_LOG``, else the log file in default_dir (or the configured one), else None."""
    env = os.environ.get(ENV_VAR, "").strip()
    if env:
        return Path(env).expanduser()
    folder = default_dir if default_dir is not None else _defaults["default_dir"]
    return Path(folder) / LOG_FILENAME if folder else None


def default_reviewer() -> str:
    """The configured reviewer, else the operating-system user."""
    if _defaults["reviewer"]:
        return str(_defaults["reviewer"])
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry (containers)
        return ""


def _now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")


def _as_dict(result: Any) -> dict[str, Any]:
    return result.to_dict() if hasattr(result, "to_dict") else dict(result)


@dataclass(frozen=True)
class ReviewRecord:
    id: int
    time: str  # ISO 8601, UTC
    reviewer: str
    entry: str
    submission_name: str
    submission_source: str
    submission_sha256: str | None
    plan_source: str
    plan_sha256: str | None
    land_use: str | None
    verdict: str
    site_area_m2: float | None
    checks: dict[str, str]  # check id -> status, in review order
    report_dir: str | None
    project_name: str = ""  # 项目名称 and 文号 as typed in the dock: how a case is found again
    document_number: str = ""

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> ReviewRecord:
        values = {key: row[key] for key in _COLUMNS if key != "checks_json"}
        return cls(checks=json.loads(row["checks_json"] or "{}"), **values)

    def local_time(self) -> str:
        """The time in the computer's time zone, ``YYYY-MM-DD HH:MM:SS``."""
        try:
            moment = _dt.datetime.fromisoformat(self.time)
        except ValueError:
            return self.time
        return moment.astimezone().strftime("%Y-%m-%d %H:%M:%S")


_local = threading.local()  # per thread: log path -> open connection


def _connection(path: Path) -> sqlite3.Connection:
    """This thread's connection to the log file, kept open: in WAL mode closing the last
    connection checkpoints the file, which would cost more than the review's record."""
    connections = getattr(_local, "connections", None)
    if connections is None:
        connections = _local.connections = {}
    key = str(path.absolute())
    connection = connections.get(key)
    if connection is None or not path.is_file():
        connection = sqlite3.connect(key, timeout=BUSY_TIMEOUT_S)
        connection.row_factory = sqlite3.Row
        # With WAL, NORMAL sync survives application crashes and skips an fsync per review.
        connection.execute("PRAGMA synchronous=NORMAL")
        connections[key] = connection
    return connection


def close_connections() -> None:
    """Close this thread's log connections (plugin unload, tests)."""
    for connection in getattr(_local, "connections", {}).values():
        connection.close()
    _local.connections = {}


class ReviewLog:
    """One log file. Opening creates the file and its table when missing."""

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)
        key = str(self.path.absolute())
        if key in _READY and self.path.is_file():
            return  # table made by an earlier handle of this process
        self.path.parent.mkdir(parents=True, exist_ok=True)
        connection = self._connect()
        # WAL: readers (the dock tab) never block a writing batch (persistent per file).
        connection.execute("PRAGMA journal_mode=WAL")
        with connection:
            connection.executescript(_SCHEMA)
            present = {row["name"] for row in connection.execute("PRAGMA table_info(reviews)")}
            for name, kind in _ADDED_COLUMNS:
                if name not in present:
                    connection.execute(f"ALTER TABLE reviews ADD COLUMN {name} {kind}")
            connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        _READY.add(key)

    def _connect(self) -> sqlite3.Connection:
        return _connection(self.path)

    def _run(self, sql: str, params: tuple | list = ()) -> list[sqlite3.Row]:
        connection = self._connect()
        with connection:  # commits, or rolls back on error
            return connection.execute(sql, params).fetchall()

    def append(
        self,
        result: Any,
        *,
        entry: str = ENTRY_API,
        reviewer: str | None = None,
        report_dir: str | os.PathLike | None = None,
        time: str | None = None,
        project_name: str = "",
        document_number: str = "",
    ) -> int:
        """Add one review (a ReviewResult or its review.json dict); returns the record id."""
        data = _as_dict(result)
        submission = data.get("submission") or {}
        plan = data.get("plan") or {}
        checks = {str(check.get("id")): str(check.get("status")) for check in data.get("checks") or []}
        row = (
            time or _now(),
            default_reviewer() if reviewer is None else reviewer,
            entry,
            str(submission.get("name") or ""),
            str(submission.get("source") or ""),
            submission.get("sha256"),
            str(plan.get("source") or ""),
            plan.get("sha256"),
            data.get("land_use"),
            str(data.get("verdict") or ""),
            submission.get("area_m2"),
            json.dumps(checks, ensure_ascii=False),
            str(report_dir) if report_dir else None,
            json.dumps(data, ensure_ascii=False, default=str),
            project_name or "",
            document_number or "",
        )
        connection = self._connect()
        with connection:
            cursor = connection.execute(
                "INSERT INTO reviews (time, reviewer, entry, submission_name, submission_source,"
                " submission_sha256, plan_source, plan_sha256, land_use, verdict, site_area_m2,"
                " checks_json, report_dir, result_json, project_name, document_number)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                row,
            )
            return int(cursor.lastrowid)

    def records(
        self,
        text: str | None = None,
        verdict: str | None = None,
        entry: str | None = None,
        since: str | None = None,
        until: str | None = None,
        limit: int | None = 1000,
    ) -> list[ReviewRecord]:
        """Records newest first. ``text`` matches name, source, reviewer, land use or a hash prefix;
        ``since``/``until`` are ISO dates or times (``until`` a date includes that whole day)."""
        where, params = [], []
        if text:
            like = f"%{text.strip()}%"
            where.append(
                "(submission_name LIKE ? OR submission_source LIKE ? OR reviewer LIKE ?"
                " OR land_use LIKE ? OR project_name LIKE ? OR document_number LIKE ?"
                " OR submission_sha256 LIKE ?)"
            )
            params += [like, like, like, like, like, like, f"{text.strip()}%"]
        if verdict:
            where.append("verdict = ?")
            params.append(verdict)
        if entry:
            where.append("entry = ?")
            params.append(entry)
        if since:
            where.append("time >= ?")
            params.append(since)
        if until:
            where.append("time < ?")
            params.append(until + ("T99" if len(until) == 10 else ""))
        sql = "SELECT {} FROM reviews".format(", ".join(_COLUMNS))
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY time DESC, id DESC"
        if limit:
            sql += f" LIMIT {int(limit)}"
        return [ReviewRecord.from_row(row) for row in self._run(sql, params)]

    def set_report_dir(self, record_id: int, report_dir: str | os.PathLike) -> bool:
        """Where the report of a logged review was written, once it is (the dock exports after the
        review). Only an empty report_dir is filled: what a record says is never rewritten."""
        connection = self._connect()
        with connection:
            cursor = connection.execute(
                "UPDATE reviews SET report_dir = ? WHERE id = ? AND COALESCE(report_dir, '') = ''",
                (str(report_dir), record_id),
            )
            return cursor.rowcount == 1

    def get(self, record_id: int) -> ReviewRecord | None:
        rows = self._run("SELECT {} FROM reviews WHERE id = ?".format(", ".join(_COLUMNS)), (record_id,))
        return ReviewRecord.from_row(rows[0]) if rows else None

    def result(self, record_id: int) -> dict[str, Any] | None:
        """The review.json of a record, as logged."""
        rows = self._run("SELECT result_json FROM reviews WHERE id = ?", (record_id,))
        if not rows or not rows[0]["result_json"]:
            return None
        return json.loads(rows[0]["result_json"])

    def previous_version(self, record: ReviewRecord) -> ReviewRecord | None:
        """The latest earlier review of the same case (same submission name) with a different file."""
        rows = self._run(
            "SELECT {} FROM reviews WHERE submission_name = ? AND id != ?"
            " AND (time < ? OR (time = ? AND id < ?))"
            " AND COALESCE(submission_sha256, '') != COALESCE(?, '')"
            " ORDER BY time DESC, id DESC LIMIT 1".format(", ".join(_COLUMNS)),
            (
                record.submission_name,
                record.id,
                record.time,
                record.time,
                record.id,
                record.submission_sha256,
            ),
        )
        return ReviewRecord.from_row(rows[0]) if rows else None

    def count(self) -> int:
        return int(self._run("SELECT COUNT(*) AS n FROM reviews")[0]["n"])


def record_review(
    result: Any,
    *,
    entry: str = ENTRY_API,
    reviewer: str | None = None,
    report_dir: str | os.PathLike | None = None,
    path: str | os.PathLike | None = None,
    errors: list[str] | None = None,
    project_name: str = "",
    document_number: str = "",
) -> int | None:
    """Append a review to the log; the pipeline's one call per review.

    Returns the record id, or None when no log is configured or the log cannot
    be written: a broken log must never fail a review, so that goes to the
    logger (the plugin shows it in the message log and the message bar) and
    into ``errors`` for the caller to report (Processing, the CLI).
    """
    log_path = Path(path) if path else resolve_log_path()
    if log_path is None:
        return None
    try:
        return ReviewLog(log_path).append(result, entry=entry, reviewer=reviewer, report_dir=report_dir,
                                          project_name=project_name, document_number=document_number)
    except (sqlite3.Error, OSError, TypeError, ValueError) as error:
        _LOGGER.warning("审查留痕写入失败 %s: %s", log_path, error)
        if errors is not None:
            errors.append(f"审查留痕未写入（{log_path}: {error}），本次审查没有留痕记录")
        return None
