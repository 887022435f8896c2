"""JSON for machines: stable key order as built, two-space indent, a trailing newline."""

from __future__ import annotations

import json
from typing import Any


def render_json(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
