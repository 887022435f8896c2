"""Import official price files into the catalog as new dated versions and new prices.

`aws.py` reads an AWS Price List offer file, `aws_feed.py` a pricing-page price feed and
`gcp.py` a Cloud Billing Catalog SKU list; each maps the entries indexplan prices onto catalog
keys (`Offered`). `plan.py` decides what becomes a new version or price and what is skipped,
with the reason; `run.py` writes them to the catalog's `imported/` files.
"""
