"""CIA community analysis library: data layers, measures, imports and exports.

A plain library: it never imports streamlit (enforced by ruff and by tests/test_layers.py).
"""
