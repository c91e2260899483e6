"""The MkDocs adapter: the plugin, its configuration, the page cache and the live preview."""
