"""indexplan's own Fastly log line, its BigQuery table and the reader's default fields agree,
and a line in that format, as Fastly would write it, reads as expected."""

from __future__ import annotations

import json
import re

from costmodel.readers.logs.fastly import DEFAULT_FIELDS
from infra.analytics.bigquery import DOWNLOAD_SCHEMA
from infra.cdn.fastly import LOG_FORMAT

KEYS = re.findall(r'"(\w+)":', LOG_FORMAT)


def test_the_log_line_the_table_and_the_reader_name_the_same_fields():
    assert KEYS == [
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
    assert [column["name"] for column in DOWNLOAD_SCHEMA] == KEYS
    assert set(DEFAULT_FIELDS.values()) <= set(KEYS)
    # the fields the reader needs come from the VCL variables the README documents
    assert '"cache":"%{fastly_info.state}V"' in LOG_FORMAT
    assert '"pop":"%{server.datacenter}V"' in LOG_FORMAT
    assert '"bytes":%{resp.bytes_written}V' in LOG_FORMAT


def test_a_line_as_fastly_writes_it_is_json_with_those_keys():
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
    line = LOG_FORMAT
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
