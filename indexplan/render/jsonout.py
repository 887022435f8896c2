"""JSON for machines: stable key order as built, two-space indent, a trailing newline.

Text keeps its Unicode, except the characters that could act on a terminal showing the JSON
(escape sequences, bidi overrides, line separators): those are written as JSON escapes.
"""

from __future__ import annotations

import json
from typing import Any

from costmodel.errors import json_printable


def render_json(data: Any) -> str:
    return json_printable(json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False)) + "\n"
