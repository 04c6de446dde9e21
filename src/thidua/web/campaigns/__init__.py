"""Campaigns: period, milestones, frameworks per level, participants, lifecycle, snapshots."""
