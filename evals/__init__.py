"""Evals: labelled case sets and the scripts that score the coach on them."""
