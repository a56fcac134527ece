"""Hypothesis strategies and helpers shared by the property tests and the hostile suite."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=20,
)  # fmt: skip
"""Any JSON value, small enough to run by the hundred."""


def json_paths(node: Any, where: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path in a JSON value, the root ``()`` first."""
    found = [where]
    if isinstance(node, dict):
        for key, child in node.items():
            found += json_paths(child, (*where, key))
    elif isinstance(node, list):
        for i, child in enumerate(node):
            found += json_paths(child, (*where, i))
    return found
