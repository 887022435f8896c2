"""Cost model: prices a resource graph under a traffic scenario. Never imports Pulumi.

Layers, each importing only those listed before it (tests/test_layers.py enforces this):

- `errors`, `files/`: the user's mistakes as one-line errors, and the one place user files are
  read (size, encoding, YAML and JSON parsing);
- `model/`: the pure model: units, scenario, the dated catalog, priced types, estimate,
  sponsorship. It builds from mappings and its own catalog; it never reads another format;
- `readers/`: outside formats turned into model objects (Pulumi previews and state, usage
  files, official price files);
- `planning/`: plans over the model (compare, project, sweep and their vectorised pricer).

The price catalog is data, in `catalog/`.
"""
