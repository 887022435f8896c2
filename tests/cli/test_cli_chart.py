"""--chart: the written file read back (PNG header and size; SVG series, labels and title)."""

from __future__ import annotations

import struct
import xml.etree.ElementTree as ET

from cli_run import run as run_cli

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
    text = svg_text(path)
    assert "scenario pypi-2026" in text and "prices as of 2026-08-14" in text
    assert "cost (USD per month)" in text


def test_project_svg_has_two_lines_per_setup_and_marks_crossovers(capsys, tmp_path):
    path = tmp_path / "project.svg"
    args = ("project", "pypi-2016", "all-aws", "all-gcp", "-s", "pypi-2016", "--months", "48")
    assert run(capsys, *args, "--chart", str(path)) == 0
    ids = svg_ids(path)
    assert sorted(i for i in ids if i.startswith("line-")) == sorted(
        f"line-{kind}-{s}"
        for kind in ("list", "out-of-pocket")
        for s in ("pypi-2016", "all-aws", "all-gcp")
    )
    # all-gcp overtakes all-aws out of pocket within these 48 months (2017-04)
    assert any(i.startswith("marker-crossover-") for i in ids)
    assert "Projected monthly cost, scenario pypi-2016" in svg_text(path)


def test_sweep_svg_log_axes_and_break_evens(capsys, tmp_path):
    path = tmp_path / "sweep.svg"
    args = (
        "sweep",
        "pypi-2016",
        "all-gcp",
        "-s",
        "pypi-2026",
        "--vary",
        "egress=1TB..20PB",
        "--log",
        "--points",
        "200",
    )
    assert run(capsys, *args, "--chart", str(path)) == 0
    ids = svg_ids(path)
    assert len([i for i in ids if i.startswith("line-")]) == 4
    assert any(i.startswith("marker-break-even-list-") for i in ids)
    text = svg_text(path)
    assert "egress (TB per month)" in text
    assert "$100k" in text and "$1M" in text  # money ticks on the log axis
