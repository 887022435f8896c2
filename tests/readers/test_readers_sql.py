"""The query engine: DuckDB reads files in place under a memory bound, and one query written in
DuckDB's dialect translates to BigQuery's with its table names qualified. No BigQuery query is
run here (no credentials); only the translation is checked."""

from __future__ import annotations

import pytest

from costmodel.errors import InputError
from costmodel.readers.sql import connect, for_bigquery, selected_columns

QUERY = """
SELECT strftime(ts, '%Y-%m') AS month, count(*) AS requests, sum(bytes) AS egress_bytes
FROM logs AS l
WHERE status < 400
GROUP BY 1
"""


def test_duckdb_reads_a_csv_in_place_and_aggregates(tmp_path):
    path = tmp_path / "logs.csv"
    path.write_text(
        "ts,bytes,status\n2026-01-31 23:59:59,100,200\n2026-02-01 00:00:00,50,200\n"
        "2026-02-01 00:00:01,7,404\n"
    )
    con = connect(threads=1)
    con.execute(f"CREATE VIEW logs AS SELECT * FROM read_csv('{path}')")
    rows = con.execute(QUERY + " ORDER BY 1").fetchall()
    # January: one request of 100 bytes; February: one of 50 (the 404 is filtered out)
    assert rows == [("2026-01", 1, 100), ("2026-02", 1, 50)]
    # 1 GB = 10^9 bytes, which DuckDB prints in binary units
    assert con.execute("SELECT current_setting('memory_limit')").fetchone()[0] == "953.6 MiB"


def test_translation_qualifies_the_table_and_selects_the_same_columns():
    bq = for_bigquery(QUERY, {"logs": "my-project.cdn.requests"})
    assert "FROM `my-project`.cdn.requests AS l" in bq
    assert "FORMAT" in bq.upper()  # strftime has no BigQuery twin of that name
    assert selected_columns(bq, "bigquery") == selected_columns(QUERY, "duckdb")
    assert selected_columns(QUERY, "duckdb") == ["month", "requests", "egress_bytes"]


@pytest.mark.parametrize("target", ["dataset.table", "a..c", "p.d.t.x"])
def test_a_table_that_is_not_project_dataset_table_is_one_line(target):
    with pytest.raises(InputError, match=r"PROJECT\.DATASET\.TABLE"):
        for_bigquery(QUERY, {"logs": target})
