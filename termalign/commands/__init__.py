"""One module per command; heavy imports stay inside the command functions."""
