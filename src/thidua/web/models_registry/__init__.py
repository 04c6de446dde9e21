"""The registry of the units' models (mô hình) and their commendations (B.2 / B.3)."""
