"""Q&A knowledge-base and quiz site generator: YAML entries -> validated corpus -> Markdown pages -> MkDocs."""
