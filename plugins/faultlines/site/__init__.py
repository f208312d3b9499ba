"""Render: the knowledge base as Markdown pages, build-time diagrams and charts, the search documents and the
data files for tools; escaping and sanitising of contributor text.

May import: `faultlines.data` and the standard library, Jinja2 and nh3; never MkDocs.
"""
