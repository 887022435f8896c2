"""The CDNs in front of the files bucket, one component each (`indexplan:cdn:<Impl>`)."""

from __future__ import annotations

from typing import Any


def component_props(app_routes: str | None, **flags: bool) -> dict[str, Any] | None:
    """A CDN component's own inputs: what the stack says about its traffic that no cloud
    resource shows, read from the graph by the policy rules (`private`) and the cost model
    (`app_routes`: who answers misses on the app's routes, infra/config.py APP_ROUTES)."""
    props: dict[str, Any] = {name: True for name, on in flags.items() if on}
    if app_routes is not None:
        props["app_routes"] = app_routes
    return props or None
