"""Plotly figures built from domain objects, as ``layers/`` builds folium layers.

Each module builds figures for one subject and never imports Streamlit, so every figure can be
tested without a page: build it, then assert on ``fig.to_dict()`` or ``fig.to_json()``.
"""
