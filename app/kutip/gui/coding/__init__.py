"""Coding a passage: the controller behind the code keys and menus, quick code, the memo editor
and the code description dialog."""
