"""Units: the administrative hierarchy and its changes over time."""
