#!/usr/bin/env python3
"""Writes docs/rules.md: the index of every rule id that SARIF's helpUri points at.

Usage: scripts/rules-doc.py BUILD_DIR   (runs BUILD_DIR/host/fairaudit rules --format json)

Only the ids, which never change (a rule id is its SARIF ruleId, option prefix,
suppression key and fingerprint's first part), are written here, so this file
does not drift from the plugins: each rule's text is its plugin's metadata,
which `fairaudit rules` prints and every report carries.
"""
import json
import os
import subprocess
import sys

build = sys.argv[1] if len(sys.argv) > 1 else "build"
src = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
exe = os.path.join(build, "host", "fairaudit")
rules = json.loads(subprocess.run([exe, "rules", "--format", "json"], check=True, capture_output=True, text=True).stdout)

out = [
    "# Rules",
    "",
    "Every rule fairaudit ships, by its id (`plugin/rule`). SARIF's `helpUri` of each rule points",
    "here. A rule's text — what it checks, why, its legal basis and default severity — is its",
    "plugin's own metadata: `fairaudit rules --plugin PLUGIN` prints it, SARIF carries it as the",
    "rule's `help`, and the HTML report lists it under *Rules and their legal basis*. The sources",
    "behind each basis are discussed in [legal-sources.md](legal-sources.md); policies set",
    "severities per rule ([policies.md](policies.md)).",
    "",
    "Written by `scripts/rules-doc.py BUILD_DIR` from `fairaudit rules --format json`.",
]
plugin = None
for r in sorted(rules, key=lambda r: r["id"]):
    p = r["id"].split("/")[0]
    if p != plugin:
        plugin = p
        out += ["", f"## {p}", ""]
        if p != "host":
            out += [f"`fairaudit rules --plugin {p}` prints the texts of these rules.", ""]
    out.append(f'- <a id="{r["id"]}"></a>`{r["id"]}` ({r["scope"]} scope)')
with open(os.path.join(src, "docs", "rules.md"), "w") as f:
    f.write("\n".join(out) + "\n")
