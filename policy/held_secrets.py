"""Values Pulumi holds as secrets, kept marked when the policy pack reads them decrypted.

The engine sends a policy's resources with secrets marked (`{"4dabf18193072939515e22adb298388d":
"1b47061264138c4ac30d75fd1eb44270", "value": ...}`, pulumi_policy/deserialize.py), and
pulumi-policy drops the mark as it deserializes them: a provider's `apiKey` read with
`config.get_secret` then looks like a key typed in clear. The pack keeps the mark instead
(`keep_marks`), and the graph holds such a value decrypted, as a `Held` string, list or
mapping: the rules still read it (the private index's WAF rule), and no plaintext-secret rule
calls it plaintext, since it is encrypted in the state.
"""

from __future__ import annotations

from typing import Any

from costmodel.model.graph import SECRET


class Held:
    """A value Pulumi holds as a secret, decrypted for the policy pack."""


class HeldText(Held, str):
    pass


class HeldList(Held, list[Any]):
    pass


class HeldMap(Held, dict[str, Any]):
    pass


class Sealed:
    """A secret as deserialized, until `held` turns it into the graph's value: neither a list
    nor a dict, so pulumi-policy's proxies pass it through untouched."""

    def __init__(self, value: Any) -> None:
        self.value = value


def held(value: Any) -> Any:
    """The graph's value of a secret (`value` already plain): marked, or `[secret]` for a
    number or switch, which no rule reads decrypted."""
    if isinstance(value, str):
        return HeldText(value)
    if isinstance(value, list):
        return HeldList(value)
    if isinstance(value, dict):
        return HeldMap(value)
    return SECRET if value is not None else None


def keep_marks() -> None:
    """Make pulumi-policy deserialize a marked secret as `Sealed` rather than drop its mark."""
    import pulumi_policy.deserialize as deserialize
    import pulumi_policy.policy as policy

    original = deserialize.deserialize_properties
    if getattr(policy.deserialize_properties, "keeps_marks", False):
        return

    def seal(prop: Any) -> Any:
        if isinstance(prop, list):
            return [seal(p) for p in prop]
        if isinstance(prop, dict):
            if prop.get(deserialize.SPECIAL_SIG_KEY) == deserialize.SPECIAL_SECRET_SIG:
                return Sealed(original({"value": seal(prop.get("value"))})["value"])
            return {key: seal(value) for key, value in prop.items()}
        return prop

    def deserialize_properties(props: dict[str, Any], proxy_secrets: bool = False) -> Any:
        return original(seal(props), proxy_secrets)

    deserialize_properties.keeps_marks = True  # type: ignore[attr-defined]
    policy.deserialize_properties = deserialize_properties
