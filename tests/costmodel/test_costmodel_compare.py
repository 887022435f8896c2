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


def test_each_level_keeps_only_the_holes_of_its_column() -> None:
    # ranking.Holes.at: a part unpriced at list only (a catalog ladder that ends, a book
    # pricing the rest) is a hole at list, none at contracted, sponsored or out of pocket; a
    # part unpriced at contracted only the other way round; a part in both columns at each
    from costmodel.planning.ranking import Holes, standing, uncancelled

    def part(name: str, column: str | None) -> Unpriced:
        return Unpriced(name, "fastly:index/serviceVcl:ServiceVcl", "fastly", "cdn",
                        "bandwidth", "past 10 TB", column)  # fmt: skip

    tail, booked, both = part("a", "list"), part("b", "contracted"), part("c", None)
    holes = uncancelled([(tail,), (booked,), (both,), ()])
    assert holes.at("list").own == ((tail,), (), (both,), ())
    for level in ("contracted", "sponsored", "out_of_pocket"):
        assert holes.at(level).own == ((), (booked,), (both,), ())
    # extra (what does not cancel against each other setup) is kept per column the same way
    assert holes.at("list").extra[0] == ((tail,),) * 4 and holes.at("list").extra[1] == ((),) * 4
    plain = Holes(((both,), ()), (((both,), (both,)), ((), ())))
    assert plain.at("list") is plain  # no one-column part: nothing to filter
    # cents 1000, 500, 300, 2000. At list setups 1 (its part is at contracted only) and 3 are
    # ranked, 1 lowest at $5.00; setup 2's ≥ $3.00 is below it: lower unless its part costs
    # more than 5.00 - 3.00 = $2.00, so no star (setup 0's ≥ $10.00 is above). At contracted
    # setups 0 (its part is at list only) and 3 are ranked, 0 lowest at $10.00; setups 1 and 2
    # are below it, by 10.00 - 5.00 = $5.00 and 10.00 - 3.00 = $7.00.
    cents = [1000, 500, 300, 2000]
    at_list = standing(cents, holes.at("list"))
    assert (at_list.ranked, at_list.lowest, at_list.cheapest) == ((1, 3), (1,), ())
    assert [(x.setup, x.than, x.parts, x.margin_cents) for x in at_list.lower] == [(2, 1, 1, 200)]
    at_contracted = standing(cents, holes.at("contracted"))
    assert (at_contracted.ranked, at_contracted.lowest, at_contracted.cheapest) == (
        (0, 3),
        (0,),
        (),
    )
    assert [(x.setup, x.margin_cents) for x in at_contracted.lower] == [(1, 500), (2, 700)]
    # without the column rule (every hole at every level) only setup 3 is ranked at either
    assert standing(cents, holes).ranked == (3,)
