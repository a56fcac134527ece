"""Wrappers around the external programs spo-bundle runs: one module per program.

Each module finds its program, runs it and turns its failures into
:class:`~pipeline.errors.SpoError` subclasses with one-line messages. ``uno_worker.py`` is not
imported: it is a script that Debian's ``/usr/bin/python3`` runs next to LibreOffice.
"""
