#!/usr/bin/env python3
"""The runtime's include graph runs one way: scripts/check_runtime_layers.py
passes on runtime/src, and fails on a tree where a lower layer includes a
higher one (so the check can fail)."""
import pathlib
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "check_runtime_layers.py"


def run(src):
    return subprocess.run([sys.executable, str(SCRIPT), str(src)],
                          capture_output=True, text=True)


def main():
    real = run(ROOT / "runtime" / "src")
    if real.returncode != 0:
        print(real.stdout, real.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        src = pathlib.Path(tmp)
        (src / "core").mkdir()
        (src / "trace").mkdir()
        (src / "trace" / "span_record.hpp").write_text("#pragma once\n")
        (src / "core" / "codec.hpp").write_text(
            '#pragma once\n#include "telegen/attribute.hpp"\n#include "trace/span_record.hpp"\n')
        upward = run(src)
        expected = 'core/codec.hpp:3: core/ includes "trace/span_record.hpp" from trace/, a higher layer'
        if upward.returncode != 1 or expected not in upward.stdout:
            print("an upward include was not reported:\n" + upward.stdout + upward.stderr)
            return 1
    print(real.stdout.strip())
    return 0


if __name__ == "__main__":
    sys.exit(main())
