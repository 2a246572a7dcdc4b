#!/usr/bin/env python3
"""classify.py - the Windows expectations of the core host, from a run.

    classify.py REPORT CASES GOLDEN OUT

REPORT is the report.json of `mmaplab-conform run` of the mingw core host
under Wine against the Linux golden GOLDEN (cpython-X.Y.Z), CASES the
corpus directory; OUT gets the classed expectations file
(conformance/INTERPRETING.md 9.1). Every case that differs from the golden,
or that only Windows has, is put in one class below by the rule that
matches how it differs; each class's reason cites the CPython Windows code
path (function and condition) the difference follows, or names Wine where
Wine is the cause, or says why the result cannot be derived (needs-golden).
A case no rule matches is printed on stderr and left out, so the next run
fails on it: new differences are reviewed, never pinned blindly. The rules
read the first differing operation of the case; what follows from it
(NameError for a map never made, a file left extended) is part of the pin.

Exit status: 0 every difference classed, 1 some left out, 2 misuse.
"""
import glob
import json
import os
import re
import sys

WINE_TEXT = (
    " The text after [WinError N] is Wine's message table's (FormatMessage"
    " under Wine); Windows words it differently, which a Windows golden"
    " would show.")

CLASSES = {
    "granularity-offset": ("windows",
        "new_mmap_object [MS_WINDOWS]: MapViewOfFile(map_handle,"
        " dwDesiredAccess, off_hi, off_lo, size) fails with"
        " ERROR_MAPPED_ALIGNMENT (1132) when the offset is not a multiple of"
        " ALLOCATIONGRANULARITY (65536), and PyErr_SetFromWindowsErr raises"
        " OSError, errno EINVAL (winerror_to_errno's default); Linux maps any"
        " page multiple. When the length was beyond the file, CreateFileMapping"
        " has extended the file before the view fails." + WINE_TEXT),
    "granularity-value": ("windows",
        "my_getallocationgranularity [MS_WINDOWS] is GetSystemInfo's"
        " dwAllocationGranularity, 65536: the case's ALLOCATIONGRANULARITY"
        " resolves to 65536 on this host and to 4096 in the Linux golden, so"
        " offsets, sizes and reprs built from it differ."),
    "extends-file": ("windows",
        "new_mmap_object [MS_WINDOWS] has no 'mmap length is greater than"
        " file size' check: with map_size != 0 it maps offset + map_size"
        " bytes, and CreateFileMapping with that maximum size extends the"
        " file (Linux raises ValueError)."),
    "no-unix-constants": ("windows",
        "mmap_exec adds MAP_*, PROT_* and MADV_* only #ifdef the Unix macros"
        " (sys/mman.h), which a Windows build lacks: getattr raises"
        " AttributeError."),
    "no-madvise": ("windows",
        "mmap_object_methods has madvise only #ifdef HAVE_MADVISE, never on"
        " Windows: the attribute lookup raises AttributeError before any"
        " argument is looked at."),
    "no-flags-prot": ("windows",
        "new_mmap_object [MS_WINDOWS] parses (fileno, length, tagname,"
        " access, offset): flags and prot are unknown keywords, a TypeError"
        " ('this function got an unexpected keyword argument', 3.13 wording)"
        " raised before any value is converted, so no OverflowError or"
        " OSError of the Unix constructor."),
    "size-anonymous": ("windows",
        "mmap_size_method [MS_WINDOWS]: file_handle == INVALID_HANDLE_VALUE"
        " (anonymous) returns self->size; the Unix method fstat()s fd -1 and"
        " raises EBADF (before 3.15)."),
    "flush-no-alignment": ("windows",
        "mmap_flush_method [MS_WINDOWS] calls FlushViewOfFile(data + offset,"
        " size), which has no alignment rule (it rounds down to the page);"
        " Unix msync() raises EINVAL for an offset that is not a page"
        " multiple."),
    "access-denied": ("windows",
        "new_mmap_object [MS_WINDOWS]: CreateFileMapping with the protection"
        " of the access mode fails with ERROR_ACCESS_DENIED (5) on a handle"
        " opened without that access; errno EACCES (PC/errmap.h), so"
        " PermissionError as on Linux, but the message is str(OSError)'s"
        " '[WinError 5] ...'." + WINE_TEXT),
    "anonymous-length-zero": ("windows",
        "new_mmap_object [MS_WINDOWS]: an anonymous map (fileno -1 or 0) of"
        " length 0 calls CreateFileMapping(INVALID_HANDLE_VALUE, ..., 0, 0),"
        " which fails with ERROR_INVALID_PARAMETER (87), errno EINVAL; Linux"
        " raises EINVAL from mmap() with its own text." + WINE_TEXT),
    "resize-failure-closes": ("windows",
        "mmap_resize_method [MS_WINDOWS] (3.11+) closes the mapping handle"
        " first; when the new CreateFileMappingW or MapViewOfFile fails (size"
        " 0, or beyond what can be mapped) map_handle stays NULL and the"
        " error is raised, so CHECK_VALID reports the map closed afterwards;"
        " Linux keeps the map." + WINE_TEXT),
    "socket-not-a-descriptor": ("windows",
        "new_mmap_object [MS_WINDOWS]: _get_osfhandle(fileno) of a socket's"
        " fileno() (a SOCKET, not a C runtime descriptor) gives"
        " INVALID_HANDLE_VALUE and PyErr_SetFromErrno raises EBADF."),
    "dir-not-openable": ("windows",
        "os.open() of a directory on Windows (_wopen, CreateFile without"
        " FILE_FLAG_BACKUP_SEMANTICS) fails with EACCES: the open_fd op"
        " raises PermissionError and the case's map is never made."),
    "wine-dev-zero": ("wine",
        "Windows has no /dev/zero: os.open('/dev/zero') there opens"
        " \\dev\\zero of the current drive and fails (FileNotFoundError)."
        " Under Wine the current drive is Z:, the Unix root, so the host"
        " opens Linux's /dev/zero and maps an empty character device."),
    "needs-golden-os-error": ("needs-golden",
        "which Windows error the OS call gives here (a pipe handle, an"
        " impossible size, a zero-length flush of a view) is the OS's, not"
        " CPython's code; Wine's answer is pinned, and only a Windows golden"
        " can say whether Windows agrees."),
    "windows-only-derived": ("derived",
        "a case of Windows-only behaviour, its record derived from CPython's"
        " Windows code (reviewed result by result, the citation in each"
        " entry)."),
    "wine-message-text": ("wine",
        "a Windows-only case whose record is derived from CPython's Windows"
        " code (the citation in each entry) except for the text after"
        " [WinError N]: CPython puts FormatMessage's text there (trailing"
        " dots stripped, PyErr_SetExcFromWindowsErr), and under Wine that is"
        " Wine's message table. Windows says: 1 'Incorrect function', 5"
        " 'Access is denied', 6 'The handle is invalid', 8 'Not enough memory"
        " resources are available to process this command', 87 'The"
        " parameter is incorrect', 1132 'The base address or the file offset"
        " specified does not have the proper alignment', 1224 'The requested"
        " operation cannot be performed on a file with a user-mapped section"
        " open'."),
    "windows-only-needs-golden": ("needs-golden",
        "a case of Windows-only behaviour whose result the OS decides, not"
        " CPython's code."),
}

# The Windows-only cases (conformance/cases/hand/windows.json) reviewed
# against CPython's Windows code: derived, with the citation; or not
# derivable.
WINDOWS_ONLY = {
    "windows/tagname/shared-between-objects": "new_mmap_object [MS_WINDOWS]: CreateFileMappingW(INVALID_HANDLE_VALUE, ..., tagname) of an existing name opens the same section.",
    "windows/tagname/positional": "the Windows keywords list puts tagname third (\"in|OiL\" format).",
    "windows/tagname/none-is-private": "tagname None: CreateFileMappingW with a NULL name makes a new section each time.",
    "windows/tagname/different-names": "two names, two sections.",
    "windows/tagname/outlives-one-object": "a named section lives while any handle to it is open (close() of one object closes only its handles).",
    "windows/tagname/resize-while-shared": "mmap_resize_method [MS_WINDOWS] 3.11+: with a tagname, OpenFileMappingW finds the section still open elsewhere and raises ERROR_USER_MAPPED_FILE (1224; errno EINVAL, PC/errmap.h has no entry), the map unchanged.",
    "windows/extend/length-beyond-file": "new_mmap_object [MS_WINDOWS]: size = offset + map_size, CreateFileMapping extends the file; size() is GetFileSize.",
    "windows/extend/with-offset": "the file grows to offset + length.",
    "windows/extend/empty-file-with-length": "map_size 0 with an empty file: 'cannot mmap an empty file'; map_size 5 extends it.",
    "windows/granularity/offset-not-multiple": "MapViewOfFile: ERROR_MAPPED_ALIGNMENT (1132) for offset 4096; 65536 maps, length 0 maps the rest of the file.",
    "windows/granularity/constants": "mmap_exec: ALLOCATIONGRANULARITY from GetSystemInfo (65536), PAGESIZE 4096, no MAP_/PROT_/MADV_ constants.",
    "windows/anonymous/fileno-zero": "new_mmap_object [MS_WINDOWS]: fileno 0 and -1 both mean no file handle (paging file).",
    "windows/anonymous/length-zero": "CreateFileMapping(INVALID_HANDLE_VALUE, ..., 0, 0) fails with ERROR_INVALID_PARAMETER (87).",
    "windows/anonymous/resize-copies": "mmap_resize_method [MS_WINDOWS] 3.11+: a paging-file map gets a new mapping and min(old, new) bytes copied; pos is not touched.",
    "windows/file/resize-grows-and-shrinks-file": "mmap_resize_method [MS_WINDOWS]: SetFilePointerEx + SetEndOfFile to offset + new size, then a new view.",
    "windows/flush/unaligned-offset": "mmap_flush_method [MS_WINDOWS]: FlushViewOfFile has no alignment rule; success returns None (3.8+).",
    "windows/madvise/absent": "no madvise #ifndef HAVE_MADVISE.",
    "windows/new/flags-keyword": "flags and prot are unknown keywords of the Windows constructor (3.13 wording).",
}
WINDOWS_ONLY_NEEDS_GOLDEN = {
    "windows/wine/truncate-under-view": "SetEndOfFile on a file with a live view fails with ERROR_USER_MAPPED_FILE (Windows' SetEndOfFile documentation), and Wine refuses it too, the map untouched; but the errno os.ftruncate reports is the C runtime's mapping of that error (_chsize_s; Wine's: EINVAL), not CPython's code.",
    "windows/extend/access-read": "CreateFileMapping(PAGE_READONLY) with a size beyond the file fails, but with which error is the OS's (Wine: ERROR_NOT_ENOUGH_MEMORY).",
}


def first_diff(detail):
    m = re.match(r"op (\d+) ", detail or "")
    return int(m.group(1)) if m else None


def raised(result):
    return result.get("raise") if result else None


def msg(result):
    r = raised(result)
    return r["message"] if r else ""


def classify(row, case):
    """The class of a failing ROW of CASE, or None."""
    ops = case["ops"]
    text = json.dumps(case)
    i = first_diff(row.get("detail"))
    if i is None:
        return None
    op = ops[i]
    g = row["golden"]["results"][i] if i < len(row["golden"]["results"]) else None
    a = row["actual"]["results"][i] if i < len(row["actual"]["results"]) else None
    name, method = op.get("op"), op.get("method")
    if name == "new" and msg(a).startswith("[WinError 1132]"):
        return "granularity-offset"
    if "ALLOCATIONGRANULARITY" in text:
        return "granularity-value"
    if name == "new" and msg(g) == "mmap length is greater than file size" \
            and a is not None and "value" in a:
        return "extends-file"
    if name == "const" and re.match(r"(MAP|PROT|MADV)_", op["name"]) and \
            (raised(a) or {}).get("type") == "AttributeError":
        return "no-unix-constants"
    if name == "call" and method == "madvise" and \
            msg(a) == "'mmap.mmap' object has no attribute 'madvise'":
        return "no-madvise"
    if name == "new" and re.match(
            r"this function got an unexpected keyword argument '(flags|prot)'$",
            msg(a)):
        return "no-flags-prot"
    if name == "call" and method == "size" and (raised(g) or {}).get("errno") == 9 \
            and a is not None and "value" in a and "anon" in row["id"]:
        return "size-anonymous"
    if "devzero" in text:
        return "wine-dev-zero"
    if name == "call" and method == "flush" and (raised(g) or {}).get("errno") == 22 \
            and a == {"value": None}:
        return "flush-no-alignment"
    if name == "new" and msg(a).startswith("[WinError 5]") and \
            (raised(g) or {}).get("type") == "PermissionError":
        return "access-denied"
    if name == "new" and msg(a).startswith("[WinError 87]") and \
            op.get("args", [None, None])[1] == {"int": "0"}:
        return "anonymous-length-zero"
    if name == "call" and method == "tell" and \
            msg(a) == "mmap closed or invalid" and any(
                o.get("method") == "resize" for o in ops[:i]):
        return "resize-failure-closes"
    if "socket" in text and name == "new" and (raised(a) or {}).get("errno") == 9:
        return "socket-not-a-descriptor"
    if name == "open_fd" and op.get("special") == "dir" and \
            (raised(a) or {}).get("type") == "PermissionError":
        return "dir-not-openable"
    if "pipe_" in text and name in ("new", "call") and msg(a).startswith("[WinError"):
        return "needs-golden-os-error"
    if name == "new" and msg(a).startswith("[WinError 87]"):
        return "needs-golden-os-error"
    if name == "call" and method == "flush" and msg(a).startswith("[WinError 87]"):
        return "needs-golden-os-error"
    return None


def main(argv):
    if len(argv) != 5:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    report, cases_dir, golden, out = argv[1:]
    cases = {}
    for path in sorted(glob.glob(os.path.join(cases_dir, "**", "*.json"),
                                 recursive=True)):
        for c in json.load(open(path))["cases"]:
            cases[c["id"]] = c
    rows = json.load(open(report))["cases"]
    expected, left = [], []
    for row in rows:
        cid = row["id"]
        if row["grade"] in ("pass", "skip", "reference-crash"):
            continue
        if cid in WINDOWS_ONLY and "[WinError" in json.dumps(row["actual"]):
            expected.append({"case": cid, "class": "wine-message-text",
                             "level": "outcome",
                             "reason": WINDOWS_ONLY[cid],
                             "actual": row["actual"]})
            continue
        if cid in WINDOWS_ONLY:
            expected.append({"case": cid, "class": "windows-only-derived",
                             "reason": WINDOWS_ONLY[cid],
                             "derived": row["actual"]})
            continue
        if cid in WINDOWS_ONLY_NEEDS_GOLDEN:
            expected.append({"case": cid, "class": "windows-only-needs-golden",
                             "reason": WINDOWS_ONLY_NEEDS_GOLDEN[cid],
                             "actual": row["actual"]})
            continue
        if row["actual"] is None or row["golden"] is None or cid not in cases:
            left.append((cid, "no records"))
            continue
        # A pinned entry is reclassified from scratch: its grade is
        # "expected" or "needs-golden", its level the first difference.
        klass = classify(row, cases[cid])
        if klass is None:
            left.append((cid, row.get("detail", "")))
            continue
        entry = {"case": cid, "class": klass}
        if CLASSES[klass][0] != "needs-golden":
            entry["level"] = row["level"] if row.get("level") else \
                level_of(row)
        entry["actual"] = row["actual"]
        expected.append(entry)
    doc = {"format": 1, "golden": golden, "platform": "win32",
           "classes": {k: {"kind": v[0], "reason": v[1]}
                       for k, v in sorted(CLASSES.items())},
           "expected": sorted(expected, key=lambda e: e["case"])}
    tmp = out + ".tmp"
    with open(tmp, "w") as f:
        json.dump(doc, f, indent=1, sort_keys=True)
        f.write("\n")
    os.replace(tmp, out)
    for cid, why in left:
        print("classify.py: no class for %s: %s" % (cid, why[:300]),
              file=sys.stderr)
    counts = {}
    for e in expected:
        counts[e["class"]] = counts.get(e["class"], 0) + 1
    for k in sorted(counts):
        print("%5d %s" % (counts[k], k))
    print("%5d left without a class" % len(left))
    return 1 if left else 0


def level_of(row):
    """The level of an expected row, from the detail the runner kept."""
    m = re.search(r"pinned at level (\w+)", row.get("detail") or "")
    return m.group(1) if m else "outcome"


if __name__ == "__main__":
    sys.exit(main(sys.argv))
