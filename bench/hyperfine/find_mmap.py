#!/usr/bin/env python3
"""find_mmap.py FILE NEEDLE: CPython's mmap.find over a whole file, for hyperfine.

The same contract as mmaplab-find: prints the offset of the first match or -1;
exit 0 found, 1 not found, 2 misuse or error (one line on stderr). An empty file
has no match (mmap refuses to map 0 bytes). Stdlib only.
"""

import mmap
import os
import sys


def fail(message):
    print("find_mmap.py: %s" % message, file=sys.stderr)
    return 2


def main(argv):
    if len(argv) != 2 or argv[1] == "":
        return fail("usage: find_mmap.py FILE NEEDLE (NEEDLE not empty)")
    path, needle = argv[0], os.fsencode(argv[1])
    try:
        with open(path, "rb") as f:
            if os.fstat(f.fileno()).st_size == 0:
                index = -1
            else:
                with mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as m:
                    index = m.find(needle)
    except (OSError, ValueError) as exc:
        return fail("%s: %s" % (path, getattr(exc, "strerror", None) or exc))
    print(index)
    return 0 if index >= 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
