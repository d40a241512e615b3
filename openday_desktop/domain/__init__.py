"""Domain layer: dataclasses and rules. Pure Python: no Qt, no SQL."""
