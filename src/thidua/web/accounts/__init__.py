"""Accounts: who belongs to which unit, in which role."""
