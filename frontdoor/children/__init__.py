"""Children in their own right (#18): the schools register, Operation Encompass and health
notices, and the tracker. See docs/children.md."""
