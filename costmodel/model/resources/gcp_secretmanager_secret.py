"""Secret Manager: each secret's active version (the program writes one per secret). Its access
operations (Cloud Run reads a secret when an instance starts) are not in the scenario."""

from costmodel.model import usage
from costmodel.model.components import Component, Context, free, priced
from costmodel.model.graph import Resource


def active_version(secret: Resource, ctx: Context) -> dict[str, float]:
    ctx.notes.add("Secret Manager: access operations to read secrets are not in the scenario")
    return {usage.ONE: 1.0}


priced(
    "gcp:secretmanager/secret:Secret",
    Component(
        "active version",
        "secret_manager",
        "active_versions",
        "months",
        active_version,
        zone=usage.ONE,
    ),
)
free(
    "priced with its secret (one active version each)",
    "gcp:secretmanager/secretVersion:SecretVersion",
)
free("access policy or identity (no charge)", "gcp:secretmanager/secretIamMember:SecretIamMember")
