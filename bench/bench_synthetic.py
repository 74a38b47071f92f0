"""Benchmark the synthetic cohort generator: patients/s and events/s on one core.

Usage: python bench/bench_synthetic.py --patients 100000 [--seed 1]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from netcare.synthetic import DEFAULT_CONFIG, generate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--patients", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    events = 0
    longest = 0
    start = time.perf_counter()
    for patient in generate(DEFAULT_CONFIG, args.patients, args.seed):
        n = len(patient.events)
        events += n
        longest = max(longest, n)
    elapsed = time.perf_counter() - start
    print(f"patients:   {args.patients:,} in {elapsed:.2f} s")
    print(f"patients/s: {args.patients / elapsed:,.0f}")
    print(f"events/s:   {events / elapsed:,.0f}")
    print(f"events per patient: mean {events / max(1, args.patients):.1f}, max {longest}")


if __name__ == "__main__":
    main()
