"""A private relationship coach grounded in a small library of advice articles."""

__version__ = "0.1.0"
