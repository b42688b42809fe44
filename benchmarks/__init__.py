"""The benchmark (``make bench``) and its helpers; see ``benchmarks/run.py``."""
