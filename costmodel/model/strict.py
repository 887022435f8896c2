"""How every input-file model is configured: an unknown key is an error, a value is frozen, and
the validator is built the first time a file is read, so a command pays only for the models of
the files it reads (building one is most of what importing its module costs)."""

from pydantic import ConfigDict

STRICT = ConfigDict(extra="forbid", frozen=True, defer_build=True)
