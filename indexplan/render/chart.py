"""Charts of compare, project and sweep with matplotlib (Agg, headless), PNG or SVG by suffix.

Every bar group and line carries a gid (`bar-list-aws-pypi-2021`, `line-out-of-pocket-pypi-2021`,
`marker-...`), so a written SVG can be checked series by series.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from costmodel.planning.compare import Comparison
    from costmodel.planning.project import Projection
    from costmodel.planning.sweep import Sweep

PROVIDER_COLORS = {"aws": "#ff9900", "gcp": "#4285f4", "fastly": "#e0245e"}


def money_tick(value: float, _pos: object = None) -> str:
    """$1.2M, $350k, $12: short money for axis ticks."""
    for suffix, size in (("B", 1e9), ("M", 1e6), ("k", 1e3)):
        if abs(value) >= size:
            return f"${value / size:.3g}{suffix}"
    return f"${value:.3g}"


def _figure() -> tuple[Any, Any]:
    import matplotlib

    matplotlib.use("Agg")
    matplotlib.rcParams["svg.fonttype"] = "none"  # text stays text: searchable, and smaller
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(10, 6), dpi=100)
    ax.grid(True, alpha=0.3)
    return fig, ax


def _money_axis(ax: Any) -> None:
    """Money ticks on y; after any set_yscale, which replaces the formatter."""
    from matplotlib.ticker import FuncFormatter

    ax.yaxis.set_major_formatter(FuncFormatter(money_tick))


def _save(fig: Any, ax: Any, path: Path) -> None:
    import matplotlib.pyplot as plt

    _money_axis(ax)
    fig.tight_layout()
    # no date in the file: the same result writes the same bytes
    fig.savefig(path, format=path.suffix.lower().lstrip("."), metadata={"Date": None})
    plt.close(fig)


def compare_chart(result: Comparison, path: Path) -> None:
    """Stacked bars per setup by provider: list price and out of pocket side by side."""
    fig, ax = _figure()
    names = [e.stack for e in result.estimates]
    providers = [
        p
        for p in PROVIDER_COLORS
        if any(q.provider == p for e in result.estimates for q in e.providers)
    ]
    width = 0.38
    for kind, offset, hatch in (("list", -width / 2, ""), ("out-of-pocket", width / 2, "//")):
        bottom = [0.0] * len(names)
        for provider in providers:
            heights = []
            for est in result.estimates:
                cents = {
                    p.provider: p.list_cents if kind == "list" else p.out_of_pocket_cents
                    for p in est.providers
                }
                heights.append(cents.get(provider, 0) / 100)
            bars = ax.bar(
                [i + offset for i in range(len(names))],
                heights,
                width,
                bottom=bottom,
                color=PROVIDER_COLORS[provider],
                hatch=hatch,
                edgecolor="white",
                label=f"{provider} ({kind.replace('-', ' ')})",
            )
            for patch, name in zip(bars.patches, names, strict=True):
                patch.set_gid(f"bar-{kind}-{provider}-{name}")
            bottom = [b + h for b, h in zip(bottom, heights, strict=True)]
    ax.set_xticks(range(len(names)), names)
    ax.set_xlabel("setup (left bar: list price, right bar: out of pocket)")
    ax.set_ylabel("cost (USD per month)")
    ax.legend(fontsize="small")
    ax.set_title(
        f"Monthly cost by provider, scenario {result.scenario}, "
        f"prices as of {result.prices_as_of.isoformat()}"
    )
    _save(fig, ax, path)


def project_chart(result: Projection, path: Path) -> None:
    """Cost per month per setup: out of pocket solid, list dashed, crossovers marked."""
    fig, ax = _figure()
    months = list(result.months)
    for i, setup in enumerate(result.setups):
        color = f"C{i}"
        (line,) = ax.plot(
            months, setup.out_of_pocket_cents / 100, "-", color=color, label=f"{setup.name}"
        )
        line.set_gid(f"line-out-of-pocket-{setup.name}")
        (line,) = ax.plot(months, setup.list_cents / 100, "--", color=color, alpha=0.7)
        line.set_gid(f"line-list-{setup.name}")
    by_name = {s.name: s for s in result.setups}
    for n, c in enumerate(result.crossovers):
        k = months.index(c.month)
        y = by_name[c.setup].out_of_pocket_cents[k] / 100
        (mark,) = ax.plot([c.month], [y], "o", color="black")
        mark.set_gid(f"marker-crossover-{n}")
        ax.annotate(
            f"{c.setup} > {c.overtakes}",
            (c.month, y),
            fontsize="x-small",
            xytext=(4, 4),
            textcoords="offset points",
        )
    ax.set_xlabel("month")
    ax.set_ylabel("cost (USD per month; solid: out of pocket, dashed: list)")
    ax.legend(fontsize="small")
    ax.set_title(
        f"Projected monthly cost, scenario {result.scenario}, x{result.growth_per_year:g}/year, "
        f"prices as of each month from {result.price_dates[0].isoformat()}"
    )
    _save(fig, ax, path)


def sweep_chart(result: Sweep, path: Path) -> None:
    """Cost against the varied quantity per setup, break-evens marked; log axes with --log."""
    fig, ax = _figure()
    v = result.vary
    scale = {"bytes/month": 1e12, "bytes": 1e12}.get(v.unit, 1.0)
    shown_unit = {
        "bytes/month": "TB per month",
        "bytes": "TB",
        "requests/month": "requests per month",
    }.get(v.unit, "share")
    x = result.values / scale
    for i, name in enumerate(result.names):
        (line,) = ax.plot(x, result.out_of_pocket_cents[i] / 100, "-", color=f"C{i}", label=name)
        line.set_gid(f"line-out-of-pocket-{name}")
        (line,) = ax.plot(x, result.list_cents[i] / 100, "--", color=f"C{i}", alpha=0.7)
        line.set_gid(f"line-list-{name}")
    marks = [("list", b) for b in result.break_even_list]
    marks += [("out-of-pocket", b) for b in result.break_even_out_of_pocket]
    for n, (kind, b) in enumerate(marks):
        line = ax.axvline(b.value / scale, color="grey", linestyle=":" if kind == "list" else "-.")
        line.set_gid(f"marker-break-even-{kind}-{n}")
        ax.annotate(
            f"{kind.replace('-', ' ')}: {b.before} -> {b.after}",
            (b.value / scale, 1.0),
            xycoords=("data", "axes fraction"),
            xytext=(3, -12 - 10 * n),
            textcoords="offset points",
            fontsize="x-small",
            color="dimgrey",
        )
    if result.log:
        ax.set_xscale("log")
        ax.set_yscale("log")
    ax.set_xlabel(f"{v.quantity} ({shown_unit})")
    ax.set_ylabel("cost (USD per month; solid: out of pocket, dashed: list)")
    ax.legend(fontsize="small")
    ax.set_title(
        f"Cost against {v.quantity}, scenario {result.scenario}, "
        f"prices as of {result.prices_as_of.isoformat()}"
    )
    _save(fig, ax, path)
