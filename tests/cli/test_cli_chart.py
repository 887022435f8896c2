"""--chart: the written file read back (PNG header and size; SVG series, labels and title)."""

from __future__ import annotations

import json
import re
import struct
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from cli_run import run as run_cli

import indexplan.render.chart
from indexplan.paths import STACKS_DIR
from indexplan.render.chart import money_tick

SVG = "{http://www.w3.org/2000/svg}"


def run(capsys, *args: str) -> int:
    return run_cli(capsys, *args)[0]


def svg_ids(path) -> list[str]:
    return [e.get("id", "") for e in ET.parse(path).getroot().iter() if e.get("id")]


def svg_text(path) -> str:
    return " ".join("".join(e.itertext()) for e in ET.parse(path).getroot().iter(f"{SVG}text"))


def test_money_ticks_are_short():
    assert [money_tick(v) for v in (1_234_567, 350_000, 12, 2.5e9)] == [
        "$1.23M",
        "$350k",
        "$12",
        "$2.5B",
    ]


def test_compare_png_is_a_1000_by_600_image(capsys, tmp_path):
    path = tmp_path / "compare.png"
    assert run(capsys, "compare", "pypi-2021", "all-aws", "--chart", str(path)) == 0
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])  # the IHDR chunk
    assert (width, height) == (1000, 600)  # 10 x 6 inches at 100 dpi


def test_compare_svg_has_a_bar_per_setup_provider_and_kind(capsys, tmp_path):
    path = tmp_path / "compare.svg"
    assert run(capsys, "compare", "pypi-2021", "all-aws", "--chart", str(path)) == 0
    ids = svg_ids(path)
    # providers present: aws, gcp, fastly; 2 setups; list and out-of-pocket bars
    assert len([i for i in ids if i.startswith("bar-list-")]) == 3 * 2
    assert len([i for i in ids if i.startswith("bar-out-of-pocket-")]) == 3 * 2
    assert "bar-list-fastly-pypi-2021" in ids
    # every bar labelled with its total
    for kind in ("list", "out-of-pocket"):
        assert all(f"label-{kind}-{s}" in ids for s in ("pypi-2021", "all-aws"))
    text = svg_text(path)
    assert "scenario pypi-2026" in text and "prices as of 2026-08-14" in text
    assert "cost per month (USD)" in text and "List price" in text and "Out of pocket" in text


def test_project_svg_has_two_lines_per_setup_and_marks_crossovers(capsys, tmp_path):
    path = tmp_path / "project.svg"
    args = ("project", "pypi-2016", "all-aws", "all-gcp", "-s", "pypi-2016", "--months", "48")
    assert run(capsys, *args, "--chart", str(path)) == 0
    ids = svg_ids(path)
    # out of pocket for every setup; list price only where a sponsor makes it differ
    assert sorted(i for i in ids if i.startswith("line-")) == sorted(
        ["line-list-pypi-2016"]
        + [f"line-out-of-pocket-{s}" for s in ("pypi-2016", "all-aws", "all-gcp")]
    )
    # all-gcp overtakes all-aws out of pocket within these 48 months (2017-04), if both are
    # ranked (both complete, or neither)
    text = svg_text(path)
    assert "Projected monthly cost, scenario pypi-2016" in text
    assert "solid: out of pocket" in text and "dashed: list price" in text


def test_sweep_svg_log_axes_and_break_evens(capsys, tmp_path):
    path = tmp_path / "sweep.svg"
    # two setups priced in full (lower bounds are not ranked: review s5, finding 6): all-gcp
    # without its archive class (whose lifecycle operation has no price), sponsored by half
    stack = tmp_path / "Pulumi.gcp-plain.yaml"
    text = (
        (STACKS_DIR / "Pulumi.all-gcp.yaml").read_text().replace("archive: true", "archive: false")
    )
    stack.write_text(text + "  indexplan:sponsors:\n    gcp:\n      covers: 0.5\n")
    args = (
        "sweep",
        "static-index",
        str(stack),
        "-s",
        "pypi-2016",
        "--vary",
        "egress=1TB..20PB",
        "--log",
        "--points",
        "200",
    )
    code, out, _ = run_cli(capsys, *args, "--chart", str(path))
    assert code == 0
    ids = svg_ids(path)
    # gcp-plain has a sponsor (two lines), static-index none (one line: list = out of pocket)
    assert len([i for i in ids if i.startswith("line-")]) == 3
    assert any(i.startswith("marker-break-even-list-") for i in ids)
    assert any(i.startswith("label-break-even-list-") for i in ids)
    text = svg_text(path)
    assert "egress per month (log scale)" in text
    assert "1 TB" in text and "1 PB" in text and "10 PB" in text  # x ticks in TB and PB
    assert "$10k" in text and "$100k" in text  # money ticks on the log axis
    # the break-even's value, as the report beside the chart prints it (`1.429 PB/month (...)`)
    shown = re.search(r"Break-evens at list price\n  (\S+ [kMGTPE]?B/month) \(", out)
    assert shown is not None, out
    assert f"{shown[1]}: static-index → gcp-plain (list)" in text


@pytest.fixture
def figures(monkeypatch):
    """The figures the commands draw, kept as matplotlib objects instead of written."""
    drawn = []
    monkeypatch.setattr(indexplan.render.chart, "write_chart", lambda fig, _path: drawn.append(fig))
    return drawn


def texts(ax) -> list[str]:
    return [t.get_text() for t in ax.texts]


def legend(ax) -> list[str]:
    return [t.get_text() for t in ax.get_legend().get_texts()]


def test_compare_chart_labels_bars_and_hatches_what_is_unpriced(capsys, figures):
    data = json.loads(run_cli(capsys, "compare", "-f", "json")[1])
    assert run(capsys, "compare", "--chart", "c.svg") == 0
    [fig] = figures
    listed, pocket = fig.axes  # a panel each, each on its own scale
    assert (listed.get_title(), pocket.get_title()) == ("List price", "Out of pocket")
    [below] = fig.legends  # one for both panels, outside them
    entries = [t.get_text() for t in below.get_texts()]
    assert {"aws", "gcp", "fastly"} <= set(entries)
    for ax, level in ((listed, "list"), (pocket, "out_of_pocket")):
        # each panel by its own column's holes (complete_at)
        holed = [s for s in data["setups"] if not s["complete_at"][level]]
        gids = {p.get_gid() for p in ax.patches}
        labels = texts(ax)
        assert len(labels) == len(data["setups"])  # one label per bar
        for setup in holed:  # a hatched cap for the unknown, a lower bound in the label
            kind = "list" if ax is listed else "out-of-pocket"
            assert f"unknown-{kind}-{setup['stack']}" in gids
        assert sum(label.startswith("≥ $") for label in labels) == len(holed)
        if holed:
            assert "unpriced: unknown amount" in entries


def test_project_chart_log_axis_markers_and_style_legend(capsys, figures):
    args = ("project", "pypi-2016", "all-aws", "all-gcp", "-s", "pypi-2021", "--months", "48")
    assert run(capsys, *args, "--chart", "p.png", "--log") == 0
    [fig] = figures
    ax = fig.axes[0]
    assert ax.get_yscale() == "log"
    entries = legend(ax)
    assert entries[-2:] == ["solid: out of pocket", "dashed: list price"]
    assert [e.split(" ")[0] for e in entries[:3]] == ["pypi-2016", "all-aws", "all-gcp"]
    lines = {line.get_gid(): line for line in ax.get_lines() if line.get_gid()}
    markers = {lines[f"line-out-of-pocket-{s}"].get_marker() for s in ("pypi-2016", "all-aws")}
    assert len(markers | {lines["line-out-of-pocket-all-gcp"].get_marker()}) == 3
    assert lines["line-list-pypi-2016"].get_linestyle() == "--"
    # crossovers: numbered on the line, explained below the axes (covering no line)
    numbered = [t for t in ax.texts if (t.get_gid() or "").startswith("label-crossover-")]
    below = [t for t in fig.texts if t.get_gid() == "crossover-list"]
    if numbered:
        assert below and below[0].get_text().startswith("crossovers (out of pocket): 1: ")


def test_project_legend_sits_beside_the_axes_covering_no_line(capsys, figures):
    """s6 review, finding 7: the README's chart of every setup; the legend (eight setups and two
    line styles) sat in the axes over two setups' last years. It must lie wholly right of the
    plotting area and wholly inside the figure, once laid out as write_chart lays it out."""
    args = ("project", "-s", "pypi-2026", "--months", "60", "--log")
    assert run(capsys, *args, "--chart", "growth.png") == 0
    [fig] = figures
    fig.tight_layout()
    fig.canvas.draw()
    ax = fig.axes[0]
    box, plot = ax.get_legend().get_window_extent(), ax.get_window_extent()
    assert len(legend(ax)) >= 9  # every setup and the solid line style
    assert box.x0 >= plot.x1
    assert box.x1 <= fig.bbox.x1 and box.y0 >= 0 and box.y1 <= fig.bbox.y1
    assert plot.width > fig.bbox.width / 2  # room made beside the axes, not instead of them


def test_sweep_chart_units_on_x_and_only_drawn_lines_named(capsys, figures):
    args = ("sweep", "all-gcp", "all-aws", "-s", "pypi-2026", "--vary", "egress=1TB..20PB")
    assert run(capsys, *args, "--log", "--chart", "s.svg") == 0
    [fig] = figures
    ax = fig.axes[0]
    assert (ax.get_xscale(), ax.get_yscale()) == ("log", "log")
    tick = ax.xaxis.get_major_formatter()
    assert [tick(v, 0) for v in (1e12, 1e15, 2e16)] == ["1 TB", "1 PB", "20 PB"]
    # no sponsor: list and out of pocket are one line each, and nothing claims a dashed one
    assert "dashed" not in ax.get_ylabel() and "dashed: list price" not in legend(ax)
    assert ax.get_xlabel() == "egress per month (log scale)"


def test_cache_hit_ratio_sweep_uses_words_and_percent(capsys, figures):
    args = ("sweep", "all-gcp", "all-aws", "-s", "pypi-2026", "--vary", "cache_hit_ratio=0.8..1")
    assert run(capsys, *args, "--chart", "s.svg") == 0
    ax = figures[0].axes[0]
    assert ax.get_xlabel() == "cache hit ratio" and "share" not in ax.get_xlabel()
    assert ax.xaxis.get_major_formatter()(0.95, 0) == "95%"


@pytest.mark.parametrize(
    "args",
    [
        ("compare", "all-aws"),
        ("project", "all-aws", "--months", "3"),
        ("sweep", "all-aws", "--vary", "egress=1TB..2TB"),
    ],
)
def test_every_chart_written_says_so_on_stderr(capsys, tmp_path, args):
    path = tmp_path / "chart.png"
    code, _, err = run_cli(capsys, *args, "--chart", str(path))
    assert code == 0 and err == f"wrote {path}\n"
    assert path.stat().st_size > 0


def test_log_axes_under_a_decade_label_minor_ticks_in_our_units(capsys, tmp_path):
    # 500 TB..2 PB spans 0.6 of a decade, so matplotlib labels minor ticks (600 TB, 2 PB) with
    # its own TeX formatter, printed raw as `$\mathdefault{6\times10^{14}}$` since parse_math is
    # off (review s8-ops, finding 6); they must read as bytes and money like the major ticks.
    path = tmp_path / "narrow.svg"
    args = ("sweep", "pypi-2021", "all-aws", "-s", "pypi-2026", "--vary", "egress=500TB..2PB")
    assert run(capsys, *args, "--log", "--chart", str(path)) == 0
    text = svg_text(path)
    assert "mathdefault" not in text and "10^" not in text, text
    assert "600 TB" in text and "2 PB" in text and "1 PB" in text
    # every money label on the log y axis is ours: `$` then digits and a k/M suffix
    money = re.findall(r"\$\S+", text)
    assert money and all(re.fullmatch(r"\$\d+(\.\d+)?[kMB]?", m) for m in money), money


REG = Path(__file__).parents[1] / "fixtures" / "registry"


def test_the_legend_marks_a_setup_lower_bound_only_where_it_has_holes(capsys, tmp_path):
    # reg-gcdn (tests/fixtures/registry/README.md) is priced in full until North America's 50%
    # of egress passes Cloud CDN's 500 TiB tier ("contact sales" for every destination since
    # s10 audit F1): egress > 500 x 2^40 / 0.5 = 1.0995e15 B, i.e. 1.1 PB; with growth x1.5 a
    # year from 1 PB that is month 12 x ln 1.0995 / ln 1.5 = 2.8 -> 2027-03 (s8-review-ops
    # finding 1 had Asia Pacific's 15% first, at 3.665 PB, while NA/EU were priced at 0.02)
    stacks = [str(REG / f"Pulumi.{s}.yaml") for s in ("reg-cf", "reg-gcdn")]
    scenario = ("-s", str(REG / "reg.yaml"))
    path = tmp_path / "sweep.svg"
    args = ("sweep", *stacks, *scenario, "--vary", "egress=10TB..5PB", "--log")
    assert run(capsys, *args, "--chart", str(path)) == 0
    text = svg_text(path)
    assert "reg-gcdn (≥ 1.1 PB to 5 PB: unpriced parts)" in text, text
    assert "reg-cf (≥" not in text
    path = tmp_path / "project.svg"
    args = ("project", *stacks, *scenario, "--months", "48")
    assert run(capsys, *args, "--chart", str(path)) == 0
    assert "reg-gcdn (≥ 2027-03 to 2030-11: unpriced parts)" in svg_text(path)
