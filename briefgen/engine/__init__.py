"""The machinery that makes `build` and `serve` fast: the keys of costly steps
(keys.py), where their results are kept between runs (memo.py), how work is spread
over processes (executor.py), and the plain records that cross those boundaries
(records.py)."""
