"""Render: the model as Markdown pages, charts, diagrams, the heatmap and the data files for tools.

May import: `faultlines.data`; never MkDocs (a plain Python-Markdown and Jinja layer any front end can use).
"""
