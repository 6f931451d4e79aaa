"""规划成果质检: checks a plan database before anyone reviews against it (Qt-free).

``run_plan_qa(plan, feedback)`` opens the plan through ``core.plan.registry``
(read-only), reads each layer once (``layer_data``) and runs the rule
families: ``structure``, ``values``, ``geometry``, ``topology`` (shapely; on
PostGIS ``topology_sql`` in the database) and ``figures``. The rules, their
severity and basis are one table (``rules``); the result is a ``QaReport``
(``model``) whose ``to_dict()`` is qa.json.
"""

from .model import ERROR, WARNING, Finding, QaReport
from .runner import run_plan_qa

__all__ = ["ERROR", "WARNING", "Finding", "QaReport", "run_plan_qa"]
