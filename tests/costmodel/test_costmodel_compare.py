"""compare never ranks a bill with holes: an unpriced part that costs money makes a setup's
totals a lower bound, and a lower bound is never named cheapest over a complete bill."""

from __future__ import annotations

import datetime as dt

from costmodel_helpers import CLOUDFRONT, REGIONS, res

from costmodel.model.estimate import Unpriced
from costmodel.model.scenario import parse_scenario
from costmodel.planning.compare import Setup, compare, holes, missing_roles
from costmodel.planning.ranking import Lower

DAY = dt.date(2026, 6, 1)
# 1 TB = 931.32 GiB, inside CloudFront's 1,024 GiB free tier (since 2021-12): the CDN is $0
SCENARIO = parse_scenario({"traffic": {"egress": "1 TB/month", "requests": 0}}, "t.yaml", "t")


def rds(name: str, instance_class: str):
    return res(
        "aws:rds/instance:Instance",
        name,
        "database",
        engine="postgres",
        instanceClass=instance_class,
        allocatedStorage=20,
    )


# The catalog has no class "db.x9.mega": its instance hours are unpriced, its disk is priced.
HOLED = Setup("holed", [CLOUDFRONT, rds("db", "db.x9.mega")], REGIONS, {})
WHOLE = Setup("whole", [CLOUDFRONT, rds("db", "db.t4g.medium")], REGIONS, {})


def test_a_setup_missing_its_database_is_not_named_cheapest() -> None:
    result = compare([HOLED, WHOLE], SCENARIO, DAY)
    holed, whole = result.estimates
    # holed: 20 GB gp3 at 0.115 $/GB-month = $2.30; the instance is missing from the bill.
    # whole: db.t4g.medium single-AZ 0.065 $/hour x 730 hours = $47.45, + $2.30 = $49.75.
    assert (holed.list_cents, whole.list_cents) == (230, 4975)
    # review s8-ops 2(b): whole is not named cheapest over holed's lower bound below it:
    # holed is lower unless its one missing part costs more than $49.75 - $2.30 = $47.45
    assert result.cheapest("list") == [] and result.cheapest("out_of_pocket") == []
    assert result.lower("list") == (Lower(setup=0, than=1, parts=1, margin_cents=4745),)
    assert result.ranked() == [whole]
    assert (result.complete(holed), result.complete(whole)) == (False, True)
    setups = result.to_dict()["setups"]
    assert [s["complete"] for s in setups] == [False, True]
    [missing] = setups[0]["unpriced"]
    assert missing["resource"] == "db" and missing["type"] == "aws:rds/instance:Instance"
    assert missing["reason"].startswith("instance: ") and "db.x9.mega" in missing["reason"]
    assert setups[1]["unpriced"] == []
    assert missing_roles(result.holes(holed)) == ["database"]


def test_when_no_setup_is_complete_none_is_named_cheapest() -> None:
    # review s5, finding 6: two lower bounds with different holes cannot be ranked. "other"
    # misses one database's hours and "holed" another's: holed's $2.30 is lowest only because
    # its database is missing, so it is given as the lowest lower bound, not as the cheapest.
    other = Setup("other", [CLOUDFRONT, rds("db", "db.y9.giga"), rds("db2", "db.t4g.medium")],
                  REGIONS, {})  # fmt: skip
    result = compare([other, HOLED], SCENARIO, DAY)
    assert not result.any_complete
    assert result.ranked() == [] and result.cheapest("list") == []
    # $2.30 against $2.30 + $49.75
    assert [e.stack for e in result.lowest_lower_bound("list")] == ["holed"]
    data = result.to_dict()
    assert data["cheapest"] == {"list": [], "contracted": [], "out_of_pocket": []}
    assert data["lowest_lower_bound"] == {
        "list": ["holed"],
        "contracted": ["holed"],
        "out_of_pocket": ["holed"],
    }
    # with a complete setup there is no lower bound to give apart, and the key is absent
    assert "lowest_lower_bound" not in compare([HOLED, WHOLE], SCENARIO, DAY).to_dict()


def test_free_types_are_no_hole() -> None:
    free = Unpriced("policy", "aws:s3/bucketPolicy:BucketPolicy", "aws", "storage", None, "x")
    costly = Unpriced("key", "aws:kms/key:Key", "aws", "queue", None, "no sourced price")
    assert holes([free, costly]) == (costly,)
