"""Identity in the app: the persistent person index, resolution of intake's person records,
families, the coordinator's review queue, reversible merges and splits, and the
who-is-in-contact look-up. The matching itself is the pure `matching` library."""
