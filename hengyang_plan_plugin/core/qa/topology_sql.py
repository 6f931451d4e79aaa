"""The topology jobs run in PostGIS: the same four questions as ``topology.ShapelyEngine``, answered in SQL.

Read-only (the connection is ``default_transaction_read_only``), identifiers
quoted by ``psycopg2.sql``, values bound. Pairs come from GiST ``&&`` joins on
the tables themselves (never all pairs); gaps are unioned per tile of an
``ST_SquareGrid``. Invalid geometries are repaired inside the statement only.
The raw pieces go back to ``topology.findings``, so both engines word and
filter findings alike.
"""

from __future__ import annotations

import numpy as np
import shapely

from .topology import TILE_COUNT, Job, Selection


class SqlEngine:
    def __init__(self, cursor, tables: dict):
        """``tables``: contract layer name → ``PostgisLayer`` (table, key, geometry, srid, columns)."""
        self._cursor = cursor
        self._tables = tables
        from ..plan.postgis_catalog import sql  # psycopg2 only for PostGIS plans

        self._sql = sql

    def run(self, job: Job):
        return getattr(self, job.kind)(job)

    # --- pieces of SQL -------------------------------------------------------------------------------

    def _valid(self, selection: Selection, alias: str):
        sql = self._sql
        g = sql.SQL("{}.{}").format(sql.Identifier(alias), self._tables[selection.layer].geometry)
        return sql.SQL(
            "ST_CollectionExtract(CASE WHEN ST_IsValid({g}) THEN ST_Force2D({g}) "
            "ELSE ST_MakeValid(ST_Force2D({g})) END, 3)"
        ).format(g=g)

    def _raw(self, selection: Selection, alias: str):
        sql = self._sql
        return sql.SQL("{}.{}").format(sql.Identifier(alias), self._tables[selection.layer].geometry)

    def _key(self, selection: Selection, alias: str):
        sql = self._sql
        return sql.SQL("{}.{}").format(sql.Identifier(alias), self._tables[selection.layer].key)

    def _where(self, selection: Selection, alias: str, parameter: str):
        """The selection's condition (geometry present; attribute value) and its bound values."""
        sql = self._sql
        conditions = [sql.SQL("{g} IS NOT NULL AND NOT ST_IsEmpty({g})").format(g=self._raw(selection, alias))]
        values = {}
        if selection.field is not None:
            column = self._tables[selection.layer].column_for(selection.field)
            conditions.append(
                sql.SQL("trim({}.{}::text) = %({})s").format(sql.Identifier(alias), column, sql.SQL(parameter))
            )
            values[parameter] = selection.value
        return sql.SQL(" AND ").join(conditions), values

    def _fragments(self, a: Selection, b: Selection):
        """The SQL pieces of selections ``a`` and ``b`` (aliases a, b: ka, va, ta, ga, where_a, …) and
        their bound values, for ``sql.SQL.format(**pieces)``; a statement uses the ones it names."""
        pieces, values = {}, {}
        for alias, selection in (("a", a), ("b", b)):
            where, bound = self._where(selection, alias, f"value_{alias}")
            pieces.update(
                {
                    f"k{alias}": self._key(selection, alias),
                    f"v{alias}": self._valid(selection, alias),
                    f"t{alias}": self._table(selection),
                    f"g{alias}": self._raw(selection, alias),
                    f"where_{alias}": where,
                }
            )
            values.update(bound)
        return pieces, values

    def _table(self, selection: Selection):
        return self._tables[selection.layer].table

    def _fetch(self, statement, parameters) -> list[tuple]:
        self._cursor.execute(statement, parameters)
        return self._cursor.fetchall()

    # --- the four questions --------------------------------------------------------------------------

    def _overlaps(self, a: Selection, b: Selection, ordered: bool):
        sql = self._sql
        pieces, values = self._fragments(a, b)
        statement = sql.SQL(
            "SELECT {ka}, {kb}, ST_AsBinary(ST_Intersection({va}, {vb})) "
            "FROM {ta} AS a JOIN {tb} AS b ON {ga} && {gb}{order} "
            "WHERE {where_a} AND {where_b} AND ST_Relate({va}, {vb}, '2********') ORDER BY 1, 2"
        ).format(
            order=sql.SQL(" AND {ka} < {kb}").format(**pieces) if ordered else sql.SQL(""),
            **pieces,
        )
        rows = self._fetch(statement, values)
        return [(int(fa), int(fb), shapely.from_wkb(bytes(wkb))) for fa, fb, wkb in rows if wkb is not None]

    def self_overlap(self, job: Job):
        return self._overlaps(job.subject, job.subject, ordered=True)

    def cross_overlap(self, job: Job):
        return self._overlaps(job.subject, job.other, ordered=False)

    def outside(self, job: Job):
        """Subjects not covered by one container feature, less the union of the containers near them.

        The containers (few, large) are repaired once in a CTE and drive the
        join, so each one's prepared geometry serves every subject under it.
        """
        sql = self._sql
        pieces, values = self._fragments(job.subject, job.other)
        statement = sql.SQL(
            "WITH c AS MATERIALIZED (SELECT {vb} AS g FROM {tb} AS b WHERE {where_b}), "
            "covered AS (SELECT DISTINCT {ka} AS fid FROM c JOIN {ta} AS a ON {ga} && c.g "
            "WHERE {where_a} AND ST_Covers(c.g, {va})) "
            "SELECT {ka}, ST_AsBinary(CASE WHEN u.g IS NULL THEN {va} ELSE ST_Difference({va}, u.g) END) "
            "FROM {ta} AS a LEFT JOIN LATERAL (SELECT ST_Union(c.g) AS g FROM c WHERE c.g && {ga}) AS u ON true "
            "WHERE {where_a} AND {ka} NOT IN (SELECT fid FROM covered) ORDER BY 1"
        ).format(**pieces)
        rows = self._fetch(statement, values)
        return [(int(fid), shapely.from_wkb(bytes(wkb))) for fid, wkb in rows if wkb is not None]

    def gaps(self, job: Job):
        sql = self._sql
        coverage, area = job.subject, job.other
        pieces, values = self._fragments(area, coverage)
        extent = self._fetch(
            sql.SQL(
                "SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) FROM (SELECT ST_Extent({ga}) AS e "
                "FROM {ta} AS a WHERE {where_a}) AS s"
            ).format(**pieces),
            values,
        )[0]
        if extent[0] is None:
            return []
        step = max(extent[2] - extent[0], extent[3] - extent[1]) / TILE_COUNT or 1.0
        statement = sql.SQL(
            "WITH tiles AS (SELECT (ST_SquareGrid(%(step)s, ST_MakeEnvelope(%(minx)s, %(miny)s, %(maxx)s, "
            "%(maxy)s, %(srid)s))).geom AS tile) "
            "SELECT ST_AsBinary(CASE WHEN c.g IS NULL THEN w.g ELSE ST_Difference(w.g, c.g) END) FROM tiles "
            "CROSS JOIN LATERAL (SELECT ST_Union(ST_Intersection({va}, tiles.tile)) AS g FROM {ta} AS a "
            "WHERE {ga} && tiles.tile AND {where_a}) AS w "
            "LEFT JOIN LATERAL (SELECT ST_Union(ST_Intersection({vb}, tiles.tile)) AS g FROM {tb} AS b "
            "WHERE {gb} && tiles.tile AND {where_b}) AS c ON true WHERE w.g IS NOT NULL"
        ).format(**pieces)
        parameters = {
            **values,
            "step": float(step),
            "minx": float(extent[0]),
            "miny": float(extent[1]),
            "maxx": float(extent[2]),
            "maxy": float(extent[3]),
            "srid": self._tables[area.layer].srid,
        }
        rows = self._fetch(statement, parameters)
        pieces = shapely.from_wkb(np.array([bytes(r[0]) for r in rows if r[0] is not None], dtype=object))
        pieces = [p for p in pieces if p is not None and not p.is_empty and p.area > 0]
        return [shapely.union_all(pieces)] if pieces else []
