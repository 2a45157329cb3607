"""Rendering: the briefing pack's deck, PDF, static maps, charts as images and the HTML map.

Beside ``layers`` (folium) and ``charts`` (plotly): this package turns the pure content model of
``geo.briefing`` into files. It may import ``layers``; it never imports streamlit.
"""
