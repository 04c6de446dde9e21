"""Reporting obligations, submissions, and the C.1 deduction computed from them."""
