"""Readers that turn source files into an Evaluation.

Readers that turn source files into an Evaluation: evaluation folders, flat CSV and Parquet
tables, official workbooks and published target texts."""
