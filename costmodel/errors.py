"""The one error a user can cause: bad input, reported as a single line; and `printable`, which
makes any text a user wrote safe to show on a terminal, in a table or in an error line."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pydantic is imported by the models that raise it, not by every command
    from pydantic import ValidationError

# Every character Unicode classes as a control (Cc), format (Cf: bidi overrides, zero-width
# characters), line or paragraph separator (Zl, Zp) or surrogate (Cs: a byte of a file name that
# is not UTF-8, as Python decodes it). A test checks this list against `unicodedata`.
_ABOVE_ASCII_CONTROLS = (
    "\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e"
    "\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ud800-\udfff\ufeff\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U00013438\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f"
)
_UNPRINTABLE = re.compile(f"[\x00-\x1f{_ABOVE_ASCII_CONTROLS}]")
# json.dumps escapes U+0000..U+001F in strings itself; raw newlines in its output are layout.
_UNPRINTABLE_IN_JSON = re.compile(f"[{_ABOVE_ASCII_CONTROLS}]")
# The only characters outside ASCII indexplan's own reports write: a report with no others
# (the usual case: "≥" marks every lower bound) needs no scan for controls.
_OWN_SYMBOLS = "≥≤…→—"
_SHORT = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
# A part of an error line longer than this (a 5,000-character file name) keeps its two ends.
MAX_PART = 300


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if char in _SHORT:
        return _SHORT[char]
    if 0xDC80 <= code <= 0xDCFF:  # a byte Python could not decode, as `surrogateescape` keeps it
        return f"\\x{code - 0xDC00:02x}"
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def _json_escape(match: re.Match[str]) -> str:
    encoded = match.group().encode("utf-16-be", "surrogatepass")
    units = [int.from_bytes(encoded[i : i + 2], "big") for i in range(0, len(encoded), 2)]
    return "".join(f"\\u{unit:04x}" for unit in units)


def printable(text: str) -> str:
    """`text` with every control, format or line-break character written as a visible escape
    (`\\x1b`, `\\n`, `\\u202e`): nothing a file holds can move the cursor, set a terminal's
    title, reorder a line or start a new one."""
    return _UNPRINTABLE.sub(_escape, text)


def json_printable(text: str) -> str:
    """JSON text with the characters `printable` escapes written as JSON escapes (`\\u001b`),
    which mean the same to a JSON reader. json.dumps escapes only those below U+0020."""
    rest = text
    for symbol in _OWN_SYMBOLS:  # str.replace is C speed; the class scan is ~13x slower
        rest = rest.replace(symbol, "")
    if rest.isascii() and "\x7f" not in rest:
        return text
    return _UNPRINTABLE_IN_JSON.sub(_json_escape, text)


def error_line(text: str) -> str:
    """`text` as one printable line, each overlong word cut in its middle."""
    return " ".join(_shorten(word) for word in printable(text).split(" "))


def _shorten(word: str) -> str:
    if len(word) <= MAX_PART:
        return word
    keep = MAX_PART // 2
    return f"{word[:keep]}…({len(word) - 2 * keep} characters)…{word[-keep:]}"


class InputError(Exception):
    """Bad user input. Rendered as `<where>: <field>: <expected>`; the CLI exits with status 2."""

    def __init__(self, where: str, field: str, expected: str) -> None:
        self.where = where
        self.field = field
        self.expected = expected
        super().__init__(str(self))

    def __str__(self) -> str:
        # the CLI prints it through `error_line`, which shows a line break as `\n`
        return ": ".join(p for p in (self.where, self.field, self.expected) if p)


def from_validation_error(where: str, exc: ValidationError) -> InputError:
    """The first pydantic error as one InputError, naming its field path and the value given."""
    # An unknown key is usually a typo that also explains a "missing" one: report it first.
    err = min(exc.errors(), key=lambda e: e["type"] != "extra_forbidden")
    loc = [str(p) for p in err["loc"]]
    if err["type"] == "extra_forbidden" and loc and not _KEY.fullmatch(loc[-1]):
        # a line of some other file read as YAML (`root:*:20228:0:...`) is not repeated
        loc[-1] = f"(a key of {len(loc[-1])} characters)"
    field = ".".join(loc) or "(top level)"
    message = err["msg"].removeprefix("Value error, ")
    if err["type"] == "extra_forbidden":
        message = "unknown key (not one this file takes)"
    elif err["type"] == "missing":
        message = "required key is missing"
    elif "input" in err and not isinstance(err["input"], dict | list):
        message = f"{message}, got {_short_repr(err['input'])}"
    return InputError(where, field, message)


# What a key a user may mistype looks like; anything else is not quoted back.
_KEY = re.compile(r"[\w.:/\-]{1,64}")


def _short_repr(value: object) -> str:
    """A value as a message shows it: a 10,000-digit number or string is not repeated whole."""
    text = repr(value) if not isinstance(value, int) or abs(value) < 10**30 else "a huge number"
    return text if len(text) <= 80 else f"{text[:77]}..."
