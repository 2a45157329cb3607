"""Rendering: the briefing pack's deck, PDF, static maps, charts as images and the HTML map.

Beside ``layers`` (folium) and ``charts`` (plotly): this package turns the pure content models
of ``geo.briefing`` and ``geo.awareness.campaign`` into files. It may import ``layers``, never
streamlit.
"""
