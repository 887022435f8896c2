"""Charts of compare, project and sweep with matplotlib (Agg, headless), PNG or SVG by suffix.

Each chart function returns the figure; `write_chart` writes it. Every bar group, line and
marker carries a gid (`bar-list-aws-pypi-2021`, `line-out-of-pocket-pypi-2021`,
`marker-crossover-0`, `unknown-list-pypi-2021`), so a written SVG can be checked series by
series.

Writing is atomic: the image is rendered in memory, written to a temporary file beside the
target and renamed over it, so a read-only or full directory leaves nothing behind (one line,
exit 2) and a reader never sees half a chart.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from costmodel.planning.compare import Comparison
    from costmodel.planning.project import Projection
    from costmodel.planning.sweep import Sweep, Vary

# One colour per setup, the same in compare, project and sweep charts (`setup_styles`): Okabe
# and Ito's eight, told apart under the common colour blindnesses. Yellow and black come last:
# yellow is faint on white, and black is the crossover markers' edge. (Brand colours gave aws and
# cloudflare two near-identical oranges, and a setup one colour in compare, another in project.)
PALETTE = ("#0072b2", "#e69f00", "#009e73", "#d55e00", "#56b4e9", "#cc79a7", "#f0e442", "#000000")
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
# In compare's stacked bars the colour is the setup's, so a provider's part is its pattern; any
# other provider takes the next unused one. `xx` is the unknown cap's.
PROVIDER_HATCHES = {
    "aws": "",
    "gcp": "//",
    "fastly": "..",
    "cloudflare": "\\\\",
    "b2": "oo",
    "datadog": "--",
    "elastic": "++",
}
OTHER_HATCHES = ("||", "**", "OO", "..//")
UNKNOWN_HATCH = "xx"


def money_tick(value: float, _pos: object = None) -> str:
    """$1.2M, $350k, $12: short money for axis ticks."""
    for suffix, size in (("B", 1e9), ("M", 1e6), ("k", 1e3)):
        if abs(value) >= size:
            return f"${value / size:.3g}{suffix}"
    return f"${value:.3g}"


def _figure(panels: int = 1, layout: str | None = None) -> tuple[Figure, Any]:
    import matplotlib

    matplotlib.use("Agg")
    matplotlib.rcParams["svg.fonttype"] = "none"  # text stays text: searchable, and smaller
    # Names come from files: `a$\frac$b` is a name, not TeX for mathtext to parse (and fail on)
    matplotlib.rcParams["text.parse_math"] = False
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, panels, figsize=(10, 6), dpi=100, layout=layout)
    for ax in [axes] if panels == 1 else axes:
        ax.grid(True, alpha=0.3)
    return fig, axes


def setup_styles(names: Sequence[str]) -> dict[str, tuple[str, str]]:
    """Each setup's colour and marker, by its name's place among the chart's names sorted: the
    same setups get the same colours in a compare, a project and a sweep chart, in whatever
    order they were given. Past eight setups the colours repeat with another marker."""
    ordered = sorted(set(names))
    n = len(PALETTE)
    return {
        name: (PALETTE[k % n], MARKERS[(k + k // n) % len(MARKERS)])
        for k, name in enumerate(ordered)
    }


def provider_hatches(providers: Sequence[str]) -> dict[str, str]:
    """Each provider's pattern: its own when known, else the next one no provider here has."""
    taken = {PROVIDER_HATCHES[p] for p in providers if p in PROVIDER_HATCHES}
    spare = iter(h for h in OTHER_HATCHES if h not in taken)
    return {p: PROVIDER_HATCHES.get(p, next(spare, "")) for p in dict.fromkeys(providers)}


def _hatch_ink(patch: Any, color: str) -> None:
    """The pattern in black or white, whichever reads on `color`; matplotlib before 3.10 draws
    it in the edge's colour (the white edge that parts two providers' stacked parts is lost)."""
    ink = _ink_on(color)
    if hasattr(patch, "set_hatchcolor"):
        patch.set_hatchcolor(ink)
    else:
        patch.set_edgecolor(ink)


def _ink_on(color: str) -> str:
    """Black or white, whichever reads on `color` (its relative luminance, WCAG's formula)."""
    from matplotlib.colors import to_rgb

    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in to_rgb(color)]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return "black" if luminance > 0.18 else "white"


def _title(fig: Figure, text: str) -> None:
    """The chart's title over the whole figure, wrapped to fit its width. An axes' title is
    centred on the axes and never wrapped: once the legend beside them narrowed the axes, a
    long one ran off the figure's left edge (s12 review, 16: "rojected monthly cost ...")."""
    import textwrap

    title = fig.suptitle(text)
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]  # Agg's
    room = 0.96 * fig.bbox.width
    chars = len(text)
    while (width := title.get_window_extent(renderer).width) > room and chars > 8:
        # the widest line's characters, scaled to the room, less one so that it always shrinks
        chars = max(8, min(chars - 1, int(chars * room / width)))
        title.set_text(textwrap.fill(text, chars))


def _money_axis(ax: Any) -> None:
    """Money ticks on y; after any set_yscale, which replaces the formatter."""
    _ticks(ax.yaxis, money_tick)


def _ticks(axis: Any, label: Callable[[float, object], str]) -> None:
    """Our labels on the major ticks and, on a log axis, on the minor ticks matplotlib chooses
    to label (a range under a decade): its own minor labels are TeX, printed raw here since
    parse_math is off (`$\\mathdefault{2\\times10^{5}}$`)."""
    from matplotlib.ticker import FuncFormatter, LogFormatter

    class MinorLabels(LogFormatter):
        def __call__(self, x: float, pos: int | None = None) -> str:
            return label(x, pos) if super().__call__(x, pos) else ""

    axis.set_major_formatter(FuncFormatter(label))
    if axis.get_scale() == "log":
        axis.set_minor_formatter(MinorLabels(labelOnlyBase=False))


def _positive(values: Any, log: bool) -> Any:
    """On a log axis, $0 cannot be drawn: those points are left out (NaN), not faked."""
    import numpy as np

    values = np.asarray(values, dtype=np.float64)
    return np.where(values > 0, values, np.nan) if log else values


def write_chart(fig: Figure, path: Path) -> None:
    """Write `fig` to `path` (PNG or SVG by suffix) by `write_output`; `wrote PATH` on stderr."""
    import matplotlib.pyplot as plt

    from costmodel.files.output import write_output
    from indexplan.render.output import say

    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # layout advice from matplotlib is not the user's concern
        lay_out(fig)
        # no date in the file: the same result writes the same bytes
        fig.savefig(buffer, format=path.suffix.lower().lstrip("."), metadata={"Date": None})
    plt.close(fig)
    write_output(path, "--chart", buffer.getvalue())
    say(f"wrote {path}")


def lay_out(fig: Figure) -> None:
    """Margins made for the labels, titles and legends, as written: a figure drawn with its own
    layout (compare's, constrained, for a legend below the panels) keeps it; the others are
    tightened."""
    if fig.get_layout_engine() is None:
        fig.tight_layout()


def _label(ax: Any, x: float, y: float, text: str, gid: str) -> None:
    artist = ax.annotate(
        text,
        (x, y),
        xytext=(0, 3),
        textcoords="offset points",
        ha="center",
        va="bottom",
        fontsize="x-small",
    )
    artist.set_gid(gid)


def compare_chart(result: Comparison) -> Figure:
    """Two panels, list price and out of pocket, each on its own scale so that an
    out-of-pocket bill 100 times smaller than a list price still shows; a bar per setup in the
    setup's colour, stacked by provider (a pattern each) and labelled with its total; the parts
    unpriced in that panel's column a hatched "unknown" cap."""
    from matplotlib.patches import Patch

    from indexplan.render import Money

    # constrained: it makes room for a legend outside the panels, which tight_layout does not
    fig, axes = _figure(panels=2, layout="constrained")
    names = [e.stack for e in result.estimates]
    colors = [setup_styles(names)[name][0] for name in names]
    providers = result.providers
    hatches = provider_hatches(providers)
    panels = (("list", "list", "List price"), ("out-of-pocket", "out_of_pocket", "Out of pocket"))
    capped = False
    for ax, (kind, level, title) in zip(axes, panels, strict=True):
        totals = [sum(_provider_cents(e, p, kind) for p in providers) for e in result.estimates]
        cap = 0.08 * max(max(totals) / 100, 1.0)  # the unknown's drawn height: a sign, not a size
        bottom = [0.0] * len(names)
        for provider in providers:
            heights = [_provider_cents(est, provider, kind) / 100 for est in result.estimates]
            # a white edge parts one provider from the next in a bar of one colour
            bars = ax.bar(range(len(names)), heights, 0.6, bottom=bottom, color=colors,
                          edgecolor="white", hatch=hatches[provider])  # fmt: skip
            for patch, name, color in zip(bars.patches, names, colors, strict=True):
                patch.set_gid(f"bar-{kind}-{provider}-{name}")
                _hatch_ink(patch, color)
            bottom = [b + h for b, h in zip(bottom, heights, strict=True)]
        for i, est in enumerate(result.estimates):
            # each panel by its own column: a hole at list only leaves out of pocket exact
            lower = not est.complete_at(level)
            top = bottom[i]
            if lower:
                capped = True
                (unknown,) = ax.bar(
                    i, cap, 0.6, bottom=top, color="white", edgecolor="grey", hatch=UNKNOWN_HATCH
                ).patches
                unknown.set_gid(f"unknown-{kind}-{est.stack}")
                top += cap
            shown = Money(totals[i], lower).text(short=True)
            _label(ax, i, top, shown, f"label-{kind}-{est.stack}")
        ax.margins(y=0.12)
        ax.set_xticks(range(len(names)), names, rotation=20 if len(names) > 4 else 0)
        ax.set_title(title)
        _money_axis(ax)
    axes[0].set_ylabel("cost per month (USD)")
    handles = [
        Patch(facecolor="#d9d9d9", edgecolor="black", hatch=hatches[p], label=p) for p in providers
    ]
    if capped:
        unknown_patch = Patch(facecolor="white", edgecolor="grey", hatch=UNKNOWN_HATCH)
        unknown_patch.set_label("unpriced: unknown amount")
        handles.append(unknown_patch)
    # below the panels, outside them: inside, it covered a bar's label (s12 review, 16), and
    # beside them it narrowed the bars until eight setups' labels ran into each other
    fig.legend(
        handles=handles, title="provider", fontsize="small", title_fontsize="small",
        loc="outside lower center", ncols=min(len(handles), 4),
    )  # fmt: skip
    _title(
        fig,
        f"Monthly cost by provider, scenario {result.scenario}, "
        f"prices as of {result.prices_as_of.isoformat()}",
    )
    return fig


def _provider_cents(est: Any, provider: str, kind: str) -> int:
    for p in est.providers:
        if p.provider == provider:
            return int(p.list_cents if kind == "list" else p.out_of_pocket_cents)
    return 0


def _setup_handle(
    color: str,
    marker: str,
    name: str,
    runs: Sequence[tuple[Any, Any, tuple[Any, ...]]],
    show: Callable[[Any], str],
) -> Any:
    """A setup's legend entry, `≥` where part of it has no price: over the whole line, or
    over the stretches given (`runs`: first, last, unpriced parts), e.g. `≥ 2030-03 to
    2030-11` (a hole can appear with growth: s8-review-ops finding 1)."""
    from matplotlib.lines import Line2D

    holes: list[list[Any]] = []  # [first, last] of each stretch with holes, whichever parts
    for n, (first, last, parts) in enumerate(runs):
        if parts and n and runs[n - 1][2]:
            holes[-1][1] = last
        elif parts:
            holes.append([first, last])
    if not holes:
        label = name
    elif holes == [[runs[0][0], runs[-1][1]]]:
        label = f"{name} (≥: unpriced parts)"
    else:
        where = ", ".join(f"{show(a)} to {show(b)}" for a, b in holes)
        label = f"{name} (≥ {where}: unpriced parts)"
    return Line2D([], [], color=color, marker=marker, label=label)


def _style_legend(ax: Any, handles: list[Any], dashed: bool) -> None:
    """Setup entries (colour and marker), then one entry per line style drawn."""
    from matplotlib.lines import Line2D

    handles = [*handles, Line2D([], [], color="black", linestyle="-", label="solid: out of pocket")]
    if dashed:
        handles.append(Line2D([], [], color="black", linestyle="--", label="dashed: list price"))
    # outside the axes, right of them: inside, eight setups' entries covered lines they explain
    # (tight_layout, in write_chart, narrows the axes to make room)
    ax.legend(
        handles=handles, fontsize="small", loc="upper left", bbox_to_anchor=(1.01, 1.0),
        borderaxespad=0.0,
    )  # fmt: skip


def project_chart(result: Projection, log: bool = False) -> Figure:
    """Cost per month per setup: out of pocket solid, list dashed (where it differs), each
    setup with its colour and marker; crossovers numbered on the line, explained below."""
    import numpy as np

    fig, ax = _figure()
    if log:
        ax.set_yscale("log")
    months = list(result.months)
    every = max(1, len(months) // 12)
    handles, dashed = [], False
    styles = setup_styles([s.name for s in result.setups])
    for i, setup in enumerate(result.setups):
        color, marker = styles[setup.name]
        pocket, listed = setup.out_of_pocket_cents / 100, setup.list_cents / 100
        style = {"color": color, "marker": marker, "markevery": (i % every, every), "ms": 5}
        (line,) = ax.plot(months, _positive(pocket, log), "-", **style)
        line.set_gid(f"line-out-of-pocket-{setup.name}")
        if not np.array_equal(pocket, listed):
            dashed = True
            (line,) = ax.plot(months, _positive(listed, log), "--", alpha=0.7, **style)
            line.set_gid(f"line-list-{setup.name}")
        runs = setup.parts_runs(months)
        handles.append(_setup_handle(color, marker, setup.name, runs, lambda d: f"{d:%Y-%m}"))
    by_name = {s.name: s for s in result.setups}
    explained = []
    for n, c in enumerate(result.crossovers, start=1):
        k = months.index(c.month)
        y = by_name[c.setup].out_of_pocket_cents[k] / 100
        (mark,) = ax.plot([c.month], [y], "o", color="black", ms=9, mfc="white", zorder=5)
        mark.set_gid(f"marker-crossover-{n - 1}")
        number = ax.annotate(str(n), (c.month, y), ha="center", va="center", fontsize=6, zorder=6)
        number.set_gid(f"label-crossover-{n - 1}")
        explained.append(f"{n}: {c.month:%Y-%m} {c.setup} > {c.overtakes}")
    if explained:  # below the axes, where it covers no line
        fig.text(0.01, 0.01, "crossovers (out of pocket): " + ";  ".join(explained),
                 fontsize="x-small", wrap=True, gid="crossover-list")  # fmt: skip
        fig.subplots_adjust(bottom=0.2)
    _style_legend(ax, handles, dashed)
    ax.set_xlabel("month")
    ax.set_ylabel("cost per month (USD" + (", log scale)" if log else ")"))
    _title(
        fig,
        f"Projected monthly cost, scenario {result.scenario}, x{result.growth_per_year:g}/year, "
        f"prices as of each month from {result.price_dates[0].isoformat()}",
    )
    _money_axis(ax)
    return fig


def quantity_tick(vary: Vary) -> Callable[[float, object], str]:
    """Axis ticks in the quantity's own units: TB and PB, billions, percent, 2x."""
    from costmodel.model.quantities import format_bytes, format_count

    def tick(value: float, _pos: object = None) -> str:
        if vary.quantity in ("egress", "stored"):
            return format_bytes(value) if value > 0 else "0"
        if vary.quantity == "requests":
            return format_count(value)
        if vary.quantity == "traffic":
            return f"{value:g}x"
        return f"{value * 100:g}%"

    return tick


def sweep_chart(result: Sweep) -> Figure:
    """Cost against the varied quantity per setup, break-evens marked with their values; log
    axes with --log."""
    import numpy as np

    fig, ax = _figure()
    v = result.vary
    if result.log:
        ax.set_xscale("log")
        ax.set_yscale("log")
    x = result.values
    tick = quantity_tick(v)
    handles, dashed = [], False
    styles = setup_styles(result.names)
    for i, name in enumerate(result.names):
        color, marker = styles[name]
        pocket, listed = result.out_of_pocket_cents[i] / 100, result.list_cents[i] / 100
        every = max(1, len(x) // 10)
        style = {"color": color, "marker": marker, "markevery": (i % every, every), "ms": 5}
        (line,) = ax.plot(x, _positive(pocket, result.log), "-", **style)
        line.set_gid(f"line-out-of-pocket-{name}")
        if not np.array_equal(pocket, listed):
            dashed = True
            (line,) = ax.plot(x, _positive(listed, result.log), "--", alpha=0.7, **style)
            line.set_gid(f"line-list-{name}")
        runs = result.parts_runs(i)
        handles.append(_setup_handle(color, marker, name, runs, lambda x: tick(x, None)))
    marks = [("list", b) for b in result.break_even_list]
    marks += [("out-of-pocket", b) for b in result.break_even_out_of_pocket]
    for n, (kind, b) in enumerate(marks):
        line = ax.axvline(b.value, color="grey", linestyle=":" if kind == "list" else "-.")
        line.set_gid(f"marker-break-even-{kind}-{n}")
        label = ax.annotate(
            f"{v.show(b.value)}: {b.before} → {b.after} ({kind.replace('-', ' ')})",
            (b.value, 1.0),
            xycoords=("data", "axes fraction"),
            xytext=(3, -4),
            textcoords="offset points",
            rotation=90,
            va="top",
            fontsize="x-small",
            color="dimgrey",
        )
        label.set_gid(f"label-break-even-{kind}-{n}")
    _ticks(ax.xaxis, tick)
    per_month = " per month" if v.quantity in ("egress", "requests") else ""
    ax.set_xlabel(f"{v.label}{per_month}" + (" (log scale)" if result.log else ""))
    drawn = "out of pocket (solid) and list price (dashed)" if dashed else "list = out of pocket"
    ax.set_ylabel(f"cost per month, USD: {drawn}")
    _style_legend(ax, handles, dashed)
    _title(
        fig,
        f"Cost against {v.label}, scenario {result.scenario}, "
        f"prices as of {result.prices_as_of.isoformat()}",
    )
    _money_axis(ax)
    return fig
