"""Cloud CDN behind a global HTTPS load balancer, in front of GCS or (signed) S3."""

from __future__ import annotations

from typing import Any, NamedTuple

import pulumi
import pulumi_gcp as gcp

from infra.cdn import component_props
from infra.edge import CdnEndpoint, LogSink
from infra.origin import StorageOrigin

FILE_TTL_SECONDS = 365 * 24 * 3600  # uploaded files never change
CDN_POLICY: Any = {
    "cache_mode": "CACHE_ALL_STATIC",
    "default_ttl": FILE_TTL_SECONDS,
    "max_ttl": FILE_TTL_SECONDS,
    "client_ttl": FILE_TTL_SECONDS,
}
SCHEME = "EXTERNAL_MANAGED"
REQUEST_LOGS = 'resource.type="http_load_balancer"'


class CloudCdnArgs(NamedTuple):
    hostname: str
    origin: StorageOrigin
    logs: LogSink | None = None
    app_routes: str | None = None  # indexplan:app_routes, said on the component
    # Keep the request logs in the project's _Default log bucket as well (Cloud Logging bills
    # $0.50/GiB streamed into a log bucket: about $127,000 a month at PyPI's 6e9 requests a
    # day); by default only the sink to the analytics bucket keeps them (routing is free).
    keep_in_default_bucket: bool = False


class CloudCdn(pulumi.ComponentResource):
    def __init__(
        self, name: str, args: CloudCdnArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__("indexplan:cdn:CloudCDN", name, component_props(args.app_routes), opts)
        child = pulumi.ResourceOptions(parent=self)
        backend = (
            self._gcs_backend(name, args.origin)
            if args.origin.kind == "gcs"
            else self._s3_backend(name, args.origin)
        )
        url_map = gcp.compute.URLMap(f"{name}-url-map", default_service=backend, opts=child)
        certificate = gcp.compute.ManagedSslCertificate(
            f"{name}-certificate", managed={"domains": [args.hostname]}, opts=child
        )
        tls_policy = gcp.compute.SSLPolicy(
            f"{name}-tls-policy", min_tls_version="TLS_1_2", profile="MODERN", opts=child
        )
        https_proxy = gcp.compute.TargetHttpsProxy(
            f"{name}-https-proxy",
            url_map=url_map.id,
            ssl_certificates=[certificate.id],
            ssl_policy=tls_policy.id,
            opts=child,
        )
        self.address = gcp.compute.GlobalAddress(f"{name}-address", opts=child)
        # Port 80 only answers with a redirect to HTTPS.
        redirect = gcp.compute.URLMap(
            f"{name}-http-redirect",
            default_url_redirect={"https_redirect": True, "strip_query": False},
            opts=child,
        )
        http_proxy = gcp.compute.TargetHttpProxy(
            f"{name}-http-proxy", url_map=redirect.id, opts=child
        )
        for scheme, proxy, port in (("https", https_proxy, "443"), ("http", http_proxy, "80")):
            gcp.compute.GlobalForwardingRule(
                f"{name}-{scheme}",
                target=proxy.id,
                ip_address=self.address.address,
                port_range=port,
                load_balancing_scheme=SCHEME,
                opts=child,
            )
        if args.logs is not None:
            self._export_logs(name, args.logs)
        if not args.keep_in_default_bucket:
            self._exclude_from_default(name, url_map)
        self.endpoint = CdnEndpoint(
            hostname=args.hostname,
            target=self.address.address,
            record_type="A",
            issuers=("pki.goog",),
        )
        self.register_outputs({"address": self.address.address})

    def _export_logs(self, name: str, logs: LogSink) -> None:
        """Route the load balancer's request logs (one per download) into the analytics bucket."""
        child = pulumi.ResourceOptions(parent=self)
        sink = gcp.logging.ProjectSink(
            f"{name}-download-logs",
            destination=logs.bucket.apply(lambda bucket: f"storage.googleapis.com/{bucket}"),
            filter=REQUEST_LOGS,
            unique_writer_identity=True,
            opts=child,
        )
        gcp.storage.BucketIAMMember(
            f"{name}-download-logs-access",
            bucket=logs.bucket,
            role="roles/storage.objectCreator",
            member=sink.writer_identity,
            opts=child,
        )

    def _exclude_from_default(self, name: str, url_map: gcp.compute.URLMap) -> None:
        """Keep this load balancer's request logs out of the project's _Default log bucket:
        Google bills ingestion into a log bucket ("Logging storage", $0.50/GiB beyond 50 GiB a
        project, cloud.google.com/stackdriver/pricing) but not routing ("Log Router: no
        additional charge"), and the sink to the analytics bucket, when there is one, has its
        copy (without analytics the logs are kept nowhere, as with the other CDNs; a backend
        bucket's logging cannot be turned off, so only an exclusion stops the charge). An
        exclusion on _Default does not filter other sinks (each sink's filters are its own).
        Only this URL map's entries: another load balancer in the project keeps its logs."""
        gcp.logging.ProjectExclusion(
            f"{name}-request-logs-default-exclusion",
            description="CDN request logs: kept only where a sink routes them (analytics)",
            filter=url_map.name.apply(
                lambda url_map_name: (
                    f'{REQUEST_LOGS} AND resource.labels.url_map_name="{url_map_name}"'
                )
            ),
            opts=pulumi.ResourceOptions(parent=self),
        )

    def _gcs_backend(self, name: str, origin: StorageOrigin) -> pulumi.Output[str]:
        child = pulumi.ResourceOptions(parent=self)
        project = gcp.organizations.get_project_output(opts=pulumi.InvokeOutputOptions(parent=self))
        # Cloud CDN fills its cache as this Google-managed account; the bucket stays private.
        gcp.storage.BucketIAMMember(
            f"{name}-cache-fill-access",
            bucket=origin.bucket,
            role="roles/storage.objectViewer",
            member=project.number.apply(
                lambda n: f"serviceAccount:service-{n}@cloud-cdn-fill.iam.gserviceaccount.com"
            ),
            opts=child,
        )
        bucket = gcp.compute.BackendBucket(
            f"{name}-backend",
            bucket_name=origin.bucket,
            enable_cdn=True,
            cdn_policy=CDN_POLICY,
            opts=child,
        )
        return bucket.self_link

    def _s3_backend(self, name: str, origin: StorageOrigin) -> pulumi.Output[str]:
        child = pulumi.ResourceOptions(parent=self)
        group = gcp.compute.GlobalNetworkEndpointGroup(
            f"{name}-s3-origin",
            network_endpoint_type="INTERNET_FQDN_PORT",
            default_port=443,
            opts=child,
        )
        gcp.compute.GlobalNetworkEndpoint(
            f"{name}-s3-endpoint",
            global_network_endpoint_group=group.name,
            fqdn=origin.host,
            port=443,
            opts=child,
        )
        security: Any = None
        if origin.reader is not None:
            # Cloud CDN signs origin requests with SigV4, so the S3 bucket stays private.
            security = {
                "aws_v4_authentication": {
                    "access_key_id": origin.reader.access_key_id,
                    "access_key": origin.reader.secret,
                    "origin_region": origin.region,
                }
            }
        service = gcp.compute.BackendService(
            f"{name}-backend",
            protocol="HTTPS",
            load_balancing_scheme=SCHEME,
            enable_cdn=True,
            cdn_policy=CDN_POLICY,
            backends=[{"group": group.id}],
            custom_request_headers=[origin.host.apply(lambda h: f"Host: {h}")],
            log_config={"enable": True, "sample_rate": 1.0},
            security_settings=security,
            opts=child,
        )
        return service.self_link
