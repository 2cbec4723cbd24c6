"""Storage: conversations and plan progress, kept only on this machine (SQLite).

Beside the pipeline, not part of it: the front ends save and delete here.
Nothing here reads messages or writes replies.
"""
