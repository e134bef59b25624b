"""The shared vocabulary of every layer.

The shared vocabulary of every layer: the evaluation and result types, problems, the codes
and their labels, the column names, the input limits, the official form's layout and the atomic
file writer. It imports nothing else from scoring."""
