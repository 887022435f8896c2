"""Operators' bills in: FOCUS exports, AWS CUR 2.0, the Google Cloud billing export and Fastly's
monthly usage, each queried in place with DuckDB (or BigQuery) into one normalised shape, then
mapped to the catalog's prices by data (`mapping.yaml`, `services.yaml`)."""
