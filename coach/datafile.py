"""Data files: read the coach's YAML data quickly (libyaml's safe loader when installed).

Errors are PyYAML's own (``yaml.YAMLError``) and ``OSError``, so callers keep
their messages. This module knows nothing about what the files mean.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(source: Path | str) -> Any:
    """The parsed content of a YAML file (a ``Path``) or of YAML text (a ``str``)."""
    text = source.read_text(encoding="utf-8") if isinstance(source, Path) else source
    return yaml.load(text, Loader=_LOADER)
