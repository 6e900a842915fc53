#!/usr/bin/env python3
"""Lints every message catalog: host/po and each plugins/<plugin>/po.

Fails when a catalog lacks one of the languages (nb, nn, sv, da), when a
message id is in one language's file and not in another's, when a
translation is empty, or when a translation's placeholders ({key}) are not
exactly the message id's — the host fills them after translating, so a
placeholder lost or renamed in a translation would drop a number, and one
added would be printed raw. It also fails when the host's code names, in a
call of the translation functions (i18n::text, tr, plural), a text the
host's catalog does not have.

usage: po_lint.py SOURCE_DIR
"""
import glob
import os
import re
import sys

LANGS = ["nb", "nn", "sv", "da"]
PLACEHOLDER = re.compile(r"\{[A-Za-z0-9_]+\}")


def unquote(s, where):
    s = s.strip()
    if len(s) < 2 or s[0] != '"' or s[-1] != '"':
        raise ValueError("%s: expected a quoted string" % where)
    out, i, body = [], 0, s[1:-1]
    while i < len(body):
        c = body[i]
        if c == "\\" and i + 1 < len(body):
            i += 1
            out.append({"n": "\n", "t": "\t"}.get(body[i], body[i]))
        else:
            out.append(c)
        i += 1
    return "".join(out)


def read_po(path):
    """msgid -> list of msgstr (one, or one per plural form)."""
    entries, cur, field = {}, None, None

    def flush():
        if cur and cur.get("msgid"):
            key = cur["msgid"]
            if key in entries:
                raise ValueError("%s: msgid %r twice" % (path, key))
            forms = [cur[k] for k in sorted(cur) if k.startswith("msgstr")]
            entries[key] = {"strs": forms, "plural": cur.get("msgid_plural")}

    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            where = "%s:%d" % (path, n)
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            m = re.match(r'^(msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(".*")$', line)
            if m:
                if m.group(1) == "msgid":
                    flush()
                    cur = {}
                field = m.group(1)
                cur[field] = unquote(m.group(2), where)
            elif line.startswith('"') and cur is not None and field:
                cur[field] += unquote(line, where)
            else:
                raise ValueError("%s: not a PO line" % where)
    flush()
    return entries


def host_msgids(source):
    """The texts the host's code passes to the translation functions."""
    files = glob.glob(os.path.join(source, "host", "**", "*.cpp"), recursive=True)
    ids = set()
    lit = r'"(?:[^"\\]|\\.)*"'
    for path in files:
        text = open(path, encoding="utf-8").read()
        if "i18n::" not in text:
            continue
        for m in re.finditer(r'(?:i18n::text|\btr|\bhtr)\(\s*((?:%s\s*)+)\)' % lit, text):
            ids.add("".join(unquote(q, path) for q in re.findall(lit, m.group(1))))
        # say(TEXT, {{"name", value}, ...}): a chart's words with placeholders.
        for m in re.finditer(r'\bsay\(\s*((?:%s\s*)+),' % lit, text):
            ids.add("".join(unquote(q, path) for q in re.findall(lit, m.group(1))))
        for m in re.finditer(r'(?:i18n::text|\btr)\([^;()]*?\?\s*(%s)\s*:\s*(%s)\s*\)' % (lit, lit), text):
            ids.add(unquote(m.group(1), path))
            ids.add(unquote(m.group(2), path))
        for m in re.finditer(r'(?:plural(?:_word)?|counted)\([^,;]+,\s*(%s),\s*(%s)\)' % (lit, lit), text):
            ids.add(unquote(m.group(1), path))
    return ids


def main():
    source = sys.argv[1]
    dirs = [os.path.join(source, "host", "po")] + sorted(glob.glob(os.path.join(source, "plugins", "*", "po")))
    plugins = sorted(glob.glob(os.path.join(source, "plugins", "*", "CMakeLists.txt")))
    errors = []
    for p in plugins:
        d = os.path.join(os.path.dirname(p), "po")
        if not os.path.isdir(d):
            errors.append("%s: the plugin has no po/ folder (nb, nn, sv, da)" % os.path.dirname(p))
    total = 0
    for d in dirs:
        catalogs = {}
        for lang in LANGS:
            path = os.path.join(d, lang + ".po")
            if not os.path.exists(path):
                errors.append("%s: missing" % path)
                continue
            try:
                catalogs[lang] = read_po(path)
            except ValueError as e:
                errors.append(str(e))
        if not catalogs:
            continue
        every = set().union(*(set(c) for c in catalogs.values()))
        total += len(every)
        for lang, cat in catalogs.items():
            path = os.path.join(d, lang + ".po")
            for msgid in sorted(every - set(cat)):
                errors.append("%s: no entry for %r" % (path, msgid))
            for msgid, e in cat.items():
                want = sorted(PLACEHOLDER.findall(msgid))
                if e["plural"] is not None and sorted(PLACEHOLDER.findall(e["plural"])) != want:
                    errors.append("%s: %r: the plural's placeholders differ" % (path, msgid))
                for s in e["strs"]:
                    if not s.strip():
                        errors.append("%s: %r has an empty translation" % (path, msgid))
                    elif sorted(PLACEHOLDER.findall(s)) != want:
                        errors.append("%s: %r: placeholders %s in the translation, %s in the message" %
                                      (path, msgid, sorted(PLACEHOLDER.findall(s)), want))
        # The host writes some of its prose into HTML unescaped (as the English
        # literal always was): its translations must hold no markup.
        if d.endswith(os.path.join("host", "po")):
            for lang, cat in catalogs.items():
                for msgid, e in cat.items():
                    if any(ch in s for s in e["strs"] for ch in "<>&"):
                        errors.append("%s: %r: a translation holds < > or &" % (os.path.join(d, lang + ".po"), msgid))
        if d.endswith(os.path.join("host", "po")) and "nb" in catalogs:
            for msgid in sorted(host_msgids(source) - set(catalogs["nb"])):
                errors.append("%s: the host's code translates %r, which the catalogs lack" % (d, msgid))
    for e in errors:
        print(e)
    print("po_lint: %d catalogs, %d messages, %d problems" % (len(dirs), total, len(errors)))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
