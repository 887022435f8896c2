"""Import official price files into the catalog as new dated versions.

`aws.py` reads an AWS Price List bulk offer file and `gcp.py` a Cloud Billing Catalog SKU
list; each maps the SKUs indexplan prices onto catalog entries (`Offered`). `plan.py` decides
what becomes a new version and what is skipped, with the reason; `catalog_writer.py` adds the
versions to the catalog's YAML text, leaving its comments and layout alone.
"""
