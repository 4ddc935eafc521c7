#!/usr/bin/env python3
"""Checks that runtime/src includes only run downward through its layers.

Each folder of runtime/src is one layer; a file may include private headers
("layer/file.hpp") from its own layer and the layers listed before it, never
from a layer after it. The order below is the architecture of
docs/architecture.md. Exit 1, with one line per offending include
(file:line: what it includes and why that is wrong), when a file breaks it;
exit 0 otherwise.
"""
import pathlib
import re
import sys

# Bottom to top.
LAYERS = [
    "core",
    "context",
    "metrics",
    "trace",
    "log",
    "resilience",
    "export",
    "telemetry",
    "health",
    "http",
]
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')


def layer_of(path: pathlib.PurePosixPath):
    return path.parts[0] if path.parts and path.parts[0] in LAYERS else None


def check(src: pathlib.Path) -> list:
    problems = []
    for folder in sorted(p for p in src.iterdir() if p.is_dir()):
        if folder.name not in LAYERS:
            problems.append(f"{folder}: folder is not a layer; add it to LAYERS in {__file__}")
    for path in sorted(src.rglob("*.[ch]pp")):
        relative = pathlib.PurePosixPath(path.relative_to(src).as_posix())
        own = layer_of(relative)
        if own is None:
            problems.append(f"{path}: file outside every layer folder of {src}")
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            match = INCLUDE.match(line)
            if not match or match.group(1).startswith("telegen/"):
                continue
            target = pathlib.PurePosixPath(match.group(1))
            included = layer_of(target)
            if included is None:
                problems.append(
                    f"{path}:{number}: includes \"{target}\", which names no layer; "
                    f"include private headers by their folder (\"core/clock.hpp\")")
            elif not (src / target).exists():
                problems.append(f"{path}:{number}: includes \"{target}\", which does not exist")
            elif LAYERS.index(included) > LAYERS.index(own):
                problems.append(
                    f"{path}:{number}: {own}/ includes \"{target}\" from {included}/, a higher "
                    f"layer; move the shared part down or invert the dependency")
    return problems


def main(argv):
    src = pathlib.Path(argv[1]) if len(argv) > 1 else \
        pathlib.Path(__file__).resolve().parent.parent / "runtime" / "src"
    problems = check(src)
    for problem in problems:
        print(problem)
    files = sum(1 for _ in src.rglob("*.[ch]pp"))
    print(f"runtime layers: {files} files, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
