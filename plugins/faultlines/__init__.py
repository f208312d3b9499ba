"""Faultlines: a knowledge base of how AI alignment can fail, as validated YAML and a static site.

The core (strict_yaml, loader, schemas, integrity, model, render, export) imports nothing from MkDocs;
cli and mkdocs_plugin are thin shells over it.
"""
__version__ = "0.1.0"
