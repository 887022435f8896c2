"""The pure cost model: quantities and money, the scenario, the dated price catalog, the tier
splitter, one module per priced resource type, usage mapping, sponsorship and the estimate.
Imports only `costmodel.errors` and `costmodel.files`."""
