#!/usr/bin/env python3
"""scripts/add-rule.py on a temporary copy of one plugin: the new rule's
source and test appear, its declaration, table row and CMake entries are
added, a second run for the same id is refused, and the new and changed
sources compile (syntax only) against the SDK."""
import argparse
import pathlib
import shutil
import subprocess
import sys
import tempfile


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--source", type=pathlib.Path, required=True)
    p.add_argument("--plugin", required=True)
    p.add_argument("--cxx", required=True)
    p.add_argument("flags", nargs="*")
    a = p.parse_args()
    failures = []

    def expect(cond, what):
        if not cond:
            failures.append(what)

    with tempfile.TemporaryDirectory() as tmp:
        root = pathlib.Path(tmp)
        for part in (f"plugins/{a.plugin}", f"tests/plugins/{a.plugin}", "scripts"):
            shutil.copytree(a.source / part, root / part)
        script = root / "scripts" / "add-rule.py"
        run = subprocess.run([sys.executable, str(script), a.plugin, "late-offer", "--root", str(root)],
                             capture_output=True, text=True)
        expect(run.returncode == 0, f"add-rule.py failed: {run.stderr}")

        plugin, tests = root / "plugins" / a.plugin, root / "tests" / "plugins" / a.plugin
        expect((plugin / "late-offer.cpp").is_file(), "no plugins/<plugin>/late-offer.cpp")
        expect((tests / "late-offer_test.cpp").is_file(), "no tests/plugins/<plugin>/late-offer_test.cpp")
        table = (plugin / "plugin.cpp").read_text(encoding="utf-8")
        expect('{{"late-offer",' in table and "&late_offer}" in table, "no table row for late-offer in plugin.cpp")
        expect(table.index('"late-offer"') < table.index("add-rule.py: new rules go above"),
               "the row is not inside the table")
        expect("void late_offer(" in (plugin / "rules.hpp").read_text(encoding="utf-8"), "no declaration in rules.hpp")
        expect("late-offer.cpp" in (plugin / "CMakeLists.txt").read_text(encoding="utf-8"),
               "late-offer.cpp not in the plugin's CMakeLists.txt")
        expect("late-offer_test.cpp" in (tests / "CMakeLists.txt").read_text(encoding="utf-8"),
               "late-offer_test.cpp not in the tests' CMakeLists.txt")

        again = subprocess.run([sys.executable, str(script), a.plugin, "late-offer", "--root", str(root)],
                               capture_output=True, text=True)
        expect(again.returncode != 0, "a second run for the same rule id was not refused")
        bad = subprocess.run([sys.executable, str(script), a.plugin, "Late_Offer", "--root", str(root)],
                             capture_output=True, text=True)
        expect(bad.returncode != 0, "a rule id that is not kebab-case was not refused")

        if not failures:
            for src, extra in ((plugin / "late-offer.cpp", []), (plugin / "plugin.cpp", []),
                               (tests / "late-offer_test.cpp", [f"-I{a.source / 'tests'}"])):
                cc = subprocess.run([a.cxx, "-std=c++20", "-fsyntax-only", f"-I{plugin}", *extra, *a.flags, str(src)],
                                    capture_output=True, text=True)
                expect(cc.returncode == 0, f"{src.name} does not compile:\n{cc.stderr[:4000]}")

    for f in failures:
        print("FAIL:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
