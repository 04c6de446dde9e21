"""Award pages: gates per unit, the proposal list per level, dossier documents and statuses."""
