"""Contributor commands: the `faultlines` CLI (validate, new, changes, check-refs) and the changelog.

May import: `faultlines.data` and `faultlines.site`; never MkDocs.
"""
