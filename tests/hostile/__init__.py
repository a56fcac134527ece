"""Hostile tests: case files, values, leaks, files and faults that try to break spo-bundle.

See docs/security.md for the threat model these tests hold the tool to.
"""
