#!/usr/bin/env python3
"""Add a rule to a plugin: its source file, its test file and its table entry.

    scripts/add-rule.py PLUGIN RULE-ID [--root DIR]

as clang-tidy's add_new_check.py adds a check. For RULE-ID `late-offer` in
plugins/PLUGIN it writes

    plugins/PLUGIN/late-offer.cpp               a check function skeleton
    tests/plugins/PLUGIN/late-offer_test.cpp    a test that loads the real plugin

and adds the check's declaration to plugins/PLUGIN/rules.hpp, a row to the
rule table in plugins/PLUGIN/plugin.cpp and the two files to the CMake lists.
Each insertion goes above the line that says `add-rule.py: ... go above this
line`. The new rule reports `not_applicable` for every round until its check
is written; see docs/adding-a-rule.md for what to fill in.
"""
import argparse
import pathlib
import re
import sys

MARK_DECL = "add-rule.py: new check declarations go above this line."
MARK_ROW = "add-rule.py: new rules go above this line."
MARK_SOURCE = "add-rule.py: new rule sources go above this line."
MARK_TEST = "add-rule.py: new rule tests go above this line."

RULE_ID = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
# The last check declared before the marker tells the plugin's call type
# (RuleCall<...> or its alias) and how it spells Sink.
DECL = re.compile(r"void \w+\(const Round& \w*,\s*const ([\w:<>]+)& \w*,\s*((?:fairaudit::)?Sink)&")


def fail(message):
    print(f"add-rule.py: {message}", file=sys.stderr)
    sys.exit(1)


def insert_above(path, marker, text):
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    for i, line in enumerate(lines):
        if marker in line:
            indent = line[: len(line) - len(line.lstrip())]
            block = "".join(indent + l if l.strip() else l for l in text.splitlines(keepends=True))
            lines.insert(i, block)
            path.write_text("".join(lines), encoding="utf-8")
            return
    fail(f"{path}: no line with '{marker}'")


def main():
    parser = argparse.ArgumentParser(description="Add a rule to a fairaudit plugin.")
    parser.add_argument("plugin", help="the plugin's folder name under plugins/, e.g. representative-involvement")
    parser.add_argument("rule", help="the new rule's id, kebab-case, e.g. late-offer")
    parser.add_argument("--root", default=pathlib.Path(__file__).resolve().parent.parent, type=pathlib.Path,
                        help="the source tree (default: the one this script is in)")
    args = parser.parse_args()

    if not RULE_ID.match(args.rule):
        fail(f"'{args.rule}' is not a kebab-case rule id (lower-case words joined by '-')")
    plugin_dir = args.root / "plugins" / args.plugin
    test_dir = args.root / "tests" / "plugins" / args.plugin
    rules_hpp, plugin_cpp = plugin_dir / "rules.hpp", plugin_dir / "plugin.cpp"
    for path in (rules_hpp, plugin_cpp, plugin_dir / "CMakeLists.txt", test_dir / "CMakeLists.txt"):
        if not path.is_file():
            fail(f"{path} not found")
    source = plugin_dir / f"{args.rule}.cpp"
    test = test_dir / f"{args.rule}_test.cpp"
    for path in (source, test):
        if path.exists():
            fail(f"{path} exists already")
    if f'"{args.rule}"' in plugin_cpp.read_text(encoding="utf-8"):
        fail(f"{plugin_cpp} has a rule '{args.rule}' already")

    header = rules_hpp.read_text(encoding="utf-8")
    namespace = re.search(r"^namespace ([\w:]+) \{", header, re.M)
    decls = DECL.findall(header[: header.find(MARK_DECL)])
    if not namespace or not decls:
        fail(f"{rules_hpp}: cannot tell the plugin's namespace and check signature")
    call, sink = decls[-1]
    function = args.rule.replace("-", "_")
    full_id = f"{args.plugin}/{args.rule}"

    source.write_text(f"""\
// {full_id}
//
// FIXME: what the rule checks, and the law, agreement or practice it rests
// on (with section).
#include "rules.hpp"

namespace {namespace.group(1)} {{

void {function}(const Round& r, const {call}& call, {sink}& sink) {{
  // FIXME: decide the verdict from the round; report exactly one per round.
  sink.round_verdict(r, call.rule, fairaudit::Verdict::not_applicable, "Not checked yet.");
}}

}}  // namespace {namespace.group(1)}
""", encoding="utf-8")

    test.write_text(f"""\
#include <gtest/gtest.h>

#include "support/harness.hpp"
#include "support/round_builder.hpp"

// Named after the file, so that a unity build can compile several test files
// of this folder in one unit.
namespace {args.rule.replace('-', '_')}_test {{

using fairaudit::Verdict;
using fairaudit::testing::Harness;
using fairaudit::testing::RoundLine;

namespace {{
const std::string kRule = "{full_id}";
}}

// FIXME: one test where the rule fires and one where it stays silent, each
// on a round built with RoundLine that differs in the one thing the rule
// looks at.
TEST({''.join(w.capitalize() for w in args.rule.split('-'))}, ReportsAVerdictForEachRound) {{
  Harness h("{args.plugin}");
  auto out = h.run(RoundLine{{}}.line());
  EXPECT_EQ(out.verdict(kRule, "R-1"), Verdict::not_applicable);
}}

}}  // namespace {args.rule.replace('-', '_')}_test
""", encoding="utf-8")

    insert_above(rules_hpp, MARK_DECL, f"void {function}(const Round&, const {call}&, {sink}&);\n")
    insert_above(plugin_cpp, MARK_ROW, f"""\
{{{{"{args.rule}",
  "FIXME: one line, what the rule checks.",
  "FIXME: why it matters, for the person reading the finding.",
  "FIXME: the legal basis or agreement, with section.",
  "", fairaudit::Severity::warning, fairaudit::Scope::round}},
 &{function}}},
""")
    insert_above(plugin_dir / "CMakeLists.txt", MARK_SOURCE, f"{args.rule}.cpp\n")
    insert_above(test_dir / "CMakeLists.txt", MARK_TEST, f"{args.rule}_test.cpp\n")

    for path in (source, test, rules_hpp, plugin_cpp, plugin_dir / "CMakeLists.txt", test_dir / "CMakeLists.txt"):
        print(path.relative_to(args.root))


if __name__ == "__main__":
    main()
