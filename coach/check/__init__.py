"""Check: the gate every piece of model text passes before it is shown.

The pipeline's fourth stage. ``verify`` accepts a model's answer only if it
agrees with the user's message and the guidance it was given. Nothing here
writes text of its own.
"""
