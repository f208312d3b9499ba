"""The MkDocs shell: the plugin, worker processes for `mkdocs build`, page reuse for `mkdocs serve`.

The only layer that imports MkDocs; may import every other layer.
"""
