"""Python's YAML readers on mutu's canonical YAML (test-only).

    python3 check.py STREAM EXPECT

STREAM is what yaml-emit wrote: for each corpus string s, a document
"v: s, l: [s]" then a document "s: {s: 0}", each after a "---" line.
EXPECT has one line per string, "SECTION<TAB>LINE<TAB>HEX" (HEX the
string's UTF-8 bytes). Each reader below reads every document on its own,
and then the whole stream at once; s must come back as a str equal to the
original as the value, the list item and both keys.

Prints one line per reader per section, "ok - READER: SECTION (N strings)"
or "not ok - ...", with "#" lines saying what came back instead; run.sh
numbers them as TAP. A reader that cannot be loaded (a module missing, no
libyaml in PyYAML) fails every section: nothing is skipped.

Readers: PyYAML's safe loader with libyaml (CSafeLoader) and in pure
Python (SafeLoader), both YAML 1.1; ruamel.yaml's 'safe' loader with its C
parser and in pure Python, and its default round-trip ('rt') loader, each
as YAML 1.2 (its default) and as YAML 1.1 (version (1, 1)).
Exit status: 0 all ok, 1 a check failed, 2 usage or unreadable input.
"""
import re
import sys

MAX_SHOWN = 5


def readers():
    """(name, load_all) for every reader; load_all raises when unavailable."""
    out = []
    try:
        import yaml
    except ImportError as e:
        yaml, why = None, "PyYAML cannot be imported: %s" % e

    def pyyaml(loader_name):
        def load_all(text):
            if yaml is None:
                raise RuntimeError(why)
            loader = getattr(yaml, loader_name, None)
            if loader is None:
                raise RuntimeError("PyYAML %s has no %s (built without libyaml)"
                                   % (yaml.__version__, loader_name))
            return list(yaml.load_all(text, Loader=loader))
        return load_all

    out.append(("PyYAML CSafeLoader (libyaml, YAML 1.1)", pyyaml("CSafeLoader")))
    out.append(("PyYAML SafeLoader (pure Python, YAML 1.1)", pyyaml("SafeLoader")))

    try:
        from ruamel.yaml import YAML
        rwhy = None
    except ImportError as e:
        YAML, rwhy = None, "ruamel.yaml cannot be imported: %s" % e

    def ruamel(typ, pure, version):
        made = []  # one YAML instance per reader, made on first use

        def load_all(text):
            if YAML is None:
                raise RuntimeError(rwhy)
            if not made:
                y = YAML(typ=typ, pure=pure)
                if typ == "safe" and not pure and "CParser" not in repr(y.Parser):
                    raise RuntimeError("ruamel.yaml has no C parser (ruamel.yaml.clib)")
                if version:
                    y.version = version
                made.append(y)
            return list(made[0].load_all(text))
        return load_all

    for version, label in ((None, "YAML 1.2"), ((1, 1), "YAML 1.1")):
        out.append(("ruamel.yaml safe (C parser, %s)" % label, ruamel("safe", False, version)))
        out.append(("ruamel.yaml safe (pure Python, %s)" % label, ruamel("safe", True, version)))
        out.append(("ruamel.yaml rt (round-trip, %s)" % label, ruamel("rt", False, version)))
    return out


def short(x, limit=160):
    r = repr(x)
    return r if len(r) <= limit else r[:limit] + "... (%d chars)" % len(r)


def check_value_doc(d, s):
    """What is wrong with document "v: s, l: [s]" as read, or None."""
    if not isinstance(d, dict) or sorted(d.keys()) != ["l", "v"]:
        return "not a mapping with keys v and l: %s" % short(d)
    v, lst = d["v"], d["l"]
    if not isinstance(v, str) or v != s:
        return "v came back as %s %s" % (type(v).__name__, short(v))
    if not isinstance(lst, list) or len(lst) != 1:
        return "l came back as %s" % short(lst)
    if not isinstance(lst[0], str) or lst[0] != s:
        return "the list item came back as %s %s" % (type(lst[0]).__name__, short(lst[0]))
    return None


def check_key_doc(d, s):
    """What is wrong with document "s: {s: 0}" as read, or None."""
    if not isinstance(d, dict) or len(d) != 1:
        return "not a mapping of one key: %s" % short(d)
    (k, inner), = d.items()
    if not isinstance(k, str) or k != s:
        return "the key came back as %s %s" % (type(k).__name__, short(k))
    if not isinstance(inner, dict) or len(inner) != 1:
        return "the key's value came back as %s" % short(inner)
    (k2, zero), = inner.items()
    if not isinstance(k2, str) or k2 != s:
        return "the nested key came back as %s %s" % (type(k2).__name__, short(k2))
    if type(zero) is not int or zero != 0:
        return "the nested key's value came back as %s" % short(zero)
    return None


def first_line(e):
    text = "%s: %s" % (type(e).__name__, e)
    return " | ".join(line.strip() for line in text.splitlines() if line.strip())[:300]


def report(name, section, n, failures):
    if failures:
        print("not ok - %s: %s (%d of %d strings fail)" % (name, section, len(failures), n))
    else:
        print("ok - %s: %s (%d strings)" % (name, section, n))
    for f in failures[:MAX_SHOWN]:
        print("#   " + f)
    if len(failures) > MAX_SHOWN:
        print("#   ... and %d more" % (len(failures) - MAX_SHOWN))


def main(argv):
    if len(argv) != 3:
        sys.stderr.write("usage: check.py STREAM EXPECT\n")
        return 2
    try:
        with open(argv[1], encoding="utf-8", newline="") as f:
            stream = f.read()
        entries = []
        with open(argv[2], encoding="ascii") as f:
            for line in f:
                section, where, hexed = line.rstrip("\n").split("\t")
                entries.append((section, int(where), bytes.fromhex(hexed).decode("utf-8")))
    except (OSError, ValueError) as e:
        sys.stderr.write("check.py: %s\n" % e)
        return 2

    # Every document follows a "---" line; no other line of mutu's output
    # is "---" at column 0 (block scalars are indented, and a string "---"
    # is quoted), which the count below confirms.
    docs = re.split(r"^---\n", stream, flags=re.M)
    if docs[0] != "" or len(docs) - 1 != 2 * len(entries):
        sys.stderr.write("check.py: %d documents for %d strings\n"
                         % (len(docs) - 1, len(entries)))
        return 2
    docs = docs[1:]

    status = 0
    for name, load_all in readers():
        n, failures = 0, []
        for i, (section, where, s) in enumerate(entries):
            for k, check in ((0, check_value_doc), (1, check_key_doc)):
                doc = docs[2 * i + k]
                try:
                    got = load_all(doc)
                    what = ("%d documents" % len(got)) if len(got) != 1 else check(got[0], s)
                except Exception as e:  # any failure to read is a failure
                    what = "cannot read it: " + first_line(e)
                if what:
                    failures.append("strings.txt:%d: %s: %s; emitted %s"
                                    % (where, short(s, 80), what, short(doc, 200)))
                    break
            n += 1
            if i + 1 == len(entries) or entries[i + 1][0] != section:
                report(name, section, n, failures)
                status |= bool(failures)
                n, failures = 0, []
        # the whole stream at once: the markers separate documents, no more
        try:
            got = load_all(stream)
            if len(got) != len(docs):
                failures.append("%d documents, not %d" % (len(got), len(docs)))
            else:
                for i, (section, where, s) in enumerate(entries):
                    what = check_value_doc(got[2 * i], s) or check_key_doc(got[2 * i + 1], s)
                    if what:
                        failures.append("strings.txt:%d: %s" % (where, what))
        except Exception as e:
            failures.append("cannot read it: " + first_line(e))
        report(name, "the whole stream, read as one", len(entries), failures)
        status |= bool(failures)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv))
