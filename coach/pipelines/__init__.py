"""Pipelines: one per mode, each a short sequence over the stages.

``ask`` reads a question once, retrieves for that reading, responds and
returns a ``Reply``; ``phrase`` reads a message once and returns a
``Phrasing``; ``practice`` starts role-plays whose turns are read as they come.
Each receives a validated ``Request`` (``coach.service`` validates every mode's
input once) and the parts it needs, built by ``coach.service``. Nothing here
builds models or opens stores.
"""

from coach.pipelines.request import Request

__all__ = ["Request"]
