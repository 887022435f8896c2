"""Traffic from the logs: CDN and storage logs in, a scenario's figures out (see README.md
here). One module per log format (cloudfront, fastly, cloudcdn, gcs_usage, s3_access), the
format detection, the DuckDB engine that aggregates files in place, the month aggregation and
the derivation, the region maps in data/, and the scenario file writer."""
