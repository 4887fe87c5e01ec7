"""The one e-mail channel: features write messages to the outbox (`outbox.enqueue`, inside the
transaction of the event they tell of); a scheduled job sends them over SMTP (`sender`).

See docs/children.md ("E-mail") for the settings and the rules on content.
"""
