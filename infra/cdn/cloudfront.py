"""CloudFront in front of S3 (through origin access control) or GCS (as a custom origin)."""

from __future__ import annotations

import json
from typing import Any, NamedTuple

import pulumi
import pulumi_aws as aws

from infra.cdn import component_props
from infra.edge import CdnEndpoint, DnsRecord
from infra.origin import StorageOrigin
from infra.storage.s3 import https_only_statement

ORIGIN_ID = "storage"
FILE_TTL_SECONDS = 365 * 24 * 3600  # uploaded files never change
MIN_TTL_SECONDS = 24 * 3600
# CloudFront only accepts certificates from us-east-1, whatever the stack's region.
CERTIFICATE_REGION = "us-east-1"


class CloudFrontCdnArgs(NamedTuple):
    hostname: str
    origin: StorageOrigin
    price_class: str = "PriceClass_All"
    app_routes: str | None = None  # indexplan:app_routes, said on the component


class CloudFrontCdn(pulumi.ComponentResource):
    def __init__(
        self, name: str, args: CloudFrontCdnArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__("indexplan:cdn:CloudFront", name, component_props(args.app_routes), opts)
        child = pulumi.ResourceOptions(parent=self)
        origin = args.origin
        certificate = aws.acm.Certificate(
            f"{name}-certificate",
            domain_name=args.hostname,
            validation_method="DNS",
            region=CERTIFICATE_REGION,
            opts=child,
        )
        validation = certificate.domain_validation_options[0]
        issued = aws.acm.CertificateValidation(
            f"{name}-certificate-validation",
            certificate_arn=certificate.arn,
            region=CERTIFICATE_REGION,
            opts=child,
        )
        cache_policy = aws.cloudfront.CachePolicy(
            f"{name}-immutable-files",
            comment="package files are immutable: cache for a year, key on the path only",
            default_ttl=FILE_TTL_SECONDS,
            max_ttl=FILE_TTL_SECONDS,
            min_ttl=MIN_TTL_SECONDS,
            parameters_in_cache_key_and_forwarded_to_origin={
                "cookies_config": {"cookie_behavior": "none"},
                "headers_config": {"header_behavior": "none"},
                "query_strings_config": {"query_string_behavior": "none"},
                "enable_accept_encoding_brotli": True,
                "enable_accept_encoding_gzip": True,
            },
            opts=child,
        )
        self.distribution = aws.cloudfront.Distribution(
            f"{name}-distribution",
            enabled=True,
            comment=f"package files for {args.hostname}",
            aliases=[args.hostname],
            origins=[self._origin(name, origin)],
            default_cache_behavior={
                "target_origin_id": ORIGIN_ID,
                "viewer_protocol_policy": "redirect-to-https",
                "allowed_methods": ["GET", "HEAD", "OPTIONS"],
                "cached_methods": ["GET", "HEAD"],
                "cache_policy_id": cache_policy.id,
                "compress": True,
            },
            viewer_certificate={
                "acm_certificate_arn": issued.certificate_arn,
                "ssl_support_method": "sni-only",
                "minimum_protocol_version": "TLSv1.2_2021",
            },
            restrictions={"geo_restriction": {"restriction_type": "none"}},
            http_version="http2and3",
            is_ipv6_enabled=True,
            price_class=args.price_class,
            opts=child,
        )
        if origin.kind == "s3" and origin.arn is not None:
            self._allow_only_this_distribution(name, origin, origin.arn)
        self.endpoint = CdnEndpoint(
            hostname=args.hostname,
            target=self.distribution.domain_name,
            issuers=("amazon.com",),
            validation=[
                DnsRecord(
                    name=validation.resource_record_name,
                    type=validation.resource_record_type,
                    value=validation.resource_record_value,
                )
            ],
        )
        self.register_outputs({"domain_name": self.distribution.domain_name})

    def _origin(self, name: str, origin: StorageOrigin) -> Any:
        # S3 only: the stack file refuses any other storage behind CloudFront (infra/config.py
        # PRIVATE_ORIGINS), since CloudFront signs for no other private bucket
        access = aws.cloudfront.OriginAccessControl(
            f"{name}-origin-access",
            description="CloudFront reads the private files bucket, signing each request",
            origin_access_control_origin_type="s3",
            signing_behavior="always",
            signing_protocol="sigv4",
            opts=pulumi.ResourceOptions(parent=self),
        )
        return {
            "origin_id": ORIGIN_ID,
            "domain_name": origin.host,
            "origin_access_control_id": access.id,
        }

    def _allow_only_this_distribution(
        self, name: str, origin: StorageOrigin, bucket_arn: pulumi.Output[str]
    ) -> None:
        def policy(values: list[str]) -> str:
            arn, distribution = values
            statement = {
                "Sid": "CloudFrontReadsFiles",
                "Effect": "Allow",
                "Principal": {"Service": "cloudfront.amazonaws.com"},
                "Action": "s3:GetObject",
                "Resource": f"{arn}/*",
                "Condition": {"StringEquals": {"AWS:SourceArn": distribution}},
            }
            statements = [statement, https_only_statement(arn)]
            return json.dumps({"Version": "2012-10-17", "Statement": statements})

        aws.s3.BucketPolicy(
            f"{name}-origin-bucket-policy",
            bucket=origin.bucket,
            policy=pulumi.Output.all(bucket_arn, self.distribution.arn).apply(policy),
            opts=pulumi.ResourceOptions(parent=self, provider=origin.provider),
        )
