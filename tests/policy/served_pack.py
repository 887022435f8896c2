"""The policy pack served the way Pulumi's pulumi-analyzer-policy-python serves it:
`python -u -m pulumi.policy <engine> <pack folder>`, which runs the folder's __main__.py and
prints the port of its gRPC Analyzer service."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import grpc
from pulumi.runtime.proto import analyzer_pb2_grpc


@contextmanager
def served(pack: Path, stack: str) -> Iterator[analyzer_pb2_grpc.AnalyzerStub]:
    """A client of the pack in `pack`, previewing the stack `stack` (PULUMI_STACK)."""
    env = {**os.environ, "PULUMI_STACK": stack}
    command = [sys.executable, "-u", "-m", "pulumi.policy", "127.0.0.1:0", str(pack)]
    process = subprocess.Popen(command, cwd=pack, stdout=subprocess.PIPE, env=env)
    try:
        assert process.stdout is not None
        port = process.stdout.readline().decode().strip()
        assert port.isdigit(), f"the pack printed {port!r} instead of its port"
        with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
            yield analyzer_pb2_grpc.AnalyzerStub(channel)
    finally:
        process.terminate()
        process.wait(timeout=10)
