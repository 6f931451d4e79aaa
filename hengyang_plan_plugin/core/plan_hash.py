"""The plan's SHA-256 (for 留痕 and the report footer), once per plan version, never on the caller's thread.

A city-scale plan file takes longer to hash than a review takes, and the dock
must never hash on QGIS's main thread. The registry opens one backend per plan
version, so one hash per backend is one hash per version; it starts as soon
as the plan is opened and runs beside the review on its own thread.
"""

from __future__ import annotations

import logging
import threading
import weakref
from concurrent.futures import Future, ThreadPoolExecutor

_LOGGER = logging.getLogger(__name__)
_LOCK = threading.Lock()
_FUTURES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_POOL: ThreadPoolExecutor | None = None
THREAD_PREFIX = "hengyang-plan-hash"


def _pool() -> ThreadPoolExecutor:
    global _POOL
    if _POOL is None:
        _POOL = ThreadPoolExecutor(max_workers=1, thread_name_prefix=THREAD_PREFIX)
    return _POOL


def start_plan_hash(plan) -> Future:
    """The hash of an opened plan as a future (started once per plan backend)."""
    with _LOCK:
        future = _FUTURES.get(plan)
        if future is None:
            known = plan.known_sha256()
            if known:
                future = Future()
                future.set_result(known)
            else:
                future = _pool().submit(plan.sha256)
            _FUTURES[plan] = future
        return future


def plan_sha256(plan, timeout: float | None = None) -> str | None:
    """Wait for the plan's hash; None (and a warning in the log) when it cannot be computed."""
    try:
        return start_plan_hash(plan).result(timeout)
    except Exception as error:  # an unreadable plan file must not fail a finished review
        _LOGGER.warning("规划数据哈希计算失败 %s: %s", getattr(plan, "source", plan), error)
        return None


def forget_plan_hashes() -> None:
    """Drop remembered hashes (tests; after close_plans the backends are new anyway)."""
    with _LOCK:
        _FUTURES.clear()
