"""Scorers for gold sets: each compares a run's tables with hand-annotated answers (used with ratchets)."""
