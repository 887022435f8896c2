"""Run as `python -m indexplan.revision.child PROGRAM_ROOT STACK_FILE OUT`: build a stack's
graph from the program under PROGRAM_ROOT (another revision's Pulumi.yaml and infra/) with this
checkout's builder, and write it to OUT as JSON.

PROGRAM_ROOT goes first on sys.path before anything imports `infra`, so the program, and the
stack-file check it defines (infra/config.py), are the revision's. Bad input is one line on
stderr and exit status 2, as in the CLI.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    program_root, stack_path, out = (Path(arg) for arg in argv)
    sys.path.insert(0, str(program_root))
    from costmodel.errors import InputError
    from indexplan.graph import build_graph
    from indexplan.stackfile import load_stack_file
    from infra.config import StackConfigError

    try:
        graph = build_graph(load_stack_file(stack_path), program_root / "infra" / "__main__.py")
    except (InputError, StackConfigError) as exc:
        print(" ".join(str(exc).splitlines()), file=sys.stderr)
        return 2
    out.write_text(json.dumps([r.to_dict() for r in graph]), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
