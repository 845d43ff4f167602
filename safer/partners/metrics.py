"""Scorecard measures owned by the partners app."""
