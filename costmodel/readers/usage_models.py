"""The `--usage FILE`'s models (pydantic), loaded only when a usage file is read or its
schema printed; usage_file.py applies what they validate."""

from __future__ import annotations

from pydantic import BaseModel, StrictBool

from costmodel.model.scenario_file import DataRate, Dns, Queue, Statistics, Storage, Traffic
from costmodel.model.strict import STRICT
from costmodel.readers.usage_file import Role


class Gateway(BaseModel):
    """A NAT gateway's usage: the bytes it processes (no scenario figure carries them)."""

    model_config = STRICT

    processed: DataRate = None


class ResourceUsage(BaseModel):
    model_config = STRICT

    role: Role | None = None  # when the type token implies none, or the wrong one
    serves_cdn: StrictBool | None = None  # `1` or "yes" is not a yes here
    traffic: Traffic | None = None
    storage: Storage | None = None
    queue: Queue | None = None
    dns: Dns | None = None
    statistics: Statistics | None = None
    gateway: Gateway | None = None


class Defaults(BaseModel):
    model_config = STRICT

    cdn: ResourceUsage | None = None
    storage: ResourceUsage | None = None
    database: ResourceUsage | None = None
    cache: ResourceUsage | None = None
    queue: ResourceUsage | None = None
    dns: ResourceUsage | None = None
    analytics: ResourceUsage | None = None
