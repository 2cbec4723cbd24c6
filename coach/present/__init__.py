"""Present: the shapes replies take and how they are shown.

The pipeline's last stage. ``reply`` is the JSON contract of every mode and the
input validation all modes share. Nothing here reads, searches or writes advice.
"""
