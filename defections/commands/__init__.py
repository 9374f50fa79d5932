"""One module per command; each is a plain function of its options that returns an exit code (errors.py)."""
