"""CloudFront: data out and HTTPS requests per edge price zone (each zone with its own volume
tiers and request rate); origin transfer from S3 is free."""

from costmodel.model import usage
from costmodel.model.components import Component, priced

priced(
    "aws:cloudfront/distribution:Distribution",
    Component("data out", "cloudfront", "data_out", "bytes", usage.cdn_egress, "cloudfront"),
    Component(
        "HTTPS requests",
        "cloudfront",
        "https_requests",
        "requests",
        usage.cdn_requests_by_region,
        "cloudfront",
    ),
)
