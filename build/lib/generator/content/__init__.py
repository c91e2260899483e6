"""Load and validate: YAML files with line marks, the entry and taxonomy models, the author messages, the corpus."""
