"""Every change to community data goes through these functions: `schemes` (watch schemes,
joining, coordinators' messages) and `speedwatch` (Community Speed Watch)."""
