"""Department task lists (Annex 1): tasks, lead and coordinating units, status, evidence."""
