"""Rendering: slide decks, PDFs, images and static maps built from the domain content."""
