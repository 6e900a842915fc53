#!/usr/bin/env python3
"""Every text a plugin's code can say is in that plugin's catalogs.

The fixtures show only the reasons their rounds call for (catalog_coverage_test);
this reads the plugins' sources instead. Every string literal of a plugin
(adjacent literals joined, comments left out) that holds words is either a
message of the plugin's catalog in each of nb, nn, sv and da, or a part of
one: a reason composed of parts is translated as the whole sentence, which
must be there too (tests/plugins/interview-call-diversity/reasons_test.cpp
checks the one plugin that still composes its reasons, over every
combination). Left out are the texts people do not read in their language:
option errors and log lines (English, for whoever writes the policy), the
`*_method` notes of the evidence (the host translates them, host/emit/
sentences.cpp method_words), and codes, keys and paths (no space).

usage: plugin_messages.py SOURCE_DIR
"""
import glob
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from po_lint import LANGS, read_po  # noqa: E402

LITERAL = re.compile(r'"(?:[^"\\]|\\.)*"')
CHAR = re.compile(r"'(?:[^'\\]|\\.)*'")
# A statement that says nothing to a reader of the report.
NOT_READ = re.compile(r'\bthrow\b|OptionError|\blog\.|\blogger\b|static_assert|_method"')


def unescape(q):
    body, out, i = q[1:-1], [], 0
    while i < len(body):
        if body[i] == "\\" and i + 1 < len(body):
            i += 1
            out.append({"n": "\n", "t": "\t"}.get(body[i], body[i]))
        else:
            out.append(body[i])
        i += 1
    return "".join(out)


def code_only(text):
    """The source with comments blanked (line numbers kept); literals untouched."""
    out, i, n = [], 0, len(text)
    while i < n:
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif text.startswith("/*", i):
            j = text.find("*/", i)
            j = n if j < 0 else j + 2
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        elif text[i] == '"' or text[i] == "'":
            m = (LITERAL if text[i] == '"' else CHAR).match(text, i)
            j = m.end() if m else i + 1
            out.append(text[i:j])
            i = j
        elif text.startswith("#include", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def texts(path):
    """(line, text) of every literal expression of the file that holds words."""
    code = code_only(open(path, encoding="utf-8").read())
    # The statement around a literal is found in `bare`, where a literal's
    # content cannot end it.
    bare = LITERAL.sub(lambda m: '"' + " " * (len(m.group(0)) - 2) + '"', code)
    found = []
    for m in re.finditer(r'(?:%s\s*)+' % LITERAL.pattern, code):
        s = "".join(unescape(q) for q in LITERAL.findall(m.group(0)))
        if " " not in s.strip() or not re.search(r"[A-Za-zæøåÆØÅäöÄÖ]{2}", s):
            continue
        start = max(bare.rfind(";", 0, m.start()), bare.rfind("{", 0, m.start()), bare.rfind("}", 0, m.start()))
        end = bare.find(";", m.end())
        if NOT_READ.search(code[start + 1:end if end >= 0 else len(code)]):
            continue
        found.append((code.count("\n", 0, m.start()) + 1, s))
    return found


# Parts of texts that name the policy's own words and are in no catalog. None
# now: a summary that names the policy's roles ends in a sentence "…: ROLES
# (option NAME)." that the catalog has with {values} for the roles.
POLICY_WORDS = set()


def main():
    source = sys.argv[1]
    problems, checked = [], 0
    for plugin_dir in sorted(glob.glob(os.path.join(source, "plugins", "*", ""))):
        plugin = os.path.basename(os.path.dirname(plugin_dir))
        catalogs = {}
        for lang in LANGS:
            po = os.path.join(plugin_dir, "po", lang + ".po")
            if os.path.exists(po):
                catalogs[lang] = {k for k, e in read_po(po).items() if all(s.strip() for s in e["strs"])}
            else:
                catalogs[lang] = set()
        joined = {lang: "\n".join(ids) for lang, ids in catalogs.items()}
        for path in sorted(glob.glob(os.path.join(plugin_dir, "*.cpp")) + glob.glob(os.path.join(plugin_dir, "*.hpp"))):
            for line, s in texts(path):
                checked += 1
                if (plugin, s) in POLICY_WORDS:
                    continue
                for lang in LANGS:
                    if s in catalogs[lang] or s in joined[lang]:
                        continue
                    problems.append('%s:%d: "%s" is in no message of %s/po/%s.po' %
                                    (os.path.relpath(path, source), line, s, plugin, lang))
    for p in problems:
        print(p)
    print("plugin_messages: %d texts in the plugins' sources, %d problems" % (checked, len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
