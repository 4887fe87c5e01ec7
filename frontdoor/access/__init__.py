"""The access model, as a service every feature calls before it shows a family or a person.

- `policy`: role × agency × legitimate relationship → may this user open this record?
- `claims`: self-claimed access (a stated reason, an expiry, an information-governance review).
- `redaction`: field-level rules for withheld addresses and safe-contact details.
- `guard`: the two calls views and socket handlers use: `open_family(...)`, `open_person(...)`.
"""
