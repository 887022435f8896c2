"""The "contact sales" remainder of a shared (pooled) ladder: what lies beyond a bounded last
tier is counted from where this quantity starts on the ladder, not from 0 (s9-audit, #2)."""

from __future__ import annotations

from costmodel.model.tiers import Tier, TierUse, split


def test_a_quantity_starting_past_the_last_bound_is_all_beyond_it():
    # One tier up to 100 units. Other resources already put 150 units on the ladder, so this
    # quantity's 10 units lie at 150-160: all beyond 100, nothing priced, remainder 10
    # (not 160 - 100 = 60, which would count the other resources' units as well).
    assert split(10, [Tier(100, 1.0)], start=150) == ([], 10)


def test_a_quantity_straddling_the_last_bound_is_split_at_it():
    # 10 units from 95: 95-100 (5 units at 1.0) in the tier, 100-105 (5 units) beyond it.
    assert split(10, [Tier(100, 1.0)], start=95) == ([TierUse(95, 100, 5, 1.0)], 5)
