"""The providers' own names for the catalog's services (`services.yaml`): what bills call them and
how FOCUS classifies them."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from costmodel.files.jsonfile import validate_as
from costmodel.files.yamlfile import load_yaml_mapping

SERVICES_FILE = Path(__file__).resolve().parent / "services.yaml"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Service(_Strict):
    name: str
    code: str | None = None
    category: str
    subcategory: str


class Provider(_Strict):
    name: str
    services: dict[str, Service]


class Services(_Strict):
    providers: dict[str, Provider]

    def service(self, provider: str, service: str) -> Service:
        return self.providers[provider].services[service]


@cache
def services() -> Services:
    return validate_as(
        Services, load_yaml_mapping(SERVICES_FILE, "service names"), str(SERVICES_FILE)
    )
