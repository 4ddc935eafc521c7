"""Prints a valid schema with N counters, each updated by one event."""
import sys

count = int(sys.argv[1])
print("cardinality: {per_metric: 1000, total: 1000000}")
print("labels:\n  region: {values: [eu, us, ap]}")
print("metrics:")
for i in range(count):
    print(f"  m{i}_total:\n    type: counter\n    help: Metric {i}.\n    labels: [region]")
print("events:")
for i in range(count):
    print(f"  e{i}:\n    level: INFO\n    fields:\n"
          f"      region: {{type: enum, label: region, required: true}}\n"
          f"    updates:\n      - metric: m{i}_total")
