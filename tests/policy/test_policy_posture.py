"""The security lines `indexplan diff` puts first (policy/posture.py; s8-review-sec finding 1).

A protection that costs nothing reads as nothing in a cost diff, and one that comes with a
plan reads as a saving: `indexplan:private: true → false` showed as -$20 (the Pro plan) and
"4 that cost nothing". Each case here is a graph before and after one change."""

from __future__ import annotations

import json

from policy_graphs import ALL_PUBLIC_ACCESS_BLOCKED, res
from test_policy_private_files import TOKEN_RULE, setup

from policy.posture import posture_changes

S3 = "aws:s3/bucket:Bucket"
BLOCK = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"
POLICY = "aws:s3/bucketPolicy:BucketPolicy"
DENY = {"Sid": "DenyPlainHttp", "Effect": "Deny", "Principal": "*", "Action": "s3:*"}
READ = {"Sid": "CdnReads", "Effect": "Allow", "Principal": {"Service": "x"}, "Action": "s3:Get*"}
PRIVATE_OFF = (
    "security: the files host no longer requires a signed URL (indexplan:private true → false)"
)
PRIVATE_ON = "security: the files host now requires a signed URL (indexplan:private false → true)"
WAF_GONE = (
    "security: zone cdn-zone loses its WAF custom rules (cdn-file-tokens, "
    "cloudflare:index/ruleset:Ruleset), which the rule private-files-token relies on"
)


def bucket(*statements: dict, block: bool = True) -> list:
    document = json.dumps({"Version": "2012-10-17", "Statement": list(statements)})
    graph = [res(S3, "files"), res(POLICY, "files-policy", bucket="files-1a2b3c4", policy=document)]
    if block:
        graph.append(res(BLOCK, "files-block", bucket="files-1a2b3c4", **ALL_PUBLIC_ACCESS_BLOCKED))
    return graph


def test_nothing_changed_says_nothing():
    assert posture_changes(setup(), setup()) == []
    assert posture_changes(bucket(DENY, READ), bucket(DENY, READ)) == []


def test_a_private_index_made_public_is_said_with_the_token_rule_it_loses():
    # What the program does for `indexplan:private: false`: no flag, no plan, no token rules.
    public = setup(private=False, plan=None, rules=None)
    assert posture_changes(setup(), public) == [PRIVATE_OFF, WAF_GONE]
    assert posture_changes(public, setup()) == [PRIVATE_ON]


def test_a_private_index_that_loses_its_rules_or_its_plan_says_so():
    assert posture_changes(setup(), setup(rules=None)) == [WAF_GONE]
    assert posture_changes(setup(), setup(plan=None)) == [
        "security: zone cdn-zone loses its paid plan (cdn-plan, "
        "cloudflare:index/zoneSubscription:ZoneSubscription), which the rule "
        "private-files-token relies on"
    ]


def test_rules_in_another_phase_are_not_the_waf():
    cache_rules = setup(rules=[TOKEN_RULE])
    cache_rules[-1] = res(
        "cloudflare:index/ruleset:Ruleset",
        "cdn-file-tokens",
        cache_rules[0].type,
        zoneId="cdn-zone-b6ec18c2",
        phase="http_request_cache_settings",
    )
    assert posture_changes(cache_rules, setup(rules=None)) == []


def test_a_bucket_that_loses_its_public_access_block_or_its_deny():
    assert posture_changes(bucket(DENY, READ), bucket(DENY, READ, block=False)) == [
        "security: bucket files loses its public access block (files-block, "
        "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock), which the rule "
        "storage-private relies on"
    ]
    assert posture_changes(bucket(DENY, READ), bucket(READ)) == [
        "security: the policy files-policy of bucket files no longer has the Deny statement "
        "DenyPlainHttp, which the rule storage-https-only relies on"
    ]
    second = {**DENY, "Sid": None, "Action": "s3:DeleteBucket"}  # no Sid: its place, #2
    assert posture_changes(bucket(DENY, second, READ), bucket(READ)) == [
        "security: the policy files-policy of bucket files no longer has the Deny statements "
        "#2, DenyPlainHttp, which the rule storage-https-only relies on"
    ]
    no_policy = [r for r in bucket(DENY) if r.type != POLICY]
    assert posture_changes(bucket(DENY), no_policy) == [
        "security: bucket files loses its policy's Deny statements (files-policy, "
        "aws:s3/bucketPolicy:BucketPolicy), which the rule storage-https-only relies on"
    ]


def test_a_guard_removed_with_what_it_guards_is_no_weakening():
    assert posture_changes(bucket(DENY, READ), []) == []
    assert posture_changes(setup(), []) == [PRIVATE_OFF]
    # a policy without a Deny guards nothing the rules look for
    assert posture_changes(bucket(READ, block=False), [res(S3, "files")]) == []
