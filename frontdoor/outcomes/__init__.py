"""The Outcomes-Based-Accountability dashboard: aggregate figures only, small numbers suppressed.

Definitions of every figure: `docs/outcomes.md`.
"""
