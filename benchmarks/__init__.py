"""Benchmarks of Route Atlas; each module is runnable with ``python -m benchmarks.<name>``."""
