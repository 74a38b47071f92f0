"""Placeholder: being written (see calculators.py)."""
