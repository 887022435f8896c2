"""Plans over the model: compare setups, project them over months, sweep a quantity, and the
vectorised pricer they share. They import the model, never a reader."""
