"""Secrets Manager: the monthly fee of each secret. Its API calls (the application reading the
secret) are not in the scenario; each estimate says so."""

from costmodel.model.components import Component, Context, priced
from costmodel.model.graph import Resource
from costmodel.model.resources.aws_kms_key import one_per_month


def secret_months(secret: Resource, ctx: Context) -> dict[str, float]:
    ctx.notes.add("Secrets Manager: API calls to read secrets are not in the scenario")
    return one_per_month(secret, ctx)


priced(
    "aws:secretsmanager/secret:Secret",
    Component(
        "secret", "secrets_manager", "secret_month", "months", secret_months, zone_map="regions"
    ),
)
