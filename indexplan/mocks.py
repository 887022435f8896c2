"""Pulumi mocks that record every registration and answer with plausible cloud attributes.

Imported only while a graph is being built (it imports pulumi). Outputs are made up but
shaped like the real ones (bucket domains, endpoints, name servers), so the program's
exports and the inputs that depend on other resources read like a real preview.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable
from typing import Any

import pulumi
from pulumi.runtime import mocks as pulumi_mocks
from pulumi.runtime import rpc

Attributes = Callable[[str, dict[str, Any], "Place"], dict[str, Any]]


class Place:
    """Where a resource lands: its provider's region and (on Google Cloud) project."""

    def __init__(self, region: str, project: str) -> None:
        self.region = region
        self.project = project


def _token(name: str, length: int = 8) -> str:
    return hashlib.sha256(name.encode()).hexdigest()[:length]


def _s3_bucket(name: str, inputs: dict[str, Any], place: Place) -> dict[str, Any]:
    bucket = inputs.get("bucket") or f"{name}-{_token(name)}"
    return {
        "bucket": bucket,
        "arn": f"arn:aws:s3:::{bucket}",
        "bucketDomainName": f"{bucket}.s3.amazonaws.com",
        "bucketRegionalDomainName": f"{bucket}.s3.{place.region}.amazonaws.com",
        "region": place.region,
    }


def _distribution(name: str, inputs: dict[str, Any], place: Place) -> dict[str, Any]:
    return {
        "domainName": f"d{_token(name, 13)}.cloudfront.net",
        "hostedZoneId": "Z2FDTNDATAQYW2",  # CloudFront's fixed alias zone
        "arn": f"arn:aws:cloudfront::123456789012:distribution/E{_token(name, 13).upper()}",
    }


def _rds(name: str, inputs: dict[str, Any], place: Place) -> dict[str, Any]:
    host = f"{name}.c{_token(name, 11)}.{place.region}.rds.amazonaws.com"
    return {"address": host, "endpoint": f"{host}:5432", "port": 5432}


def _replication_group(name: str, inputs: dict[str, Any], place: Place) -> dict[str, Any]:
    host = f"master.{name}.{_token(name, 6)}.use1.cache.amazonaws.com"
    return {"primaryEndpointAddress": host, "port": 6379}


def _sqs(name: str, inputs: dict[str, Any], place: Place) -> dict[str, Any]:
    queue = inputs.get("name") or name
    return {
        "url": f"https://sqs.{place.region}.amazonaws.com/123456789012/{queue}",
        "arn": f"arn:aws:sqs:{place.region}:123456789012:{queue}",
    }


def _route53_zone(name: str, inputs: dict[str, Any], place: Place) -> dict[str, Any]:
    return {
        "zoneId": f"Z{_token(name, 12).upper()}",
        "nameServers": [f"ns-{i}.awsdns-{i:02d}.org" for i in (101, 202, 303, 404)],
        "arn": f"arn:aws:route53:::hostedzone/Z{_token(name, 12).upper()}",
    }


def _gcs_bucket(name: str, inputs: dict[str, Any], place: Place) -> dict[str, Any]:
    bucket = inputs.get("name") or f"{name}-{_token(name)}"
    return {"name": bucket, "url": f"gs://{bucket}", "selfLink": f"gcs/{bucket}"}


def _global_address(name: str, inputs: dict[str, Any], place: Place) -> dict[str, Any]:
    return {"address": f"203.0.113.{int(_token(name, 2), 16) % 250 + 1}"}


def _cloud_sql(name: str, inputs: dict[str, Any], place: Place) -> dict[str, Any]:
    return {
        "connectionName": f"{place.project}:{place.region}:{name}",
        "privateIpAddress": "10.10.0.5",
        "firstIpAddress": "10.10.0.5",
    }


def _memorystore(name: str, inputs: dict[str, Any], place: Place) -> dict[str, Any]:
    return {"host": "10.20.0.3", "port": 6378}


def _cloud_dns_zone(name: str, inputs: dict[str, Any], place: Place) -> dict[str, Any]:
    return {"nameServers": [f"ns-cloud-a{i}.googledomains.com." for i in range(1, 5)]}


def _service_account(name: str, inputs: dict[str, Any], place: Place) -> dict[str, Any]:
    email = f"{inputs.get('accountId', name)}@{place.project}.iam.gserviceaccount.com"
    return {"email": email, "member": f"serviceAccount:{email}"}


def _hmac_key(name: str, inputs: dict[str, Any], place: Place) -> dict[str, Any]:
    return {
        "accessId": f"GOOG1E{_token(name, 20).upper()}",
        "secret": rpc.wrap_rpc_secret(_token(name, 40)),
    }


def _access_key(name: str, inputs: dict[str, Any], place: Place) -> dict[str, Any]:
    return {"secret": rpc.wrap_rpc_secret(_token(name, 40))}


def _acm_certificate(name: str, inputs: dict[str, Any], place: Place) -> dict[str, Any]:
    domain = inputs.get("domainName", name)
    validation = {
        "domainName": domain,
        "resourceRecordName": f"_{_token(domain, 32)}.{domain}.",
        "resourceRecordType": "CNAME",
        "resourceRecordValue": f"_{_token(name, 32)}.acm-validations.aws.",
    }
    arn = f"arn:aws:acm:{place.region}:123456789012:certificate/{_token(name, 36)}"
    return {"arn": arn, "domainValidationOptions": [validation]}


def _log_sink(name: str, inputs: dict[str, Any], place: Place) -> dict[str, Any]:
    account = "service-123456789012@gcp-sa-logging.iam.gserviceaccount.com"
    return {"writerIdentity": f"serviceAccount:{account}"}


def _fastly_service(name: str, inputs: dict[str, Any], place: Place) -> dict[str, Any]:
    return {"activeVersion": 1, "clonedVersion": 1}


# Issue 12's resources: what the program reads back from them (DKIM tokens, endpoints).
def _load_balancer(name: str, inputs: dict[str, Any], place: Place) -> dict[str, Any]:
    return {
        "dnsName": f"{name}-{_token(name, 10)}.{place.region}.elb.amazonaws.com",
        "zoneId": "Z35SXDOTRQ7X7K",
    }


def _ses_identity(name: str, inputs: dict[str, Any], place: Place) -> dict[str, Any]:
    tokens = [_token(f"{name}-{i}", 32) for i in range(3)]
    return {"dkimSigningAttributes": {**inputs.get("dkimSigningAttributes", {}), "tokens": tokens}}


def _opensearch(name: str, inputs: dict[str, Any], place: Place) -> dict[str, Any]:
    return {"endpoint": f"vpc-{name}-{_token(name, 26)}.{place.region}.es.amazonaws.com"}


def _cloud_run(name: str, inputs: dict[str, Any], place: Place) -> dict[str, Any]:
    return {"uri": f"https://{name}-{_token(name, 10)}-ew.a.run.app"}


def _cloudflare_zone(name: str, inputs: dict[str, Any], place: Place) -> dict[str, Any]:
    return {"nameServers": ["ada.ns.cloudflare.com", "bob.ns.cloudflare.com"]}


def _account_token(name: str, inputs: dict[str, Any], place: Place) -> dict[str, Any]:
    # Cloudflare shows a token's value once, at creation; the provider keeps it as a secret.
    return {"value": rpc.wrap_rpc_secret(f"mock-{_token(name, 35)}")}


def _psc_endpoint(name: str, inputs: dict[str, Any], place: Place) -> dict[str, Any]:
    return {"pscConnectionId": str(int(_token(name, 12), 16))}


ATTRIBUTES: dict[str, Attributes] = {
    "aws:s3/bucket:Bucket": _s3_bucket,
    "aws:cloudfront/distribution:Distribution": _distribution,
    "aws:rds/instance:Instance": _rds,
    "aws:elasticache/replicationGroup:ReplicationGroup": _replication_group,
    "aws:sqs/queue:Queue": _sqs,
    "aws:route53/zone:Zone": _route53_zone,
    "gcp:storage/bucket:Bucket": _gcs_bucket,
    "gcp:compute/globalAddress:GlobalAddress": _global_address,
    "gcp:sql/databaseInstance:DatabaseInstance": _cloud_sql,
    "gcp:redis/instance:Instance": _memorystore,
    "gcp:dns/managedZone:ManagedZone": _cloud_dns_zone,
    "fastly:index/serviceVcl:ServiceVcl": _fastly_service,
    "gcp:serviceaccount/account:Account": _service_account,
    "aws:acm/certificate:Certificate": _acm_certificate,
    "gcp:logging/projectSink:ProjectSink": _log_sink,
    "gcp:storage/hmacKey:HmacKey": _hmac_key,
    "aws:iam/accessKey:AccessKey": _access_key,
    "aws:lb/loadBalancer:LoadBalancer": _load_balancer,
    "aws:sesv2/emailIdentity:EmailIdentity": _ses_identity,
    "aws:opensearch/domain:Domain": _opensearch,
    "gcp:cloudrunv2/service:Service": _cloud_run,
    "cloudflare:index/zone:Zone": _cloudflare_zone,
    "gcp:compute/forwardingRule:ForwardingRule": _psc_endpoint,
    "cloudflare:index/accountToken:AccountToken": _account_token,
}


# Answers to the lookups (invokes) the program makes: a made-up account and project.
LOOKUPS: dict[str, dict[str, Any]] = {
    "aws:index/getCallerIdentity:getCallerIdentity": {
        "accountId": "123456789012",
        "arn": "arn:aws:iam::123456789012:user/indexplan",
        "userId": "AIDAINDEXPLAN",
    },
    "gcp:organizations/getProject:getProject": {"number": "123456789012"},
    # Elastic Cloud's published Private Service Connect details (shape of its API's answer).
    "ec:index/getGcpPrivateServiceConnectEndpoint:getGcpPrivateServiceConnectEndpoint": {
        "region": "us-central1",
        "domainName": "psc.us-central1.gcp.cloud.es.io",
        "serviceAttachmentUri": "projects/example-elastic/regions/us-central1/serviceAttachments/"
        "proxy-psc-production-us-central1-v1-attachment",
    },
}


class GraphMocks(pulumi.runtime.Mocks):
    """Answers registrations with plausible state; the monitor below records them."""

    def __init__(self) -> None:
        self.places: dict[str, Place] = {}
        self.lock = threading.Lock()

    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str, dict[str, Any]]:
        resource_id = f"{args.name}-{_token(args.typ + args.name)}"
        state = dict(args.inputs)
        if args.typ.startswith("pulumi:providers:"):
            place = Place(str(args.inputs.get("region", "")), str(args.inputs.get("project", "")))
            with self.lock:
                self.places[resource_id] = place
            return resource_id, state
        place = self._place(args.provider)
        region = place.region
        if args.typ.startswith("aws:"):
            state.setdefault("arn", f"arn:aws:{args.typ.split(':')[1]}:{region}::{args.name}")
        state.setdefault("name", args.name)
        attributes = ATTRIBUTES.get(args.typ)
        if attributes is not None:
            state.update(attributes(args.name, args.inputs, place))
        if args.typ == "random:index/randomPassword:RandomPassword":
            # Secret like the real provider's; tests check it never reaches any output format.
            state["result"] = rpc.wrap_rpc_secret(f"mock-{_token(args.name, 24)}")
        return resource_id, state

    def call(self, args: pulumi.runtime.MockCallArgs) -> dict[str, Any]:  # type: ignore[override]
        return dict(LOOKUPS.get(args.token, {}))

    def _place(self, provider: str | None) -> Place:
        provider_id = (provider or "").rsplit("::", 1)[-1]
        with self.lock:
            return self.places.get(provider_id) or Place("us-east-1", "project")


class RecordingMonitor(pulumi_mocks.MockMonitor):
    """The mock monitor, also keeping each registration's URN, type, name and wire inputs."""

    def __init__(self, mocks: GraphMocks) -> None:
        super().__init__(mocks)
        self.records: list[dict[str, Any]] = []
        self._lock = threading.Lock()

    def RegisterResource(self, request: Any) -> Any:
        response = super().RegisterResource(request)
        if request.type != "pulumi:pulumi:Stack":
            # Deserialized afresh: the mocks' copy is shared with the state they return.
            inputs = rpc.deserialize_properties(request.object, keep_unknowns=True)
            record = {"urn": response.urn, "type": request.type, "name": request.name}
            with self._lock:
                self.records.append({**record, "inputs": inputs})
        return response
