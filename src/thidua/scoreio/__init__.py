"""Reading unit results from files and writing scores out (JSON, text, XLSX)."""
