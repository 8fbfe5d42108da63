"""Ursina UI layer: the window, pause screen, key help."""
