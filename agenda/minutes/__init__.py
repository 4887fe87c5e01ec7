"""After the meeting: closing a meeting freezes its minutes; minutes out as HTML and PDF."""
