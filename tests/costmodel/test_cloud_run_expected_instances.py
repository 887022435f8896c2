"""Cloud Run's billed instance time is the model's own expectation, E[ceil(N / C)] for N ~
Poisson(load), not the upper bound load / C + (C - 1) / C of the month (s10 audit, F2)."""

from __future__ import annotations

import math

import numpy as np
from costmodel_helpers import lines, price, res

from costmodel.model.resources.gcp_cloud_run import busy_instances

AS_OF = "2026-11-30"


def run_service() -> object:
    template = {
        "containers": [
            {"resources": {"cpuIdle": True, "limits": {"cpu": "1", "memory": "1024Mi"}}}
        ],
        "scaling": {"minInstanceCount": 0, "maxInstanceCount": 4},
        "maxInstanceRequestConcurrency": 80,
    }
    return res(
        "gcp:cloudrunv2/service:Service", "run", "app", location="us-central1", template=template
    )


def test_private_small_at_pypi_2026_bills_the_expected_instances():
    # The audit's case: private-small at pypi-2026 sends 1,370,012,500 app requests a month
    # (182.625e9 x 0.5 x 0.015 + 325,000) of 0.1 s each: 137,001,250 request-seconds in a
    # 30.4375-day month (2,629,800 s), load 52.0957 in flight. With C = 80, ceil(N/80) = 1 for
    # 1..80 and 2 for 81..160; P(N = 0) = e^-52.1 ~ 2e-23 and P(N > 80) = 0.000125 (the Poisson
    # tail, summed term by term): E = 1 + 0.000125 = 1.000125 instances x 730 h x 3,600 =
    # 2,628,328.7 instance-seconds. vCPU (2,628,328.7 - 180,000) x 0.000024 = 58.7599 -> 58.76;
    # memory 1 GiB: (2,628,328.7 - 360,000) x 0.0000025 = 5.6708 -> 5.67. Total 64.43, where
    # the old bound billed 99.06 + 9.87 = 108.93.
    usage = {
        "traffic": {"egress": "1 TB/month", "requests": "1e7/month", "cache_hit_ratio": 0.9},
        "app": {"requests": "1370012500/month", "response_size": "20 kB",
                "seconds_per_request": 0.1},
    }  # fmt: skip
    est = price([run_service()], usage, as_of=AS_OF)
    assert lines(est, "run")[1:4:2] == [
        ("vCPU-seconds, over 180,000 vCPU-second", "us-central1", 0.000024, 58.76),
        ("GiB-seconds, over 360,000 GiB-second", "us-central1", 0.0000025, 5.67),
    ]


def direct(load: float, per_instance: int) -> float:
    """E[ceil(N / C)] summed over the Poisson probabilities themselves, p(n) = p(n-1) load / n."""
    p, total, n = math.exp(-load), 0.0, 0
    while n < load + 40 * math.sqrt(load + 1) + 2 * per_instance:
        total += p * math.ceil(n / per_instance)
        n += 1
        p *= load / n
    return total


def test_the_fourier_sum_is_the_poisson_sum():
    # Worked by hand for a small case: load 3, C = 7. ceil(N/7) = 1 for N = 1..7, 2 for
    # 8..14: E = P(N >= 1) + P(N >= 8) = (1 - e^-3) + 0.0119045 = 0.9502129 + 0.0119045 =
    # 0.9621174 (P(N <= 7) at load 3 is 0.9880955, from the table of the Poisson CDF), so
    # 0.962118 to 6 decimals; the others are checked against the direct sum.
    assert round(busy_instances(3.0, 7), 6) == 0.962118
    for load, c in [(3.0, 7), (0.0761, 80), (1e-9, 80), (52.13, 80), (500.0, 80), (0.5, 1)]:
        assert math.isclose(busy_instances(load, c), direct(load, c), rel_tol=1e-12)
    # sparse traffic: one instance per request in flight (E ~ load), no digits lost
    assert math.isclose(busy_instances(1e-9, 80), 1e-9, rel_tol=1e-8)
    # a sweep's arrays: the same values
    got = busy_instances(np.array([3.0, 52.13]), 7)
    assert np.allclose(got, [direct(3.0, 7), direct(52.13, 7)], rtol=1e-12)
