"""Options that cannot apply are refused (one line, exit 2), not ignored; a file given by
two names, hard links included, is read once."""

from __future__ import annotations

import os

import yaml
from log_helpers import refused, run


def test_fastly_options_on_other_logs(capsys, logs):
    day = str(logs["cloudfront"] / "cloudfront-2026-03-05.gz")
    err = refused(capsys, "scenario", "from-logs", day, "--field", "bytes=resp_bytes")
    assert err == "--field: applies to Fastly logs only; these are cloudfront logs\n"
    err = refused(capsys, "scenario", "from-logs", day, "--regions-by", "country")
    assert err == "--regions-by: applies to Fastly logs only; these are cloudfront logs\n"


def test_a_report_format_without_output(capsys, logs, table):
    # without --output stdout is the scenario's YAML: a report format there means nothing
    day = str(logs["cloudfront"] / "cloudfront-2026-03-05.gz")
    expected = "--format: json: the report is printed with --output"
    assert refused(capsys, "scenario", "from-logs", day, "-f", "json").startswith(expected)
    downloads, metadata = map(str, table)
    args = ("from-table", "--downloads", downloads, "--metadata", metadata, "-f", "csv")
    assert refused(capsys, "scenario", *args).startswith("--format: csv: the report")


def test_a_hard_link_is_the_same_file(capsys, tmp_path, logs):
    # The CloudFront file of March 5th holds 168 lines (March 4th's 23:59:59 and the 5th's
    # but its own 23:59:59): given as itself and as a hard link, 168 lines are read, not 336.
    day = logs["cloudfront"] / "cloudfront-2026-03-05.gz"
    link = tmp_path / "same-day.gz"
    os.link(day, link)
    out = tmp_path / "s.yaml"
    code, _, err = run(capsys, "scenario", "from-logs", str(day), str(link), "-o", str(out))
    assert code == 0, err
    source = yaml.safe_load(out.read_text())["source"]
    assert "cloudfront-2026-03-05.gz, 168 lines;" in source
    assert "same-day.gz" not in source  # the first name given is the one shown


def test_two_formats_of_one_side_in_log_format(capsys, logs):
    """One run reads one CDN's logs (and at most one origin's): a list naming two CDNs, or two
    origins, is refused before any file is opened (the path given does not even exist)."""
    missing = "no-such-dir/none.log"
    err = refused(capsys, "scenario", "from-logs", "-l", "cloudfront,fastly", missing)
    assert err == (
        "--log-format: cloudfront,fastly: two cdn log formats (cloudfront and fastly); a run "
        "reads one CDN's logs, with at most one origin's beside them (e.g. fastly,gcs-usage)\n"
    )
    err = refused(capsys, "scenario", "from-logs", "-l", "fastly,s3-access,gcs-usage", missing)
    assert err.startswith("--log-format: fastly,s3-access,gcs-usage: two origin log formats ")
    assert "(s3-access and gcs-usage)" in err
    # a CDN with its origin is the pair the option is for
    day = str(logs["fastly"] / "fastly-2026-03-05.json.gz")
    code, _, err = run(capsys, "scenario", "from-logs", "-l", "fastly,gcs-usage", day)
    assert code == 0, err
