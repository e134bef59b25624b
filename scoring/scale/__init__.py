"""Scoring tables too large for one frame.

Tables too large for one frame: chunked streaming of flat files, the Dask engine and the
progress bar. Both compose a reader, the engine and a row writer."""
