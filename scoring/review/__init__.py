"""Review of tables and scores.

Review of tables and scores: lint of the input rows, the check of a filled table's own
scores and the comparison with published scores."""
