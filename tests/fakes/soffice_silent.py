#!/usr/bin/env python3
"""A fake soffice that behaves as "silent" (see _fake.py)."""

from __future__ import annotations

from _fake import fake_soffice

fake_soffice("silent")
