"""``python -m pipeline`` runs the ``spo`` command."""

from __future__ import annotations

from pipeline.launch import main

if __name__ == "__main__":
    main()
