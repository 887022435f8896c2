"""What a change does to the index's security, said on lines of their own by `indexplan diff`.

A cost diff reads a protection's removal as a saving or as nothing at all: the private index's
WAF token rule costs $0, so `indexplan:private: true → false` shows as the Pro plan's -$20 a
month and "4 that cost nothing". These lines name, whatever they cost:
- a private index's files host that no longer requires a signed URL (or now does);
- a resource a mandatory rule relies on, removed while what it guards stays (a bucket's public
  access block or policy, a zone's WAF custom rules or, for a private index, its paid plan);
- a bucket policy that keeps its place but loses Deny statements (`DenyPlainHttp`);
- a new finding of a rule a stack file may accept (a broad IAM grant), which an
  `indexplan:accept` entry in the same change would let pass `check`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from costmodel.model.graph import Resource
from policy.model import Graph, dig, items
from policy.principals import Unreadable, read_document
from policy.private_files import RULESET, SUBSCRIPTION, WAF_PHASE, ZONE
from policy.refs import NAMING_INPUTS, resolve
from policy.resource_types import S3_BUCKETS, S3_POLICY, S3_PUBLIC_ACCESS_BLOCK
from policy.rules import RULES

PREFIX = "security: "


@dataclass(frozen=True)
class Guard:
    """A resource (of `type`, where `applies`) that a mandatory rule needs beside `guarded`."""

    type: str
    guarded: tuple[str, ...]  # the types it guards, found through its input `key`
    key: str
    what: str
    rule: str
    private_only: bool = False  # relied on by a private index only

    def applies(self, resource: Resource) -> bool:
        if self.type == RULESET:
            return resource.inputs.get("phase") == WAF_PHASE
        if self.type == S3_POLICY:
            return bool(_denials(resource))
        return True


GUARDS = (
    Guard(
        S3_PUBLIC_ACCESS_BLOCK, S3_BUCKETS, "bucket", "its public access block", "storage-private"
    ),
    Guard(S3_POLICY, S3_BUCKETS, "bucket", "its policy's Deny statements", "storage-https-only"),
    Guard(RULESET, (ZONE,), "zoneId", "its WAF custom rules", "private-files-token"),
    Guard(SUBSCRIPTION, (ZONE,), "zoneId", "its paid plan", "private-files-token", True),
)


def posture_changes(before: Graph, after: Graph) -> list[str]:
    """One line per security-relevant change from `before` to `after`, each `security: …`."""
    changes = (*_private(before, after), *_removed(before, after), *_new_grants(before, after))
    return [PREFIX + line for line in changes]


def _new_grants(before: Graph, after: Graph) -> Iterator[str]:
    """Findings of a rule a stack file may accept that the change brings: with an
    `indexplan:accept` entry in the same change, `check` passes them, so they are said here."""
    for rule in RULES:
        if rule.acceptable:
            had = {(v.resource, v.message) for v in rule.run(before)}
            for v in rule.run(after):
                if (v.resource, v.message) not in had:
                    yield f"{rule.id} finds a new broad grant on {v.resource}: {v.message}"


def _is_private(graph: Graph) -> bool:
    return any(
        r.type.startswith("indexplan:cdn:") and r.inputs.get("private") is True for r in graph
    )


def _private(before: Graph, after: Graph) -> Iterator[str]:
    was, now = _is_private(before), _is_private(after)
    if was and not now:
        yield "the files host no longer requires a signed URL (indexplan:private true → false)"
    elif now and not was:
        yield "the files host now requires a signed URL (indexplan:private false → true)"


def _removed(before: Graph, after: Graph) -> Iterator[str]:
    kept = {(r.type, r.name): r for r in after}
    private = _is_private(after)
    for guard in GUARDS:
        if guard.private_only and not private:
            continue
        targets = [r for r in before if r.type in guard.guarded]
        for resource in before:
            if resource.type != guard.type or not guard.applies(resource):
                continue
            value = resource.inputs.get(guard.key)
            target = resolve(value, targets, sole=guard.key not in NAMING_INPUTS)
            if target is None or (target.type, target.name) not in kept:
                continue  # what it guarded went too
            now = kept.get((resource.type, resource.name))
            guarded = f"{_kind(target)} {target.name}"
            if now is not None and guard.type == S3_POLICY:
                if gone := sorted(_denials(resource) - _denials(now)):
                    statements = "statement" if len(gone) == 1 else "statements"
                    yield (
                        f"the policy {resource.name} of {guarded} no longer has the Deny "
                        f"{statements} {', '.join(gone)}, which the rule {guard.rule} relies on"
                    )
            elif now is None or not guard.applies(now):
                yield (
                    f"{guarded} loses {guard.what} ({resource.name}, {resource.type}), "
                    f"which the rule {guard.rule} relies on"
                )


def _kind(resource: Resource) -> str:
    return "zone" if resource.type == ZONE else "bucket"


def _denials(policy: Resource) -> set[str]:
    """The Sids (or statement numbers) of a bucket policy's Deny statements."""
    try:
        document = read_document(policy.inputs.get("policy"))
    except Unreadable:
        return set()
    statements = items(dig(document, "Statement"))
    return {
        str(dig(s, "Sid") or f"#{n + 1}")
        for n, s in enumerate(statements)
        if dig(s, "Effect") == "Deny"
    }
