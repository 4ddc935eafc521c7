"""PyYAML reading scalars as YAML 1.2's core schema types them.

PyYAML implements YAML 1.1, where 'yes' is a boolean and '1e3' a string;
telegen, like editors' YAML language servers, follows YAML 1.2's core
schema. Tests compare telegen with JSON Schema validation on the same
typing.
"""
import re

import yaml


class CoreLoader(yaml.SafeLoader):
    """SafeLoader with only the core schema's implicit types."""


CoreLoader.yaml_implicit_resolvers = {}
for tag, pattern, first in [
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    ("float", r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
              r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$", "-+0123456789."),
    ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
]:
    CoreLoader.add_implicit_resolver("tag:yaml.org,2002:" + tag, re.compile(pattern),
                                     list(first))


def _construct_int(loader, node):
    text = loader.construct_scalar(node)
    if text.startswith("0x"):
        return int(text[2:], 16)
    if text.startswith("0o"):
        return int(text[2:], 8)
    return int(text, 10)


CoreLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)


def load(path):
    with open(path, encoding="utf-8") as f:
        return yaml.load(f, Loader=CoreLoader)
