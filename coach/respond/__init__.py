"""Respond: compose or generate what the coach says, for every mode.

The pipeline's third stage. ``responder`` answers a read and retrieved question
(``guided`` from the curated guidance, ``compose`` extractively, ``answer`` with a
chat model); ``routed`` gives the fixed replies (crisis, refusal, off topic);
``phrasing`` and ``roleplay`` serve the practice modes; ``prompts`` holds every
template. Nothing here reads a message or searches the index; model text is
checked by ``coach.check`` before it is shown.
"""
