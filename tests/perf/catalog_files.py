"""The shipped catalog files the cache tests copy (conftest.py's `catalog`)."""

# A YAML file with prices and zone maps, and a generated JSON one.
SHIPPED = ("backblaze/b2.yaml", "aws/rds.json")
