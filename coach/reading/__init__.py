"""Reading a message: its route, kind, situation and key sentence, before anything answers.

The first stage of the pipeline (read -> retrieve -> respond -> check ->
present). ``Reader.read`` returns a ``Reading``; training lives in
``coach.reading.train`` and is never run by the app. Nothing here retrieves,
calls a chat model or writes a reply.
"""

from coach.reading.reader import Reader, Reading

__all__ = ["Reader", "Reading"]
