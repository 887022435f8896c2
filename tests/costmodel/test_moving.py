"""The one-time cost of moving the files between setups (costmodel/planning/moving.py) and the
payback month (payback.py), on the s8-review-ops registry (tests/fixtures/registry/README.md):
100 TB stored = 1e14 B.

Hand figures, from the catalog's list prices:
- Out of S3 us-east-1 (aws s3 internet_out, AWS's 2^30-byte GB): 1e14 / 2^30 = 93,132.2575 GB;
  the first 100 GB free, 10,140 x $0.09 = $912.60, 40,960 x $0.085 = $3,481.60, the rest
  93,132.2575 - 51,200 = 41,932.2575 x $0.07 = $2,935.26: $7,329.46. (The review's
  $7,336.46 put 42,032.26 GB on the third tier, the free 100 GB not taken off.)
- Into R2 (Class A, $4.50 a million, the first million a month free): 2.6e7 files = 25 million
  paid x $4.50 = $112.50. Into S3: 2.6e7 PUTs x $0.005 / 1,000 = $130.00. Into GCS US
  multi-region: Class A $0.010 / 1,000 x 2.6e7 = $260.00.
- Out of R2: no egress charge (developers.cloudflare.com/r2/pricing).
- Out of GCS US multi-region to the Americas (gcp/storage_egress.yaml, per GiB): 1,024 x $0.12
  = $122.88, 9,216 x $0.11 = $1,013.76, 82,892.2575 x $0.08 = $6,631.38: $7,768.02.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from costmodel.errors import InputError
from costmodel.model.estimate import Unpriced
from costmodel.model.scenario import load_scenario
from costmodel.planning.moving import Move, MoveTerms, move_cost, parse_objects, parse_waivers
from costmodel.planning.payback import (
    EXACT,
    NO_LATER_THAN,
    NOT_BEFORE,
    UNKNOWN,
    payback,
)
from indexplan.options import load_setups

REG = Path(__file__).parents[1] / "fixtures" / "registry"
FILES = 2.6e7


@pytest.fixture(scope="module")
def reg():
    names = ("reg-now", "reg-r2", "reg-gcs", "reg-cf", "reg-gcdn")
    setups = load_setups([str(REG / f"Pulumi.{n}.yaml") for n in names])
    scenario = load_scenario(REG / "reg.yaml")
    return {s.name: s for s in setups}, scenario


def moved(reg, source: str, target: str, terms: MoveTerms = MoveTerms(FILES)):
    setups, scenario = reg
    return move_cost(setups[source], setups[target], scenario, scenario.as_of, terms)


def test_s3_to_r2_is_the_transfer_out_ladder_and_r2_class_a(reg):
    move = moved(reg, "reg-now", "reg-r2")
    assert move.complete
    assert [line.cents for line in move.lines] == [0, 91260, 348160, 293526, 0, 11250]
    assert move.list_cents == move.contracted_cents == 744196  # 7,329.46 + 112.50
    assert any("aws waives this $7,329.46" in n and "not applied" in n for n in move.notes)


def test_an_exit_waiver_applies_only_when_asked(reg):
    move = moved(reg, "reg-now", "reg-r2", MoveTerms(FILES, frozenset({"aws"})))
    assert (move.list_cents, move.waived_cents) == (11250, 732946)
    assert move.programs == ("aws",)
    before = reg[1].as_of.replace(year=2024, month=1)  # before AWS's program (2024-03-05)
    early = move_cost(
        reg[0]["reg-now"], reg[0]["reg-r2"], reg[1], before, MoveTerms(FILES, frozenset({"aws"}))
    )
    assert early.waived_cents == 0 and early.list_cents == 744196
    assert "no aws exit waiver before 2024-03-05" in early.notes


def test_without_a_file_count_the_writes_are_unpriced_never_zero(reg):
    move = moved(reg, "reg-now", "reg-r2", MoveTerms())
    assert not move.complete and move.list_cents == 732946  # a lower bound: >= $7,329.46
    assert "number of files is not known" in move.unpriced[0].reason
    data = move.to_dict()
    assert data["complete"] is False and data["objects"] is None


def test_leaving_r2_is_free_and_s3_bills_the_puts(reg):
    move = moved(reg, "reg-r2", "reg-now")
    assert move.list_cents == 13000  # 2.6e7 x $0.005 / 1,000
    assert any("R2 bills no egress" in n for n in move.notes)


def test_the_same_bucket_place_moves_nothing(reg):
    move = moved(reg, "reg-now", "reg-cf")  # both S3 in us-east-1
    assert (move.list_cents, move.complete, move.lines) == (0, True, ())
    assert move.notes == ("the files stay where they are (s3 us-east-1)",)


def test_leaving_a_gcs_multi_region_bucket_bills_cloud_storage_egress(reg):
    # US multi-region to the Americas (gcp/storage_egress.yaml): 1,024 x 0.12 = 122.88,
    # 9,216 x 0.11 = 1,013.76, (93,132.2575 - 10,240) x 0.08 = 6,631.38: 7,768.02; and 2.6e7 S3
    # PUTs x $0.005 / 1,000 = 130.00 in
    move = moved(reg, "reg-gcs", "reg-now")
    assert move.complete and move.list_cents == 776802 + 13000
    into_gcs = moved(reg, "reg-now", "reg-gcdn")
    assert into_gcs.list_cents == 732946 + 26000  # GCS multi-region Class A $0.010 / 1,000


@pytest.mark.parametrize(
    ("text", "message"),
    [("-4", "must not be negative"), ("ten", "expected a quantity"), ("1e19", "at most")],
)
def test_bad_file_counts_are_one_input_error(text, message):
    with pytest.raises(InputError, match=message):
        parse_objects(text)
    with pytest.raises(InputError, match="expected one of aws, gcp"):
        parse_waivers(["azure"])


def test_payback_month_and_its_bounds():
    # stay $10 a month, move $4 a month and nothing one-time: moving is below in month 0
    months = [dt.date(2027, m, 1) for m in (1, 2, 3)]
    move = Move("a", "b", 0.0, 1.0)  # no lines: a one-time cost of $0
    hole = Unpriced(
        "files", "cloudflare:index/r2Bucket:R2Bucket", "cloudflare", "storage", None, "?"
    )
    costly = Move("a", "b", 0.0, None, unpriced=(hole,))
    no = [False] * 3
    # 4 < 10 in month 0
    assert payback([1000] * 3, [400] * 3, move, months, (no, no), "b").month == months[0]
    # moving dearer every month: none by the last month, exact
    none = payback([100] * 3, [400] * 3, move, months, (no, no), "b")
    assert (none.month, none.bound, none.text(months)) == (None, EXACT, "none by 2027-03")
    # moving a lower bound (its one-time cost has a hole): not before the month found
    low = payback([1000] * 3, [400] * 3, costly, months, (no, no), "b")
    assert (low.bound, low.text(months)) == (NOT_BEFORE, "not before 2027-01")
    # staying a lower bound from month 1: found in month 0, where staying is still exact
    assert payback([1000] * 3, [400] * 3, move, months, (no, [False, True, True]), "b").bound == (
        EXACT
    )
    # staying a lower bound in month 0: the month found is no later than the true one
    later = payback([1000] * 3, [400] * 3, move, months, (no, [True] * 3), "b")
    assert later.bound == NO_LATER_THAN
    # both sides lower bounds: unknown; and no month found with staying a lower bound: unknown
    assert payback([1000] * 3, [400] * 3, costly, months, (no, [True] * 3), "b").bound == UNKNOWN
    assert payback([100] * 3, [400] * 3, move, months, (no, [True] * 3), "b").bound == UNKNOWN


def test_an_unknown_count_is_one_hole_per_bucket(reg):
    # an S3 bucket's type carries both S3's PUT and B2's Class A upload components: one hole
    move = moved(reg, "reg-r2", "reg-now", MoveTerms())
    assert [u.component for u in move.unpriced] == ["write requests (copies of the stored files)"]
    assert move.list_cents == 0 and not move.complete


def test_no_files_bucket_is_a_hole_not_a_free_move(reg):
    from costmodel.planning.compare import Setup

    setups, scenario = reg
    empty = Setup("empty", (), {}, {})
    move = move_cost(setups["reg-now"], empty, scenario, scenario.as_of, MoveTerms(FILES))
    assert not move.complete and move.list_cents == 0
    assert "empty has no files bucket" in move.unpriced[0].reason
