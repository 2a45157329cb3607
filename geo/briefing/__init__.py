"""The briefing pack: a slide deck, a PDF and an offline HTML map built from one content model.

``content`` assembles the sections a user picks; ``deck``, ``pdf`` and ``html_map`` render them;
``static_map`` and ``charts`` draw the pictures without internet; ``disclosure`` keeps a public
pack free of small counts and record-level data; ``pack`` builds all three files in one call.
"""
