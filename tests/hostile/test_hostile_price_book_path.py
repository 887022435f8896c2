"""A stack file someone sent names its own price book: it must not make indexplan read any file
on the machine and quote its lines back (review s8-sec, finding 12)."""

from __future__ import annotations

from hostile_cli import cli

from indexplan.paths import STACKS_DIR


def stack_with_book(tmp_path, named: str):
    text = (STACKS_DIR / "Pulumi.static-index.yaml").read_text()
    path = tmp_path / "Pulumi.sent.yaml"
    path.write_text(text.replace("config:\n", f"config:\n  indexplan:price_book: {named}\n", 1))
    return path


def test_a_price_book_is_a_yaml_file(tmp_path):
    (tmp_path / "secret").write_text("root:*:20228:0:99999:7:::\n")
    stack = stack_with_book(tmp_path, "secret")
    cli("estimate", stack, "-s", "pypi-2026").refused(
        f"{stack}: indexplan:price_book: expected a .yaml or .yml file, got 'secret'"
    )


def test_a_line_of_another_file_is_not_quoted_back_as_a_key(tmp_path):
    # read as YAML, `root:*:20228:...:` is a key; a key that no user would type is not repeated
    (tmp_path / "book.yaml").write_text("root:*:20228:0:99999:7:::\n")
    stack = stack_with_book(tmp_path, "book.yaml")
    line = cli("estimate", stack, "-s", "pypi-2026").refused(
        "(a key of 24 characters): unknown key (not one this file takes)"
    )
    assert "20228" not in line and "root:" not in line
    # a mistyped key of the usual form is still named
    (tmp_path / "book.yaml").write_text("nmae: x\n")
    cli("estimate", stack, "-s", "pypi-2026").refused("nmae: unknown key (not one this file takes)")
