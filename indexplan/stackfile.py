"""Reading a `Pulumi.<stack>.yaml` file: every way it can be wrong is one line naming the file."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from costmodel.errors import InputError
from costmodel.files import checked
from costmodel.files.bounds import Refused
from costmodel.files.jsonfile import decode_json
from costmodel.files.parsed import memo
from costmodel.files.userfile import read_user_text
from costmodel.model import graph
from costmodel.model.graph import SECRET

if TYPE_CHECKING:
    from infra.config import StackConfig

WHAT = "a Pulumi.<stack>.yaml stack file"
# What turns a stack file into its config besides costmodel/files/: this module, and SECRET's
_CODE = (Path(__file__).resolve(), Path(graph.__file__).resolve())
# ... and into its checked settings: the program's own check (plain, and pydantic's models for
# what the plain check leaves to them)
_INFRA = Path(__file__).resolve().parent.parent / "infra"
_SETTINGS_CODE = (*_CODE, _INFRA / "config.py", _INFRA / "config_models.py")


@dataclass(frozen=True)
class StackSettings:
    """What commands read of a stack's checked settings (infra.config.StackConfig): the
    providers' regions (None for a provider the stack does not use) and its own price book."""

    aws_region: str | None = None
    gcp_region: str | None = None
    price_book: str | None = None


@dataclass(frozen=True)
class StackFile:
    path: Path
    name: str
    config: Mapping[str, Any]
    settings: StackSettings
    # Keys whose value is (or holds) a `secure:` value; in `config` each one reads `[secret]`.
    secret_keys: frozenset[str] = frozenset()
    # The file as read: what the graph cache keys on, and what the plaintext-secret rule reads
    # besides `config` (a value a merge key shadows is in the file, not in the mapping). It holds
    # the ciphertexts, so it is never shown.
    text: str = field(default="", repr=False)

    def stack_config(self) -> StackConfig:
        """The whole checked configuration (infra.config): validated on each call,
        for the few readers that need more than `settings`."""
        from infra.config import parse_stack_config

        return parse_stack_config(self.config, str(self.path))


def stack_name(path: Path) -> str:
    """`Pulumi.pypi-2021.yaml` → `pypi-2021`; any other file name → its stem."""
    name = path.name
    for suffix in (".yaml", ".yml"):
        if name.startswith("Pulumi.") and name.endswith(suffix) and len(name) > 7 + len(suffix):
            return name[len("Pulumi.") : -len(suffix)]
    return path.stem


def load_stack_file(path: Path) -> StackFile:
    where = str(path)
    text = read_user_text(path, WHAT, "YAML")
    config, secret_keys = _read_config(text, where)
    settings = _settings(text, config, where)
    return StackFile(
        path=path,
        name=stack_name(path),
        config=config,
        settings=settings,
        secret_keys=frozenset(secret_keys),
        text=text,
    )


def _settings(text: str, config: dict[str, Any], where: str) -> StackSettings:
    """The settings of a config infra.config's check passed; checked there once per content,
    the cache then holds these three values, checked as read."""

    def check() -> dict[str, Any]:
        from infra.config import parse_stack_config

        settings = parse_stack_config(config, where)
        return {name: getattr(settings, name) for name in _SETTINGS}

    content = text.encode("utf-8", "surrogatepass")
    return _settings_entry(memo("settings", where, content, check, _SETTINGS_CODE, _is_entry))


_SETTINGS = ("aws_region", "gcp_region", "price_book")


def _settings_entry(entry: Any) -> StackSettings:
    values = checked.mapping(entry, _SETTINGS)
    return StackSettings(*(checked.text(values[name], nonempty=True, optional=True)
                           for name in _SETTINGS))  # fmt: skip


def _is_entry(entry: Any) -> bool:
    return checked.passes(_settings_entry, entry)


def read_stack_config(path: Path) -> dict[str, Any]:
    """The config mapping as written (secure values `[secret]`), not checked against this
    checkout's program: for a stack file of another revision, which its own program checks."""
    return _read_config(read_user_text(path, WHAT, "YAML"), str(path))[0]


def _read_config(text: str, where: str) -> tuple[dict[str, Any], set[str]]:
    """The config mapping with every `secure:` value replaced by `[secret]`, and the keys that
    held one. Offline nothing needs a secret, and the ciphertext never leaves this function:
    the parse cache (costmodel/files/parsed.py) holds what it returns, never the file."""

    def parse() -> dict[str, Any]:
        config, secret_keys = _parse_config(text, where)
        return {"config": config, "secret_keys": sorted(secret_keys)}

    content = text.encode("utf-8", "surrogatepass")
    doc = memo("stack", where, content, parse, code=_CODE, valid=_config_doc)
    return doc["config"], set(doc["secret_keys"])


def _config_doc(doc: Any) -> bool:
    return (
        isinstance(doc, dict)
        and set(doc) == {"config", "secret_keys"}
        and isinstance(doc["config"], dict)
        and isinstance(doc["secret_keys"], list)
        and all(isinstance(key, str) for key in doc["secret_keys"])
    )


def _parse_config(text: str, where: str) -> tuple[dict[str, Any], set[str]]:
    from costmodel.files.yamlfile import yaml_mapping  # PyYAML: only when not cached

    doc = yaml_mapping(text, where, WHAT)
    if "config" not in doc:
        raise InputError(where, "config", "required key is missing")
    config = doc["config"]
    if not isinstance(config, dict):
        raise InputError(where, "config", "must be a mapping of Pulumi config keys")
    plain: dict[str, Any] = {}
    secret_keys: set[str] = set()
    for key, value in config.items():
        field = f"config.{key}"
        _check_json_text(value, where, field)
        plain[str(key)], held = _hide_secure(value, where, field)
        if held:
            secret_keys.add(str(key))
    return plain, secret_keys


def _check_json_text(value: Any, where: str, field: str) -> None:
    """A string value is handed to the program as it is, and the program reads an object from
    JSON text: such text is held to the bounds of any JSON file. Text that is not JSON at all
    is only a string."""
    if not (isinstance(value, str) and value.lstrip()[:1] in ("{", "[")):
        return
    try:
        decode_json(value)
    except Refused as exc:
        raise InputError(where, field, f"JSON text {exc}") from None
    except json.JSONDecodeError:
        pass


def _hide_secure(value: Any, where: str, field: str) -> tuple[Any, bool]:
    """`value` with each `{secure: <ciphertext>}` inside it as `[secret]`; whether it held one.
    Pulumi allows secure values nested in structured config, so look all the way down."""
    if isinstance(value, dict) and "secure" in value:
        if set(value) != {"secure"} or not isinstance(value["secure"], str) or not value["secure"]:
            # Never echo the value: it may be a secret written in the wrong place.
            raise InputError(
                where, field, "a secure value is `secure: <ciphertext>` and nothing else"
            )
        return SECRET, True
    if isinstance(value, dict):
        pairs = {str(k): _hide_secure(v, where, f"{field}.{k}") for k, v in value.items()}
        return {k: v for k, (v, _) in pairs.items()}, any(h for _, h in pairs.values())
    if isinstance(value, list):
        items = [_hide_secure(v, where, f"{field}[{i}]") for i, v in enumerate(value)]
        return [v for v, _ in items], any(h for _, h in items)
    return value, False
