"""Benchmarks, run with `make bench` (never part of `make test`): figures go to docs/performance.md and
docs/reliability.md. The machine is shared and noisy, so each compares side by side in one run and
reports medians over several rounds."""
