"""Parses a scrape with the Prometheus Python client and checks samples.

Usage: scrape.py FORMAT SCRAPE EXPECTED
FORMAT is 'text' (Prometheus text format 0.0.4) or 'openmetrics'. EXPECTED
has one sample per line, 'name{label="value",...} value', and every one
must be in the scrape with that value. Prints the number of samples read.
"""
import sys

from prometheus_client.openmetrics import parser as openmetrics_parser
from prometheus_client import parser as text_parser


def samples(fmt, text):
    parse = (openmetrics_parser.text_string_to_metric_families if fmt == "openmetrics"
             else text_parser.text_string_to_metric_families)
    found = {}
    for family in parse(text):
        for sample in family.samples:
            key = (sample.name, tuple(sorted(sample.labels.items())))
            found[key] = sample.value
    return found


def expected(lines):
    for line in lines:
        line = line.strip()
        if not line:
            continue
        series, value = line.rsplit(" ", 1)
        name, _, labels = series.partition("{")
        pairs = []
        for item in filter(None, labels.rstrip("}").split('",')):
            key, _, val = item.partition("=")
            pairs.append((key, val.strip('"')))
        yield (name, tuple(sorted(pairs))), float(value)


def main():
    fmt, scrape_path, expected_path = sys.argv[1:]
    found = samples(fmt, open(scrape_path).read())
    missing = []
    for key, value in expected(open(expected_path)):
        if found.get(key) != value:
            missing.append(f"{key}: expected {value}, scraped {found.get(key)}")
    if missing:
        sys.exit("\n".join(missing))
    print(f"{len(found)} samples")


main()
