"""`python -m benchmarks`: placeholder until the benchmark suite lands (issue 6)."""

import sys

sys.stdout.write("no benchmarks yet\n")
