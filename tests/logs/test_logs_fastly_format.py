"""indexplan's own Fastly log line, its BigQuery table and the reader's default fields agree,
and a line in that format, as Fastly would write it, reads as expected."""

from __future__ import annotations

import importlib
import json
import re
from typing import Any

from costmodel.readers.logs.fastly import DEFAULT_FIELDS


def infra(module: str, name: str) -> Any:
    """A constant of the program, loaded when a test reads it and as the graph builder loads
    the program (provider SDKs on demand, indexplan/sdk_on_demand.py). Imported whole at
    collection, pulumi_fastly and pulumi_gcp cost every test process about a second, more
    before their bytecode exists, and made its later graph builds slower."""
    from indexplan.sdk_on_demand import on_demand

    with on_demand():
        return getattr(importlib.import_module(module), name)


def test_the_log_line_the_table_and_the_reader_name_the_same_fields():
    download_schema = infra("infra.analytics.bigquery", "DOWNLOAD_SCHEMA")
    log_format = infra("infra.cdn.fastly", "LOG_FORMAT")
    keys = re.findall(r'"(\w+)":', log_format)
    assert keys == [
        "timestamp",
        "url",
        "user_agent",
        "country",
        "status",
        "bytes",
        "method",
        "cache",
        "pop",
    ]
    assert [column["name"] for column in download_schema] == keys
    assert set(DEFAULT_FIELDS.values()) <= set(keys)
    # the fields the reader needs come from the VCL variables the README documents
    assert '"cache":"%{fastly_info.state}V"' in log_format
    assert '"pop":"%{server.datacenter}V"' in log_format
    assert '"bytes":%{resp.bytes_written}V' in log_format


def test_a_line_as_fastly_writes_it_is_json_with_those_keys():
    log_format = infra("infra.cdn.fastly", "LOG_FORMAT")
    # Fastly substitutes each %{...}V; strings come out escaped by json.escape
    values = {
        r'%{strftime(\{"%Y-%m-%dT%H:%M:%SZ"\}, time.start)}V': "2026-03-01T12:00:00Z",
        "%{json.escape(req.url)}V": "/packages/a/b/x-1.0.tar.gz",
        "%{json.escape(req.http.User-Agent)}V": 'pip/24.0 {\\"ci\\":null}',
        "%{client.geo.country_code}V": "JP",
        "%{resp.status}V": "200",
        "%{resp.bytes_written}V": "1234",
        "%{json.escape(req.method)}V": "GET",
        "%{fastly_info.state}V": "HIT-CLUSTER",
        "%{server.datacenter}V": "NRT",
    }
    line = log_format
    for variable, value in values.items():
        line = line.replace(variable, value)
    assert json.loads(line) == {
        "timestamp": "2026-03-01T12:00:00Z",
        "url": "/packages/a/b/x-1.0.tar.gz",
        "user_agent": 'pip/24.0 {"ci":null}',
        "country": "JP",
        "status": 200,
        "bytes": 1234,
        "method": "GET",
        "cache": "HIT-CLUSTER",
        "pop": "NRT",
    }
