"""Writers of a scored evaluation.

Writers of a scored evaluation: terminal text, CSV and JSON, rows chunk by chunk, official
workbooks and templates, the HTML report and the analytic views."""
