"""A stand-in for google-cloud-bigquery, for the `actuals --bigquery` tests (no BigQuery is run
here, nor claimed): the few modules `costmodel.readers.sql.run_bigquery` imports, put in
`sys.modules`, whose `Client.query` runs the query it is given in DuckDB over tables the test
loads. The query arrives in BigQuery's dialect, as BigQuery would get it; sqlglot translates it
back to DuckDB's (NUMERIC as BigQuery's own, 38 digits with 9 after the point), and its table
names are the tables the test loaded under those names. Every query run is kept, in order."""

from __future__ import annotations

import contextlib
import sys
import types
from typing import Any

import duckdb
import sqlglot
from sqlglot import exp


class _Row:
    def __init__(self, values: dict[str, Any]) -> None:
        self._values = values

    def items(self):  # type: ignore[no-untyped-def]
        return self._values.items()


class _Job:
    def __init__(self, rows: list[dict[str, Any]]) -> None:
        self.rows = rows
        self.total_bytes_processed = 0

    def result(self) -> list[_Row]:
        return [_Row(r) for r in self.rows]


class StubBigQuery:
    def __init__(self) -> None:
        self.con = duckdb.connect()
        self.con.execute("SET GLOBAL TimeZone = 'UTC'")  # BigQuery's TIMESTAMP is UTC
        self.tables: dict[str, str] = {}
        self.queries: list[str] = []

    def load(self, table: str, select: str) -> None:
        """`table` (PROJECT.DATASET.TABLE) holds the rows of `select` (DuckDB SQL)."""
        local = f"t{len(self.tables)}"
        self.con.execute(f"CREATE TABLE {local} AS {select}")
        self.tables[table] = local

    def run(self, sql: str) -> _Job:
        self.queries.append(sql)
        tree = sqlglot.parse_one(sql, read="bigquery")
        for table in list(tree.find_all(exp.Table)):
            name = ".".join(p for p in (table.catalog, table.db, table.name) if p)
            if name in self.tables:
                table.set("catalog", None)
                table.set("db", None)
                table.set("this", exp.to_identifier(self.tables[name]))
        for kind in list(tree.find_all(exp.DataType)):
            if kind.this == exp.DataType.Type.DECIMAL and not kind.expressions:
                kind.replace(exp.DataType.build("DECIMAL(38, 9)"))
        result = self.con.execute(tree.sql(dialect="duckdb"))
        names = [d[0] for d in result.description or ()]
        return _Job([dict(zip(names, row, strict=True)) for row in result.fetchall()])

    def modules(self) -> dict[str, types.ModuleType]:
        """The modules `run_bigquery` imports, by name."""
        stub = self

        class Client:
            def __init__(self, project: str | None = None) -> None:
                self.project = project

            def query(self, sql: str, job_config: object = None) -> _Job:
                return stub.run(sql)

        class QueryJobConfig:
            def __init__(self, **kwargs: object) -> None:
                self.kwargs = kwargs

        made: dict[str, types.ModuleType] = {}
        for name in ("google", "google.cloud", "google.cloud.bigquery", "google.auth",
                     "google.auth.exceptions", "google.api_core",
                     "google.api_core.exceptions"):  # fmt: skip
            made[name] = types.ModuleType(name)
        # `google` and `google.cloud` are namespace packages other libraries installed here
        # share (google.protobuf): theirs still import from where they are
        for name in ("google", "google.cloud"):
            made[name].__path__ = list(getattr(sys.modules.get(name), "__path__", []))
        bigquery = made["google.cloud.bigquery"]
        bigquery.Client = Client  # type: ignore[attr-defined]
        bigquery.QueryJobConfig = QueryJobConfig  # type: ignore[attr-defined]
        made["google.cloud"].bigquery = bigquery  # type: ignore[attr-defined]
        made["google.auth.exceptions"].DefaultCredentialsError = type(  # type: ignore[attr-defined]
            "DefaultCredentialsError", (Exception,), {}
        )
        made["google.api_core.exceptions"].GoogleAPIError = type(  # type: ignore[attr-defined]
            "GoogleAPIError", (Exception,), {}
        )
        made["google.auth"].exceptions = made["google.auth.exceptions"]  # type: ignore[attr-defined]
        made["google.api_core"].exceptions = made["google.api_core.exceptions"]  # type: ignore[attr-defined]
        made["google"].cloud = made["google.cloud"]  # type: ignore[attr-defined]
        made["google"].auth = made["google.auth"]  # type: ignore[attr-defined]
        made["google"].api_core = made["google.api_core"]  # type: ignore[attr-defined]
        return made

    def install(self, monkeypatch) -> None:  # type: ignore[no-untyped-def]
        with contextlib.suppress(ImportError):  # the namespace packages, where installed
            import google.cloud  # noqa: F401
        for name, module in self.modules().items():
            monkeypatch.setitem(sys.modules, name, module)
