"""Data shipped with Kutip: codebooks, demo material, translations, icons.

A package only so that ``importlib.resources`` finds these files in a checkout, an installed
wheel and a frozen bundle alike; see ``kutip.resources``.
"""
