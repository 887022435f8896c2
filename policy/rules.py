"""Every rule, in the order `indexplan check` reports them, and one call to run them all."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from policy.accept import accept, parse_acceptances, unused
from policy.app import app_https_only
from policy.cache_auth import cache_auth
from policy.cdn import cdn_https_only
from policy.cloudflare import cloudflare_https_only
from policy.database import database_private
from policy.database_tls import database_tls
from policy.dns import dns_dnssec
from policy.encryption import encryption_at_rest
from policy.ingress import open_ingress
from policy.least_privilege import least_privilege
from policy.mail import email_tls_required
from policy.model import Graph, Rule, Violation
from policy.network import stores_in_network
from policy.object_storage import object_storage_private, s3_rules_without_b2
from policy.plaintext_secrets import STACK_FILE_RULE, generated_secrets, stack_file_secrets
from policy.private_files import private_files_token, unverified_offline
from policy.public_principals import public_principals
from policy.search import search_private
from policy.storage import storage_private
from policy.storage_tls import storage_https_only
from policy.versioning import storage_versioned

RULES: tuple[Rule, ...] = (
    Rule(
        "storage-private",
        "No bucket is readable or writable by the public; only the CDN's origin identity reads it.",
        "mandatory",
        s3_rules_without_b2(storage_private),  # B2 buckets: object-storage-private below
    ),
    Rule(
        "storage-https-only",
        "S3 buckets refuse plain HTTP: their policy denies requests without aws:SecureTransport.",
        "mandatory",
        s3_rules_without_b2(storage_https_only),  # B2 has no bucket policies
    ),
    Rule(
        "encryption-at-rest",
        "Storage, database, cache and queues are encrypted at rest (and the cache in transit).",
        "mandatory",
        encryption_at_rest,
    ),
    Rule(
        "database-private",
        "Databases are not publicly reachable, have deletion protection and 7+ days of backups.",
        "mandatory",
        database_private,
        per_resource=True,
    ),
    Rule(
        "database-tls",
        "PostgreSQL accepts TLS connections only (rds.force_ssl, Cloud SQL sslMode).",
        "mandatory",
        database_tls,
    ),
    Rule(
        "cache-auth",
        "Redis caches require clients to authenticate (an AUTH token, users or authEnabled).",
        "mandatory",
        cache_auth,
        per_resource=True,
    ),
    Rule(
        "cdn-https-only",
        "The CDN serves HTTPS only with TLS 1.2 at minimum and reaches its origin over TLS.",
        "mandatory",
        cdn_https_only,
    ),
    Rule(
        "dns-dnssec",
        "Public DNS zones are signed with DNSSEC.",
        "mandatory",
        dns_dnssec,
    ),
    Rule(
        "generated-secrets",
        "Passwords, tokens and keys in resource inputs are generated or encrypted, never plain.",
        "mandatory",
        generated_secrets,
    ),
    Rule(
        "storage-versioning",
        "Buckets keep old object versions (advisory: protects against overwrites and deletes).",
        "advisory",
        s3_rules_without_b2(storage_versioned),  # B2 keeps every version by design
    ),
    # ---- issue 12: B2 and R2, search, the application tier, Cloudflare, mail ----------------
    Rule(
        "object-storage-private",
        "B2 and R2 buckets are private: no public ACL or r2.dev address; R2 domains TLS 1.2+.",
        "mandatory",
        object_storage_private,
    ),
    Rule(
        "search-private",
        "Search is private (VPC or traffic filter), encrypted, and HTTPS-only with TLS 1.2+.",
        "mandatory",
        search_private,
        per_resource=True,
    ),
    Rule(
        "app-https-only",
        "The app's load balancer serves HTTPS with TLS 1.2+, HTTP only redirects; no public tasks.",
        "mandatory",
        app_https_only,
        per_resource=True,
    ),
    Rule(
        "cloudflare-https-only",
        "A Cloudflare zone redirects HTTP, requires TLS 1.2+ and checks origin certificates.",
        "mandatory",
        cloudflare_https_only,
    ),
    Rule(
        "private-files-token",
        "A private index's files host answers only signed URLs (Cloudflare WAF HMAC token rule).",
        "mandatory",
        private_files_token,
        unverified=unverified_offline,
    ),
    Rule(
        "public-principals",
        "No other grant or resource policy is open to everyone (allUsers, Principal *).",
        "mandatory",
        public_principals,
        per_resource=True,
    ),
    # ---- least privilege ----------------------------------------------------------------
    Rule(
        "iam-least-privilege",
        "No IAM grant of every action (or a service's every action) on every resource.",
        "mandatory",
        least_privilege,
        per_resource=True,
        acceptable=True,  # a deployment role may need it: the stack file says so and why
    ),
    Rule(
        "ingress-web-only",
        "Only HTTP(S) (80, 443) is open to the internet in security groups and firewall rules.",
        "mandatory",
        open_ingress,
        per_resource=True,
    ),
    Rule(
        "stores-in-network",
        "Databases and caches are in the stack's own network and admit only the app.",
        "mandatory",
        stores_in_network,
        # a network another stack manages (a platform team's shared VPC) is not in this graph
        acceptable=True,
    ),
    Rule(
        "email-tls-required",
        "Outbound mail is delivered over TLS only.",
        "mandatory",
        email_tls_required,
        per_resource=True,
    ),
)
STACK_FILE_DESCRIPTION = "Config keys named like a secret are secure: values in the stack file."
RULE_IDS: tuple[str, ...] = (*(r.id for r in RULES), STACK_FILE_RULE)
ACCEPTABLE = frozenset(r.id for r in RULES if r.acceptable)


def check(
    graph: Graph, config: Mapping[str, Any], where: str = "stack file", text: str | None = None
) -> list[Violation]:
    """All violations of a stack: its resource graph and its stack file's config (and `text`,
    the stack file as written)."""
    found = stack_file_secrets(config, where, text)
    acceptances = parse_acceptances(config, where, ACCEPTABLE)
    for rule in RULES:
        found += rule.run(graph)
    return accept(found, acceptances) + unused(found, acceptances, graph)


def not_verified(graph: Graph) -> list[Violation]:
    """What the rules could not read in this graph (secrets, offline): never a pass."""
    return [v for rule in RULES for v in rule.not_verified(graph)]
