"""--chart: one colour a setup in every chart, legends and titles that cover or lose nothing, and
compare's "≥" per panel (s12 review, finding 16; s12-rank's note). Read from the figures the
commands draw, laid out and drawn as write_chart does, not from pixels."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest
from cli_run import run
from matplotlib.colors import to_hex
from test_cli_compare_columns import BOOK, CLOUDFRONT, FASTLY, SCENARIO, plan

import indexplan.render.chart
from indexplan.paths import SCENARIOS_DIR
from indexplan.render.chart import PALETTE, lay_out

SETUPS = ("all-aws", "private-small", "all-gcp")


@pytest.fixture
def figures(monkeypatch):
    """The figures the commands draw, laid out and drawn as written, kept instead of written."""
    drawn = []

    def keep(fig, _path):
        lay_out(fig)
        fig.canvas.draw()
        drawn.append(fig)

    monkeypatch.setattr(indexplan.render.chart, "write_chart", keep)
    return drawn


def chart(capsys, figures, *args: str):
    code, _, err = run(capsys, *args, "--chart", "c.png")
    assert code == 0, err
    return figures[-1]


def bar_colours(fig, name: str) -> set[str]:
    """The colours of every part of `name`'s bars, in both panels."""
    return {
        to_hex(p.get_facecolor())
        for ax in fig.axes
        for p in ax.patches
        if (p.get_gid() or "").startswith("bar-") and p.get_gid().endswith(f"-{name}")
    }


def line_colour(fig, name: str) -> str:
    [line] = [li for li in fig.axes[0].get_lines() if li.get_gid() == f"line-out-of-pocket-{name}"]
    return to_hex(line.get_color())


def test_a_setup_keeps_its_colour_in_compare_project_and_sweep(capsys, figures):
    # each command gets the setups in another order; colours go by the names sorted: all-aws,
    # all-gcp, private-small take the palette's first three (blue, orange, bluish green)
    expected = {"all-aws": PALETTE[0], "all-gcp": PALETTE[1], "private-small": PALETTE[2]}
    assert expected == {"all-aws": "#0072b2", "all-gcp": "#e69f00", "private-small": "#009e73"}
    compared = chart(capsys, figures, "compare", *SETUPS)
    projected = chart(capsys, figures, "project", *SETUPS[::-1], "--months", "3")
    swept = chart(capsys, figures, "sweep", *SETUPS[1:], SETUPS[0], "--vary", "egress=1TB..2TB")
    for name, colour in expected.items():
        # private-small's bar has two providers' parts (gcp, cloudflare): both its colour
        assert bar_colours(compared, name) == {colour}, name
        assert line_colour(projected, name) == line_colour(swept, name) == colour, name


def test_compare_tells_providers_apart_by_pattern(capsys, figures):
    # aws and cloudflare were two near-identical oranges; now each provider has its pattern
    fig = chart(capsys, figures, "compare", *SETUPS)
    hatch = {p.get_gid(): p.get_hatch() or "" for p in fig.axes[0].patches if p.get_gid()}
    parts = {
        "aws": hatch["bar-list-aws-all-aws"],
        "gcp": hatch["bar-list-gcp-private-small"],
        "cloudflare": hatch["bar-list-cloudflare-private-small"],
    }
    assert len(set(parts.values())) == 3, parts
    [legend] = fig.legends
    drawn = {t.get_text(): h.get_hatch() or "" for t, h in zip(
        legend.get_texts(), legend.legend_handles, strict=True)}  # fmt: skip
    assert {p: drawn[p] for p in parts} == parts


def test_the_compare_legend_covers_no_label_and_no_panel(capsys, figures):
    # every shipped setup (eight bars a panel, "≥ $36.9M" beside "≥ $37.0M"): the review's
    # legend sat in the out-of-pocket panel over acme-gcp's "≥ $181"
    fig = chart(capsys, figures, "compare")
    [legend] = fig.legends
    box = legend.get_window_extent()
    assert box.x0 >= 0 and box.y0 >= 0 and box.x1 <= fig.bbox.x1 and box.y1 <= fig.bbox.y1
    labels = [t for ax in fig.axes for t in ax.texts if (t.get_gid() or "").startswith("label-")]
    assert len(labels) == 2 * 8
    for artist in [*labels, *fig.axes]:
        assert not box.overlaps(artist.get_window_extent()), artist
    # nor do two setups' labels run into each other (the panels kept their width)
    for ax in fig.axes:
        boxes = sorted((t.get_window_extent() for t in ax.texts), key=lambda b: b.x0)
        assert all(a.x1 <= b.x0 for a, b in pairwise(boxes))


@pytest.mark.parametrize(
    "command",
    [
        ("compare", "all-aws", "all-gcp"),
        ("project", "all-aws", "all-gcp", "--months", "3"),
        ("sweep", "all-aws", "all-gcp", "--vary", "egress=1TB..2TB"),
    ],
)
def test_the_whole_title_shows(capsys, figures, tmp_path, command):
    # growth.png's title lost its first letter ("rojected monthly cost"): an axes' title, centred
    # on axes the legend had narrowed. A scenario named by 100 characters more must wrap.
    name = "acme-private-" + "x" * 100
    text = (SCENARIOS_DIR / "pypi-2026.yaml").read_text(encoding="utf-8")
    scenario = tmp_path / "long.yaml"
    scenario.write_text(text.replace("name: pypi-2026", f"name: {name}"), encoding="utf-8")
    fig = chart(capsys, figures, *command, "-s", str(scenario))
    title = fig.get_suptitle()
    assert name in title.replace("\n", "") and "\n" in title
    box = fig._suptitle.get_window_extent()
    assert box.x0 >= 0 and box.x1 <= fig.bbox.x1 and box.y1 <= fig.bbox.y1
    for ax in fig.axes:  # and no panel runs into it
        assert not box.overlaps(ax.get_window_extent())


@pytest.fixture
def hole_at_list_only(tmp_path: Path) -> tuple[str, ...]:
    """s12-rank's two plans under its price book (tests/cli/test_cli_compare_columns.py): Fastly
    at list ≥ $1,197.00 (its tail past 10 TB unpriced), contracted and out of pocket $1,397.00
    exact (the book prices the tail); CloudFront $1,454.28 at every level."""
    (tmp_path / "fastly-tail.yaml").write_text(SCENARIO, encoding="utf-8")
    (tmp_path / "book.yaml").write_text(BOOK, encoding="utf-8")
    return (
        "compare",
        plan(tmp_path / "fastly.json", *FASTLY),
        plan(tmp_path / "cloudfront.json", *CLOUDFRONT),
        "-s", str(tmp_path / "fastly-tail.yaml"),
        "--prices-as-of", "2026-11-30",
        "--price-book", str(tmp_path / "book.yaml"),
    )  # fmt: skip


def test_each_compare_panel_marks_the_holes_of_its_own_column(capsys, figures, hole_at_list_only):
    fig = chart(capsys, figures, *hole_at_list_only)
    listed, pocket = fig.axes
    shown = {
        kind: {t.get_gid(): t.get_text() for t in ax.texts}
        for kind, ax in (("list", listed), ("out-of-pocket", pocket))
    }
    # short money, three digits: 1,197.00 -> $1.20k, 1,397.00 -> $1.40k, 1,454.28 -> $1.45k
    assert shown["list"] == {
        "label-list-fastly.json": "≥ $1.20k",
        "label-list-cloudfront.json": "$1.45k",
    }
    assert shown["out-of-pocket"] == {
        "label-out-of-pocket-fastly.json": "$1.40k",
        "label-out-of-pocket-cloudfront.json": "$1.45k",
    }
    caps = {p.get_gid() for ax in fig.axes for p in ax.patches if "unknown" in str(p.get_gid())}
    assert caps == {"unknown-list-fastly.json"}
    [legend] = fig.legends
    assert "unpriced: unknown amount" in [t.get_text() for t in legend.get_texts()]
