"""Intake: police files, the referral API, the web form and the drop folder (docs/intake.md)."""
