"""Raw files in, normalized articles out: readers -> normalize -> extract -> pipeline."""
