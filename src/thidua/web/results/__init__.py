"""Results: self-assessment, appraisal and evidence per (campaign, unit, criterion)."""
