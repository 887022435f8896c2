"""Explicit providers, one per cloud the stack uses; no resource relies on ambient defaults."""

from __future__ import annotations

import pulumi

from infra.config import StackConfig


def make_providers(config: StackConfig) -> dict[str, pulumi.ProviderResource]:
    import pulumi_random as random

    providers: dict[str, pulumi.ProviderResource] = {"random": random.Provider("random")}
    if "aws" in config.providers:
        import pulumi_aws as aws

        providers["aws"] = aws.Provider("aws", region=config.aws_region)
    if "gcp" in config.providers:
        import pulumi_gcp as gcp

        providers["gcp"] = gcp.Provider("gcp", project=config.gcp_project, region=config.gcp_region)
    if "fastly" in config.providers:
        import pulumi_fastly as fastly

        # The API key comes from `pulumi config set --secret fastly:apiKey` or FASTLY_API_KEY.
        api_key = pulumi.Config("fastly").get_secret("apiKey")
        providers["fastly"] = fastly.Provider("fastly", api_key=api_key)
    return providers
