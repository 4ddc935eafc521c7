"""Prints the YAML block that follows '<!-- complete-example -->' in a
Markdown file, so tests can check the documentation's example."""
import sys

with open(sys.argv[1], encoding="utf-8") as f:
    text = f.read()
marker = text.index("<!-- complete-example -->")
start = text.index("```yaml\n", marker) + len("```yaml\n")
print(text[start:text.index("```", start)], end="")
