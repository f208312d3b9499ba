"""Contributor commands: the `faultlines` CLI (validate, new, changes, check-refs, release, render) and the
releases page.

May import: `faultlines.data` and `faultlines.site`; never MkDocs.
"""
