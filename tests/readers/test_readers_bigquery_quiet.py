"""Both BigQuery paths (`scenario from-table --bigquery` and `actuals --bigquery`) are quiet:
google-api-core warns at import on Python 3.11 (a FutureWarning block, 2 lines, "Google will
stop supporting ..."), which would put lines before the one-line error or the report.

google-cloud-bigquery is not installed here (no BigQuery is run, nor claimed): a stub of the
few modules `run_bigquery` imports is put first on the child's PYTHONPATH. Its
`google.api_core` warns at import from a google.* module, as the real one does, and its
`Client` finds no credentials, as the real one does on a machine without them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

STUB = {
    "google/api_core/__init__.py": "from google.api_core import _python_version_support\n",
    "google/api_core/_python_version_support.py": (
        "import warnings\n"
        "warnings.warn('You are using a Python version (3.11) which Google will stop "
        "supporting', FutureWarning)\n"
    ),
    "google/api_core/exceptions.py": "class GoogleAPIError(Exception):\n    pass\n",
    "google/auth/__init__.py": "",
    "google/auth/exceptions.py": "class DefaultCredentialsError(Exception):\n    pass\n",
    "google/cloud/bigquery/__init__.py": (
        "import google.api_core\n"
        "from google.auth.exceptions import DefaultCredentialsError\n\n"
        "class QueryJobConfig:\n"
        "    def __init__(self, **kwargs):\n"
        "        pass\n\n"
        "class Client:\n"
        "    def __init__(self, project=None):\n"
        "        raise DefaultCredentialsError('Your default credentials were not found')\n"
    ),
}
NO_CREDENTIALS = "--bigquery: no Google credentials (gcloud auth application-default login)"


@pytest.fixture(scope="module")
def stub(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("google-stub")
    for name, text in STUB.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def child(stub: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(stub), "PYTHONWARNINGS": "default"}
    env.pop("COLUMNS", None)
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, env=env, timeout=120
    )


def test_the_stub_warns_at_import_as_google_api_core_does(stub):
    """The control: without the filter the stand-in's warning reaches stderr, so the tests
    below would see it leak."""
    done = child(stub, "-c", "import google.cloud.bigquery")
    assert done.returncode == 0, done.stderr
    assert "FutureWarning: You are using a Python version (3.11)" in done.stderr


def test_from_table_dry_run_prints_one_note_and_no_warning(stub):
    done = child(
        stub, "-m", "indexplan", "scenario", "from-table", "--bigquery",
        "--start", "2026-03-01", "--end", "2026-03-31", "--dry-run",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "FROM `bigquery-public-data`.pypi.file_downloads AS d" in done.stdout
    # the whole of stderr: the stub's 2-line warning would come first
    assert done.stderr == (
        f"note: no estimate of the bytes BigQuery would scan ({NO_CREDENTIALS}); "
        "nothing was queried\n"
    )


def test_from_table_run_is_one_line(stub):
    done = child(
        stub, "-m", "indexplan", "scenario", "from-table", "--bigquery",
        "--start", "2026-03-01", "--end", "2026-03-31",
    )  # fmt: skip
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.count("\n") == 1, done.stderr
    assert NO_CREDENTIALS in done.stderr


def test_actuals_from_a_bill_in_bigquery_is_one_line(stub):
    """The bills' path (costmodel/readers/bills/read.py `bigquery_lines`) shares
    `run_bigquery`, so it is quiet too."""
    done = child(
        stub, "-m", "indexplan", "actuals", "--bigquery",
        "my-project.billing.gcp_billing_export_v1_0123", "--stack", "all-gcp",
        "--month", "2026-05",
    )  # fmt: skip
    assert (done.returncode, done.stdout) == (2, ""), done.stderr
    assert done.stderr.count("\n") == 1, done.stderr
    assert NO_CREDENTIALS in done.stderr
