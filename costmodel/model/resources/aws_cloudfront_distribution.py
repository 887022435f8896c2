"""CloudFront: data out and HTTPS requests per edge price zone (each zone with its own volume
tiers and request rate); origin transfer from S3 is free. A price class other than
PriceClass_All leaves some zones' edges out: their viewers are billed in the included zone that
serves them (costmodel/catalog/aws/regions.yaml, keys `<price class>/<scenario region>`)."""

from costmodel.model import usage
from costmodel.model.components import Component, Context, Unpriceable, priced
from costmodel.model.graph import UNKNOWN, Resource

ALL_EDGES = "PriceClass_All"  # CloudFront's default when a distribution names none
RESTRICTED = ("PriceClass_100", "PriceClass_200")


def price_class(resource: Resource, ctx: Context) -> str:
    """The restricted price class that picks the zones, or "" for every edge."""
    value = resource.inputs.get("priceClass")
    if value is None or value == ALL_EDGES:
        return ""
    if value in RESTRICTED:
        ctx.notes.add(
            f"CloudFront {value}: viewers in zones it leaves out are priced in the included zone "
            "nearest by geography (AWS serves them from the lowest-latency edge in the class and "
            "publishes no table; costmodel/catalog/aws/regions.yaml)"
        )
        return str(value)
    raise Unpriceable(
        f"price class {value!r}: expected {', '.join(RESTRICTED)} or {ALL_EDGES}"
        + (" (known only after apply)" if value == UNKNOWN else "")
    )


priced(
    "aws:cloudfront/distribution:Distribution",
    Component(
        "data out",
        "cloudfront",
        "data_out",
        "bytes",
        usage.cdn_egress,
        "cloudfront",
        source=price_class,
    ),
    Component(
        "HTTPS requests",
        "cloudfront",
        "https_requests",
        "requests",
        usage.cdn_requests_by_region,
        "cloudfront",
        source=price_class,
    ),
)
