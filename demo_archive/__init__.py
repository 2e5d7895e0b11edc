"""Demo archive generator: test data for `make demo`, the tests and the benchmarks.

Not part of the plugin: it is neither deployed nor packaged.
"""
