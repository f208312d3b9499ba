"""Read and check: entry files parsed strictly, checked against the schemas and across entries, into a model.

May import: the standard library, YAML and JSON Schema libraries, and `faultlines._version`; nothing above it.
"""
