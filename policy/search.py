"""The search service is not public: an OpenSearch domain lives in a VPC, encrypts at rest and
between nodes, and answers HTTPS only with TLS 1.2 or later; an Elastic Cloud deployment
admits only the traffic its filters allow."""

from __future__ import annotations

from collections.abc import Iterator

from costmodel.model.graph import Resource
from policy.model import Finding, Graph, dig, expected, items, of_type
from policy.principals import Unreadable, allow_statements, principal_of, read_document

OPENSEARCH = "aws:opensearch/domain:Domain"
ELASTICSEARCH = "aws:elasticsearch/domain:Domain"
ELASTIC_CLOUD = "ec:index/deployment:Deployment"
# OpenSearch's TLS policies that refuse TLS 1.0 and 1.1.
TLS12_POLICIES = frozenset({"Policy-Min-TLS-1-2-2019-07", "Policy-Min-TLS-1-2-PFS-2023-10"})


def search_private(graph: Graph) -> Iterator[Finding]:
    for domain in of_type(graph, OPENSEARCH, ELASTICSEARCH):
        yield from _domain(domain)
    for deployment in of_type(graph, ELASTIC_CLOUD):
        if not items(deployment.inputs.get("trafficFilters")):
            yield (
                deployment,
                "Elastic Cloud deployment has no traffic filter, so it is open to the internet; "
                "attach a private-link or IP filter",
            )


def _domain(domain: Resource) -> Iterator[Finding]:
    inputs = domain.inputs
    if not items(dig(inputs, "vpcOptions", "subnetIds")):
        yield domain, "search domain has a public endpoint; place it in a VPC (vpcOptions)"
    for block, label in (
        ("encryptAtRest", "encryptAtRest.enabled"),
        ("nodeToNodeEncryption", "nodeToNodeEncryption.enabled"),
    ):
        if dig(inputs, block, "enabled") is not True:
            yield expected(domain, f"search domain: {label}", "true", dig(inputs, block, "enabled"))
    endpoint = inputs.get("domainEndpointOptions")
    if dig(endpoint, "enforceHttps") is not True:
        got = dig(endpoint, "enforceHttps")
        yield expected(domain, "search domain: domainEndpointOptions.enforceHttps", "true", got)
    policy = dig(endpoint, "tlsSecurityPolicy")
    if policy not in TLS12_POLICIES:
        wanted = " or ".join(sorted(TLS12_POLICIES))
        yield expected(domain, "search domain: tlsSecurityPolicy", wanted, policy)
    if _allows_anyone(inputs.get("accessPolicies")):
        yield domain, "search domain's access policy allows any principal (*)"


def _allows_anyone(policy: object) -> bool:
    if not isinstance(policy, str):
        return False
    try:
        document = read_document(policy)
    except Unreadable:
        return True  # unreadable: it cannot be shown to be closed
    return any(isinstance(s, dict) and principal_of(s).anyone for s in allow_statements(document))
