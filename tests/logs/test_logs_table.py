"""`scenario from-table`: the same figures from PyPI-shaped download tables, by one query run
by DuckDB on Parquet; its BigQuery translation is only checked here (no credentials: no
BigQuery query is run, and none is claimed)."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml
from log_helpers import refused, run

from costmodel.readers.downloads import PYPI_TABLES, TableOptions, bigquery_sql, query
from costmodel.readers.sql import selected_columns
from tests.logs.generate import Spec, table_truth, write_download_table


def from_table(capsys, downloads, metadata, *args: str) -> tuple[str, str]:
    code, out, err = run(
        capsys,
        "scenario",
        "from-table",
        "--downloads",
        str(downloads),
        "--metadata",
        str(metadata),
        *args,
    )
    assert code == 0, err
    return out, err


def test_table_gives_the_truth(capsys, tmp_path, table):
    out = tmp_path / "pypi.yaml"
    _, err = from_table(capsys, *table, "-o", str(out))
    doc = yaml.safe_load(out.read_text())
    # one download per CDN request of the logs, each of a file whose size is the request's:
    # the logs' truth (test_logs_truth.py), 6,301,680,000 bytes and 5,208 downloads
    assert doc["traffic"]["egress"] == "6301680000 B/month"
    assert doc["traffic"]["requests"] == "5208/month"
    assert doc["traffic"]["regions"]["india"] == pytest.approx(1 / 14)  # by country: IN
    assert "cache_hit_ratio" not in doc["traffic"]
    # uploads: 7 releases on 2026-03-01 and 31 daily files = 38; stored: the three months'
    # releases 7,000,000 x (1 + 1.1 + 1.21) = 23,170,000 plus 90 x 10,000 = 24,070,000
    assert table_truth(Spec()) == (38, 24_070_000)
    assert doc["storage"] == {"stored": "24070000 B", "uploads": "38/month"}
    assert doc["peaks"]["hour"] == {"egress": 4.0, "requests": 4.0}
    assert doc["growth"] == {"per_year": 3.1384}
    assert "the table has no cache status" in err


def test_a_window_and_a_download_of_an_unlisted_file(capsys, tmp_path):
    table = write_download_table(Spec(), tmp_path / "t", unlisted=True)
    out, err = from_table(capsys, *table, "--start", "2026-03-01", "--end", "2026-03-31")
    doc = yaml.safe_load(out)
    # template 6's March file is not in the metadata: its 744 downloads count as requests,
    # and its 744 x 605,000 bytes (500,000 x 1.21) are missing from the egress
    assert doc["traffic"]["requests"] == "5208/month"
    assert doc["traffic"]["egress"] == f"{6_301_680_000 - 744 * 605_000} B/month"
    assert "744 downloads (14.29%) are of files the metadata does not list" in err
    # stored: the releases before March come from the "before the window" part of the query
    assert doc["storage"]["stored"] == f"{24_070_000 - 605_000} B"


def test_the_bigquery_translation_parses_and_selects_the_same_columns():
    options = TableOptions(start=dt.date(2026, 3, 1), end=dt.date(2026, 3, 31))
    duck = query(options)
    bq = bigquery_sql(options)
    columns = ["kind", "period", "location", "requests", "bytes", "unsized", "first_ts", "last_ts"]
    assert selected_columns(duck, "duckdb") == columns
    assert selected_columns(bq, "bigquery") == columns  # parses as BigQuery SQL
    assert "FROM `bigquery-public-data`.pypi.file_downloads AS d" in bq
    # the window is a TIMESTAMP in BigQuery (not a DATETIME, which would not compare)
    assert "d.timestamp < CAST('2026-04-01 00:00:00+00' AS TIMESTAMP)" in bq
    assert "TIMESTAMP_TRUNC(d.timestamp, HOUR)" in bq and "GROUPING SETS" in bq


def test_bigquery_needs_a_window(capsys):
    err = refused(capsys, "scenario", "from-table", "--bigquery", "--dry-run")
    assert "--bigquery: give --start and --end" in err


BQ_WINDOW = ("--bigquery", "--start", "2026-03-01", "--end", "2026-03-31")


def test_bigquery_without_its_client_is_one_line(capsys):
    try:
        import google.cloud.bigquery  # noqa: F401

        pytest.skip("google-cloud-bigquery is installed here")
    except ImportError:
        pass
    err = refused(capsys, "scenario", "from-table", *BQ_WINDOW)
    assert "needs google-cloud-bigquery: pip install 'indexplan[bigquery]'" in err


def test_bigquery_dry_run_prints_the_sql_without_an_estimate(capsys, monkeypatch):
    """The translated SQL needs neither the client library nor credentials: it is printed,
    then one line says why there is no estimate; nothing is queried. (That Google's import
    warnings stay out of it: tests/readers/test_readers_bigquery_quiet.py.)"""
    from costmodel.errors import InputError
    from costmodel.readers import downloads

    def no_credentials(sql, project, dry_run, params=()):
        assert dry_run
        raise InputError("--bigquery", "", "no Google credentials (gcloud auth ...)")

    monkeypatch.setattr(downloads, "run_bigquery", no_credentials)
    code, out, err = run(capsys, "scenario", "from-table", *BQ_WINDOW, "--dry-run")
    assert code == 0
    assert "FROM `bigquery-public-data`.pypi.file_downloads AS d" in out
    assert "would process" not in out  # no estimate is claimed
    assert err == (
        "note: no estimate of the bytes BigQuery would scan (--bigquery: no Google "
        "credentials (gcloud auth ...)); nothing was queried\n"
    )


def test_dry_run_without_bigquery_prints_the_duckdb_query(capsys):
    code, out, _ = run(capsys, "scenario", "from-table", "--dry-run", "--start", "2026-03-01")
    assert code == 0
    assert "d.timestamp >= TIMESTAMPTZ '2026-03-01 00:00:00+00'" in out
    assert set(PYPI_TABLES) == {"file_downloads", "distribution_metadata"}


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ([], "--downloads: give the Parquet export of bigquery-public-data.pypi.file_downloads"),
        (["--start", "2026-02-30"], "--start: '2026-02-30': expected a date, YYYY-MM-DD"),
        (["--start", "2026-03-02", "--end", "2026-03-01"], "--start: 2026-03-02: is after --end"),
        (
            [
                "--bigquery",
                "--downloads-table",
                "pypi.file_downloads",
                "--start",
                "2026-03-01",
                "--end",
                "2026-03-31",
                "--dry-run",
            ],
            "--bigquery: pypi.file_downloads: expected PROJECT.DATASET.TABLE",
        ),
    ],
)
def test_bad_options(capsys, args, expected):
    assert expected in refused(capsys, "scenario", "from-table", *args)


def test_a_parquet_file_without_the_columns(capsys, tmp_path, table):
    import duckdb

    downloads, _ = table
    odd = tmp_path / "odd.parquet"
    duckdb.execute(f"COPY (SELECT 1 AS timestamp) TO '{odd}' (FORMAT parquet)")
    err = refused(
        capsys, "scenario", "from-table", "--downloads", str(downloads), "--metadata", str(odd)
    )
    assert f"--metadata {odd}: filename, size, upload_time: missing" in err

    text = tmp_path / "text.parquet"
    text.write_text("not parquet")
    err = refused(
        capsys, "scenario", "from-table", "--downloads", str(text), "--metadata", str(odd)
    )
    assert f"--downloads {text}: not a readable Parquet file" in err


def test_a_file_the_metadata_lists_twice_counts_once(capsys, tmp_path):
    """March 2026: a-1.0.whl (1 MB, uploaded in January) downloaded twice, b-2.0.tar.gz (3 MB,
    uploaded 2026-03-10 and listed twice in the metadata) downloaded twice. Egress 2 x 1 MB +
    2 x 3 MB = 8,000,000 B; uploads in March: b once; stored: a before March and b, 4,000,000 B
    (counting b's rows would give 7,000,000 B and 2 uploads). c-0.1.zip is not listed: requests
    only, and its downloads on the first and last minute make the span the whole month."""
    import duckdb

    downloads, metadata = tmp_path / "dl.parquet", tmp_path / "md.parquet"
    rows = [  # an unlisted file on the first and the last minute: the whole month is covered
        ("2026-03-01 00:00:00", "c-0.1.zip"),
        ("2026-03-31 23:59:00", "c-0.1.zip"),
        ("2026-03-02 10:00:00", "a-1.0.whl"),
        ("2026-03-12 11:00:00", "a-1.0.whl"),
        ("2026-03-15 12:00:00", "b-2.0.tar.gz"),
        ("2026-03-20 13:00:00", "b-2.0.tar.gz"),
    ]
    values = ", ".join(
        f"(TIMESTAMPTZ '{ts}+00', 'US', {{'filename': '{name}'}})" for ts, name in rows
    )
    duckdb.execute(
        f"COPY (SELECT * FROM (VALUES {values}) AS t(timestamp, country_code, file)) "
        f"TO '{downloads}' (FORMAT parquet)"
    )
    duckdb.execute(
        "COPY (SELECT * FROM (VALUES "
        "('a-1.0.whl', 1000000, TIMESTAMPTZ '2026-01-01 00:00:00+00'), "
        "('b-2.0.tar.gz', 3000000, TIMESTAMPTZ '2026-03-10 00:00:00+00'), "
        "('b-2.0.tar.gz', 3000000, TIMESTAMPTZ '2026-03-10 00:00:00+00')"
        f") AS t(filename, size, upload_time)) TO '{metadata}' (FORMAT parquet)"
    )
    out, _ = from_table(capsys, downloads, metadata, "--month", "2026-03")
    doc = yaml.safe_load(out)
    assert doc["traffic"]["egress"] == "8000000 B/month"
    assert doc["storage"] == {"stored": "4000000 B", "uploads": "1/month"}


def test_a_bad_file_after_the_first_in_a_glob(capsys, tmp_path, table):
    """Every file of a glob is checked, not only the first: one line naming the file, exit 2
    (it was an internal error, exit 70)."""
    import shutil

    downloads, metadata = table
    shards = tmp_path / "shards"
    shards.mkdir()
    shutil.copy(downloads, shards / "a.parquet")
    shutil.copy(metadata, shards / "meta.parquet")  # the glob also catches the metadata
    err = refused(
        capsys,
        "scenario",
        "from-table",
        "--downloads",
        str(shards / "*.parquet"),
        "--metadata",
        str(metadata),
    )
    where = f"--downloads {shards / 'meta.parquet'}"
    assert err.startswith(f"{where}: timestamp, country_code, file: missing; expected an export")

    (shards / "meta.parquet").unlink()
    (shards / "z.parquet").write_bytes(b"PAR1\n")  # a shard cut short by its download
    err = refused(
        capsys,
        "scenario",
        "from-table",
        "--downloads",
        str(shards / "*.parquet"),
        "--metadata",
        str(metadata),
    )
    assert err.startswith(f"--downloads {shards / 'z.parquet'}: not a readable Parquet file")


def test_a_scaled_window_is_written_without_float_noise(capsys, table):
    # February 1st to 10th: 240 hours of 7 downloads and 7,700,000 bytes (1.1 x 7,000,000),
    # 1,680 downloads and 1,848,000,000 bytes; uploads: February's 7 releases (on the 1st)
    # and one file a day, 17. Scale 730.5 / 240 = 3.04375: 5,113.5 requests,
    # 5,624,850,000 bytes and 51.74375 uploads, written to the hundredth: 51.74 (it was
    # 51.743750000000006).
    out, _ = from_table(capsys, *table, "--start", "2026-02-01", "--end", "2026-02-10")
    doc = yaml.safe_load(out)
    assert doc["traffic"]["egress"] == "5624850000 B/month"
    assert doc["traffic"]["requests"] == "5113.5/month"
    assert doc["storage"]["uploads"] == "51.74/month"
