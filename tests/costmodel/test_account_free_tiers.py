"""SQS's, SNS's and KMS's free requests are the account's, not each resource's: AWS's Billing
guide ("Trackable AWS Free Tier services", awsdocs/aws-cost-management-user-guide@f07410319ecb
doc_source/tracking-free-tier-usage.md) tracks them under one account-wide usage type each
(SQS `Global-Requests`, KMS `Global-KMS-Requests`, SNS `Requests-Tier1` without a region
prefix). So a second queue, topic or key, in any region, gets what the first left: nothing, once
the first has used it all (costmodel/catalog/aws/messaging.yaml, kms.yaml: `allowance_pool`)."""

from __future__ import annotations

from costmodel_helpers import lines, price, res

AS_OF = "2026-08-14"


def queue(name: str, **inputs: object):
    return res("aws:sqs/queue:Queue", name, "queue", **inputs)


def topic(name: str, **inputs: object):
    return res("aws:sns/topic:Topic", name, "queue", **inputs)


def test_a_second_queue_in_another_region_gets_no_free_million():
    # 1e6 messages x 3 requests (send, receive, delete) shared by 2 live queues: 1.5e6 each.
    # us-east-1 first: 1 million free, 0.5 x 0.40 = 0.20; eu-west-1 then: nothing left,
    # 1.5 x 0.40 = 0.60. $0.80 = (3 - 1) x 0.40, as AWS bills it (each queue its own free
    # million gave 0.20 + 0.20: $0.40 short).
    est = price(
        [queue("tasks"), queue("mail", region="eu-west-1")],
        {"traffic": {"egress": "1 TB/month"}, "queue": {"messages": "1e6/month"}},
        as_of=AS_OF,
    )
    assert lines(est, "tasks") == [
        ("requests (send, receive, delete), first 1 million requests (free)", "us-east-1", 0, 0),
        ("requests (send, receive, delete), 1 million to 100 billion requests", "us-east-1",
         0.4, 0.2),
    ]  # fmt: skip
    assert lines(est, "mail") == [
        ("requests (send, receive, delete), first 100 billion requests", "eu-west-1", 0.4, 0.6),
    ]
    assert est.list_cents == 80


def test_queues_below_the_free_million_share_it_and_pay_nothing():
    # 2e5 messages x 3 / 2 = 3e5 requests each: 6e5 in all, under the one free million
    est = price(
        [queue("tasks"), queue("mail", region="eu-west-1")],
        {"traffic": {"egress": "1 TB/month"}, "queue": {"messages": "2e5/month"}},
        as_of=AS_OF,
    )
    assert est.list_cents == 0
    assert [round(s, 6) for _, _, s in est.allowance_shares] == [0.3, 0.3]


def test_a_second_topic_pays_for_every_publish():
    # 4e6 messages, one publish each, shared by 2 topics: 2e6 each. us-east-1: 1 million free,
    # 1 x 0.50 = 0.50; eu-west-1: 2 x 0.50 = 1.00. $1.50 = (4 - 1) x 0.50
    est = price(
        [topic("events"), topic("mail", region="eu-west-1")],
        {"traffic": {"egress": "1 TB/month"}, "queue": {"messages": "4e6/month"}},
        as_of=AS_OF,
    )
    events = [line[1:] for line in lines(est, "events")]
    assert events == [("us-east-1", 0, 0), ("us-east-1", 0.5, 0.5)]
    assert [line[1:] for line in lines(est, "mail")] == [("eu-west-1", 0.5, 1.0)]
    assert est.list_cents == 150


def test_two_keys_share_the_20000_free_requests():
    """Each key encrypts one queue: 2,628,000 s / 300 s x 3 (2 producers' and 1 consumer's
    data keys) = 26,280 requests a key (aws_kms_key.py). The first key: 20,000 free, 6,280 =
    0.628 x 10,000 x 0.03 = 0.01884 -> 0.02; the second, in eu-west-1: 2.628 x 0.03 = 0.07884
    -> 0.08; plus $1 a key-month each. Per key, each would have paid 0.02."""
    keys = [
        res("aws:kms/key:Key", "k1", "queue"),
        res("aws:kms/key:Key", "k2", "queue", region="eu-west-1"),
    ]
    queues = [
        queue("q1", kmsMasterKeyId="k1"),
        queue("q2", kmsMasterKeyId="k2", region="eu-west-1"),
    ]
    est = price(keys + queues, {"traffic": {"egress": "1 TB/month"}}, as_of=AS_OF)
    requests = [(r, line[1:]) for r in ("k1", "k2") for line in lines(est, r)
                if line[0].startswith("requests")]  # fmt: skip
    assert requests == [
        ("k1", ("us-east-1", 0, 0)),
        ("k1", ("us-east-1", 0.03, 0.02)),
        ("k2", ("eu-west-1", 0.03, 0.08)),
    ]
