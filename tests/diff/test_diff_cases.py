"""`indexplan diff` on the changes the issue names, worked by hand from the catalog.

Prices (costmodel/catalog/aws/rds.json, s3.json, kms.yaml; gcp/services.yaml, storage.json):
RDS for PostgreSQL in us-east-1, Multi-AZ, db.r6g.large 0.45 $/hour and db.m6g.large
0.318 $/hour, over the providers' 730-hour month (costmodel/model/quantities.py
HOURS_PER_MONTH); S3 Glacier Instant Retrieval 0.004 $/GB-month (launched 2021-11-30) and PUT
requests 0.005 $ per 1,000; a KMS key 1 $/month; BigQuery active storage 0.02 $/GiB-month after
the first 10 GiB; GCS Standard in the US multi-region 0.026 $/GiB-month. Scenario pypi-2023
stores 14 TB and gives no uploads (the model's default is 10,000 a month); no scenario gives
the statistics dataset's size (default 1 TB).
"""

from __future__ import annotations

from helpers import by_name, cents, changed, diff_json, estimate_totals, run, variant

LEVELS = ("list", "contracted", "sponsored", "out_of_pocket")


def test_changing_the_database_class_is_exactly_the_difference_of_the_two_estimates(
    capsys, tmp_path
):
    head = variant(tmp_path, "all-aws", ("db.r6g.large", "db.m6g.large"))
    data = diff_json(capsys, "all-aws", head, "-s", "pypi-2023")
    before = estimate_totals(capsys, "all-aws", "pypi-2023")
    after = estimate_totals(capsys, head, "pypi-2023")
    assert data["totals"]["before"] == before
    assert data["totals"]["after"] == after
    for level in LEVELS:
        key = f"{level}_monthly_usd"
        assert cents(data["totals"]["diff"][key]) == cents(after[key]) - cents(before[key])
    # The instance, by hand: 730 h x 0.45 = 328.50 before, 730 h x 0.318 = 232.14 after,
    # -96.36; its storage (500 GB Multi-AZ) does not change. all-aws has no sponsor, so out of
    # pocket moves by the same -96.36.
    assert changed(data) == {"database-postgres": "changed"}
    database = by_name(data)["database-postgres"]
    (instance,) = [c for c in database["components"] if c["change"] != "same"]
    assert (instance["component"], instance["region"]) == ("instance", "us-east-1")
    assert (instance["before"]["quantity"], instance["after"]["quantity"]) == (730, 730)
    assert instance["before"]["list_monthly_usd"] == 328.50
    assert instance["after"]["list_monthly_usd"] == 232.14
    assert cents(data["totals"]["diff"]["list_monthly_usd"]) == -9636
    assert cents(data["totals"]["diff"]["out_of_pocket_monthly_usd"]) == -9636
    # percent of the base bill, whatever it is: -96.36 / before
    expected = round(-9636 / cents(before["list_monthly_usd"]) * 100, 4)
    assert data["totals"]["diff"]["list_percent"] == expected


def test_a_class_without_a_price_is_the_component_changed_to_unknown(capsys, tmp_path):
    # The catalog has no db.x2g class: the instance is one component changed from
    # 730 h x 0.45 = 328.50 (us-east-2, Multi-AZ) to an unknown amount, not a removal and an
    # addition, and the difference is unknown (not -328.50).
    head = variant(tmp_path, "pypi-2021", ("db.r6g.large", "db.x2g.large"))
    data = diff_json(capsys, "pypi-2021", head, "-s", "pypi-2021")
    assert changed(data) == {"database-postgres": "changed"}
    (instance,) = [
        c for c in by_name(data)["database-postgres"]["components"] if c["change"] != "same"
    ]
    assert (instance["component"], instance["change"]) == ("instance", "changed")
    assert instance["before"]["list_monthly_usd"] == 328.50
    assert instance["after"] == {
        "list_monthly_usd": None,
        "contracted_monthly_usd": None,
        "unpriced": [
            "no aws rds_postgresql instance price for db.x2g.large/multi-az in us-east-2 in the "
            "catalog"
        ],
    }
    # The totals are the two estimates' (priced lines only): -328.50, with the unknown
    # said beside it, never taken as a saving of $0 or a known amount.
    assert cents(data["totals"]["diff"]["list_monthly_usd"]) == -32850
    code, out, _ = run(capsys, "diff", "pypi-2021", head, "-s", "pypi-2021", "-f", "markdown")
    assert code == 0 and out.splitlines()[0].endswith("and 1 unpriced (see below)")


def test_adding_an_archive_bucket_is_one_added_resource_with_its_components(capsys, tmp_path):
    base = variant(tmp_path, "all-aws", ("archive: true", "archive: false"))
    data = diff_json(capsys, base, "all-aws", "-s", "pypi-2023")
    added = {n: r for n, r in by_name(data).items() if r["change"] == "added"}
    costed = {n: r for n, r in added.items() if r["components"]}
    assert list(costed) == ["storage-archive"]
    # The rest of what an archive bucket brings is its configuration: free, a known $0.
    assert all(r["after"]["list_monthly_usd"] == 0 for n, r in added.items() if n not in costed)
    assert set(changed(data)) == set(added)
    archive = costed["storage-archive"]
    assert archive["type"] == "aws:s3/bucket:Bucket" and archive["before"] is None
    # Glacier IR: 14 TB = 14e12 B / 2^30 = 13,038.516 GB-month x 0.004 = 52.154 -> 52.15;
    # PUTs: 10,000 uploads (every bucket of the role gets each one) / 1,000 x 0.005 = 0.05.
    parts = {c["component"]: c for c in archive["components"]}
    assert set(parts) == {"storage (Glacier Instant Retrieval)", "PUT requests (uploads)"}
    glacier = parts["storage (Glacier Instant Retrieval)"]
    assert round(glacier["after"]["quantity"], 3) == 13038.516
    assert glacier["after"]["list_monthly_usd"] == 52.15
    assert parts["PUT requests (uploads)"]["after"]["list_monthly_usd"] == 0.05
    assert all(c["change"] == "added" and c["before"] is None for c in parts.values())
    assert archive["after"] == {"list_monthly_usd": 52.20, "contracted_monthly_usd": 52.20}
    assert cents(data["totals"]["diff"]["list_monthly_usd"]) == 5220


def test_removing_analytics_is_one_removed_role(capsys, tmp_path):
    head = variant(tmp_path, "pypi-2021", ("    analytics: gcp\n", ""))
    data = diff_json(capsys, "pypi-2021", head, "-s", "pypi-2021")
    gone = {n: r for n, r in by_name(data).items() if r["change"] == "removed"}
    # Nothing added; the one other change is the CDN, which no longer streams its logs.
    assert changed(data) == {**dict.fromkeys(gone, "removed"), "cdn-service": "changed"}
    # every resource removed is the BigQuery component or one of its children
    assert {r["urn"].split("::")[2].split("$")[-2] for r in gone.values()} == {
        "pulumi:pulumi:Stack",  # the component itself, under the stack
        "indexplan:analytics:BigQuery",
    }
    assert gone["analytics"]["type"] == "indexplan:analytics:BigQuery"
    # The dataset, 1 TB = 1e12 / 2^30 = 931.323 GiB-month, the first 10 free:
    # 921.323 x 0.02 = 18.426 -> 18.43.
    assert gone["analytics-dataset"]["before"]["list_monthly_usd"] == 18.43
    # The CDN's log bucket: 2e9 requests a day x 365.25/12 days = 6.0875e10 requests, one
    # 600-byte Fastly log line each, kept 30 days (its Delete rule) of the scenario's month:
    # 6.0875e10 x 600 x 30 / 30.4375 = 3.6e13 B = 33,527.61 GiB x 0.026 = 871.718 -> 871.72.
    assert gone["analytics-cdn-logs"]["before"]["list_monthly_usd"] == 871.72
    assert cents(data["totals"]["diff"]["list_monthly_usd"]) == -(1843 + 87172)
    # Fastly's log streaming had no price: what its removal saves is unknown, not $0.
    streaming = {c["component"]: c for c in by_name(data)["cdn-service"]["components"]}
    assert streaming["log streaming"]["change"] == "removed"
    assert streaming["log streaming"]["before"]["list_monthly_usd"] is None
    code, out, _ = run(capsys, "diff", "pypi-2021", head, "-s", "pypi-2021")
    assert code == 0
    assert "role analytics removed (was indexplan:analytics:BigQuery)" in out


def test_a_changed_sponsor_leaves_list_unchanged_and_moves_out_of_pocket(capsys, tmp_path):
    head = variant(
        tmp_path, "pypi-2021", ("credit_monthly_usd: 10000", "credit_monthly_usd: 15000")
    )
    data = diff_json(capsys, "pypi-2021", head, "-s", "pypi-2021")
    # Google's bill under pypi-2021 is far above $15,000 (storage egress alone is more), so the
    # whole extra $5,000 credit is given: sponsored +5,000.00, out of pocket -5,000.00.
    assert changed(data) == {}
    diff = data["totals"]["diff"]
    assert cents(diff["list_monthly_usd"]) == 0 and cents(diff["contracted_monthly_usd"]) == 0
    assert cents(diff["sponsored_monthly_usd"]) == 500000
    assert cents(diff["out_of_pocket_monthly_usd"]) == -500000
    before = data["totals"]["before"]["out_of_pocket_monthly_usd"]
    assert diff["out_of_pocket_percent"] == round(-500000 / cents(before) * 100, 4)


def test_a_stack_against_itself_is_zero_with_every_resource_same(capsys):
    data = diff_json(capsys, "all-gcp", "all-gcp", "-s", "pypi-2026")
    assert data["resources"] and {r["change"] for r in data["resources"]} == {"same"}
    assert all(c["change"] == "same" for r in data["resources"] for c in r["components"])
    assert set(data["totals"]["diff"].values()) == {0}
    assert data["totals"]["before"] == data["totals"]["after"]
    assert data["totals"]["bound"] == "exact"
    # all-gcp leaves its archive bucket's lifecycle Class A operations unpriced, so its total
    # is a lower bound on both sides, and the headline says so; the difference is exactly 0
    assert data["totals"]["complete"] == {"before": False, "after": False}
    code, out, _ = run(capsys, "diff", "all-gcp", "all-gcp", "-s", "pypi-2026", "-f", "markdown")
    assert code == 0
    assert out.splitlines()[0] == "### `all-gcp`: no change to the monthly bill, " + (
        f"≥ ${data['totals']['after']['list_monthly_usd']:,.2f} at list price"
    )


def test_an_unpriced_resource_added_is_unknown_never_plus_zero(capsys, tmp_path):
    # pypi-2021's AWS parts moved to eu-west-2 (London), where the catalog has no dated SNS
    # price (the catalog's unpriced entry says why): adding the queue adds a resource of
    # unknown cost. (Its SQS and KMS requests are priced there since issue 10's third part;
    # this case used us-east-2 until SNS was priced there in session 12.)
    london = ("aws:region: us-east-2", "aws:region: eu-west-2")
    base = variant(tmp_path, "pypi-2021", ("    queue: aws\n", ""), london)
    after = variant(tmp_path, "pypi-2021", london, name="pypi-2021-london")
    data = diff_json(capsys, base, after, "-s", "pypi-2021")
    topic = by_name(data)["queue-mail-events"]
    assert topic["change"] == "added"
    assert topic["after"]["list_monthly_usd"] is None
    [reason] = topic["after"]["unpriced"]
    assert reason.startswith(
        "no aws sns publishes price for eu-west-2: AWS lists SNS prices per region; "
    )
    # the key is $1.00 a month plus its requests: 26,280 a month (2,628,000 s / 300 s x 3),
    # 20,000 free, 0.628 x $0.03 per 10,000 = $0.02 (London's rate); the queue's 3 million
    # requests are 1 million free + 2 x $0.40 (London's): the total added is +$1.82 and one
    # unknown amount (the topic's publishes)
    key = by_name(data)["queue-key"]
    assert key["after"]["list_monthly_usd"] == 1.02 and "unpriced" not in key["after"]
    assert cents(data["totals"]["diff"]["list_monthly_usd"]) == 182
    for fmt in ("table", "markdown"):
        code, out, _ = run(capsys, "diff", base, after, "-s", "pypi-2021", "-f", fmt)
        assert code == 0
        row = next(
            line for line in out.splitlines() if "queue-mail-events" in line and "added" in line
        )
        assert "unknown" in row and "+$0.00" not in row
        row = next(line for line in out.splitlines() if "queue-key" in line and "added" in line)
        assert "$1.02" in row and "unknown" not in row
        assert "and 1 unpriced" in " ".join(out.split())  # the headline, however wrapped


def test_a_component_not_yet_priced_makes_the_resource_partly_unknown(capsys, tmp_path):
    # Before Glacier IR was launched (2021-11-30) its storage has no price on 2021-04-30: the
    # archive bucket added costs its PUTs (0.05) plus an unknown amount, never just +$0.05.
    base = variant(tmp_path, "all-aws", ("archive: true", "archive: false"))
    data = diff_json(capsys, base, "all-aws", "-s", "pypi-2021")
    archive = by_name(data)["storage-archive"]
    assert archive["after"]["list_monthly_usd"] == 0.05
    assert (
        archive["after"]["unpriced"]
        and "not available on 2021-04-30" in archive["after"]["unpriced"][0]
    )
    code, out, _ = run(capsys, "diff", base, "all-aws", "-s", "pypi-2021")
    assert code == 0
    row = next(line for line in out.splitlines() if "storage-archive (storage)" in line)
    assert "$0.05 + unknown" in row and row.rstrip().endswith("unknown")


def test_a_class_that_loses_its_price_bounds_the_difference(capsys, tmp_path):
    # db.x2g.large is a real RDS class the catalog does not price. all-aws's database is
    # db.r6g.large Multi-AZ in us-east-1, 0.45 $/h x 730 h = 328.50 a month at list. Moving to
    # the unpriced class drops 328.50 from the priced totals and adds an unknown amount >= 0,
    # so the real difference is at least -328.50; the way back is at most +328.50.
    head = variant(tmp_path, "all-aws", ("db.r6g.large", "db.x2g.large"), name="all-aws-x2g")
    there = diff_json(capsys, "all-aws", head, "-s", "pypi-2026")
    back = diff_json(capsys, head, "all-aws", "-s", "pypi-2026")
    assert cents(there["totals"]["diff"]["list_monthly_usd"]) == -32850
    assert cents(back["totals"]["diff"]["list_monthly_usd"]) == 32850
    assert (there["totals"]["bound"], back["totals"]["bound"]) == ("at_least", "at_most")
    assert there["totals"]["complete"] == {"before": True, "after": False}
    code, out, _ = run(capsys, "diff", "all-aws", head, "-s", "pypi-2026", "-f", "markdown")
    assert code == 0
    assert out.splitlines()[0].startswith("### `all-aws-x2g`: ≥ -$328.50 a month (≥ -0.0056%)")
    code, out, _ = run(capsys, "diff", head, "all-aws", "-s", "pypi-2026", "-f", "markdown")
    assert "≤ +$328.50 a month" in out.splitlines()[0]
    # the totals table: HEAD's total is a lower bound, the difference an upper one
    totals = next(line for line in out.splitlines() if line.startswith("| List price"))
    assert "| ≥ $" in totals and "| ≤ +$328.50 |" in totals
