"""Exports in the layouts officials use (Excel annexes, Word documents)."""
