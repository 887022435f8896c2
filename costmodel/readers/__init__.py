"""Readers of outside formats (Pulumi previews and state, usage files, official price files):
each turns a file someone else wrote into model objects. They import the model, never planning."""
