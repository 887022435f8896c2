"""Security rules for the provisioned index, as plain functions over the resource graph.

The same functions back `indexplan check` (offline, against the mocked graph) and the Pulumi
policy pack in this folder (`pulumi preview --policy-pack policy/`).
"""
