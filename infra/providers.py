"""Explicit providers, one per cloud the stack uses; no resource relies on ambient defaults."""

from __future__ import annotations

import pulumi

from infra.config import B2Storage, StackConfig


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
    if isinstance(config.storage, B2Storage):
        providers["b2"] = b2_provider(config.storage.region)
    if "cloudflare" in config.providers:
        import pulumi_cloudflare as cloudflare

        # `pulumi config set --secret cloudflare:apiToken` or CLOUDFLARE_API_TOKEN.
        token = pulumi.Config("cloudflare").get_secret("apiToken")
        providers["cloudflare"] = cloudflare.Provider("cloudflare", api_token=token)
    if "datadog" in config.providers:
        import pulumi_datadog as datadog

        # DD_API_KEY / DD_APP_KEY, or `pulumi config set --secret datadog:apiKey` (and appKey).
        dd = pulumi.Config("datadog")
        providers["datadog"] = datadog.Provider(
            "datadog", api_key=dd.get_secret("apiKey"), app_key=dd.get_secret("appKey")
        )
    if "elastic" in config.providers:
        import pulumi_ec as ec

        # `pulumi config set --secret ec:apikey` or EC_API_KEY.
        providers["ec"] = ec.Provider("ec", apikey=pulumi.Config("ec").get_secret("apikey"))
    return providers


B2_PROFILE = "backblaze-b2"


def b2_provider(region: str) -> pulumi.ProviderResource:
    """pulumi-aws pointed at Backblaze B2's S3-compatible API.

    Credentials are a B2 application key, never the AWS account's: explicit `b2:keyId` and
    `b2:applicationKey` secrets, else the `backblaze-b2` profile of the shared AWS credentials
    file (an explicit profile outranks AWS_* environment variables, so AWS keys are not sent).
    """
    import pulumi_aws as aws

    b2 = pulumi.Config("b2")
    key_id, key = b2.get_secret("keyId"), b2.get_secret("applicationKey")
    credentials: dict[str, object] = (
        {"access_key": key_id, "secret_key": key}
        if key_id is not None and key is not None
        else {"profile": b2.get("profile") or B2_PROFILE}
    )
    return aws.Provider(
        "b2",
        region=region,
        endpoints=[{"s3": f"https://s3.{region}.backblazeb2.com"}],
        # B2 is not AWS: no STS, no account ID, no AWS region list.
        skip_credentials_validation=True,
        skip_requesting_account_id=True,
        skip_region_validation=True,
        skip_metadata_api_check=True,
        **credentials,
    )
