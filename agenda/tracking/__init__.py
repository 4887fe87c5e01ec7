"""After the meeting: each agency's actions to completion, the chair's review of incomplete
actions at the next meeting, and in-app notifications. See docs/agenda.md."""
