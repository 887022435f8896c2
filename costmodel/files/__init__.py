"""The one place user files are read: size bound, encoding, YAML and JSON parsing, each failure
one `InputError` naming the file. Every layer above reads files through here."""
