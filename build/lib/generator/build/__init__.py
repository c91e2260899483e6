"""After the engine: the link check, the atomic swap of the site folder, the "up to date" stamp."""
