#!/usr/bin/env node
// host.mjs - the conformance host for Pyodide (CPython compiled to
// WebAssembly with Emscripten), a real port of mmap.
//
//   node host.mjs [--pyodide-dir DIR] [--snapshot FILE] [HOST.PY ARGS...]
//
// --snapshot FILE: start from a memory snapshot of Pyodide with the modules
// host.py imports already loaded (0.3 s where a plain start takes 1.7 s:
// the runner restarts the host for every isolated case). FILE is made on
// the first start, written to a temporary file and renamed over FILE (only
// if FILE is absent or a regular file), and used from then on; name it
// after the Pyodide version (scripts/conformance-pyodide does). Pyodide
// marks the snapshot API experimental: a snapshot that fails to load is
// made again.
//
// Loads Pyodide from DIR (default: $MMAPLAB_PYODIDE_DIR, else the copy
// scripts/install-deps puts in /usr/local/lib/mmaplab-npm; never fetched),
// and runs conformance/hosts/python/host.py inside it, unchanged, over the
// same JSON Lines protocol (INTERPRETING.md 5): Python's stdin and stdout
// are this process's, read and written synchronously.
//
// Files: Pyodide's own file system lives in WebAssembly memory, so the
// runner's case files would be invisible to it. Each "begin" line is read
// here before Python sees it, and the directory of every file it names is
// mounted with NODEFS at the same path, so host.py opens the very bytes the
// runner created and the runner's file checks see what Python wrote
// (NODEFS forwards reads and writes to node's fs; a shared mapping is
// written back on msync and munmap, which is Emscripten's emulation of
// mmap and one of the port's differences). The mounts are dropped when the
// next case begins, after host.py has closed everything of the last one.
//
// The hello gains "pyodide": Pyodide's version, beside what host.py reports
// (CPython's version, page size and granularity as Pyodide's mmap has them).
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const hostPy = path.resolve(here, "../python/host.py");

function usage(msg) {
  process.stderr.write(`host.mjs: ${msg}\n`);
  process.exit(2);
}

function parseArgs(argv) {
  let dir = process.env.MMAPLAB_PYODIDE_DIR ||
            "/usr/local/lib/mmaplab-npm/node_modules/pyodide";
  let snapshot = null;
  const rest = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--pyodide-dir" || argv[i] === "--snapshot") {
      if (i + 1 >= argv.length)
        usage(`${argv[i]} needs a value`);
      if (argv[i] === "--pyodide-dir")
        dir = argv[++i];
      else
        snapshot = argv[++i];
    } else {
      rest.push(argv[i]);
    }
  }
  return { dir, snapshot, rest };
}

// Reads fd 0 synchronously; a pipe set non-blocking by someone else gives
// EAGAIN, which is waited out rather than taken for the end of input.
function readStdin(buf) {
  for (;;) {
    try {
      return fs.readSync(0, buf, 0, buf.length, null);
    } catch (e) {
      if (e.code === "EAGAIN") {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
        continue;
      }
      if (e.code === "EOF")
        return 0;
      throw e;
    }
  }
}

function writeAll(fd, bytes) {
  let off = 0;
  while (off < bytes.length) {
    try {
      off += fs.writeSync(fd, bytes, off, bytes.length - off);
    } catch (e) {
      if (e.code !== "EAGAIN")
        throw e;
    }
  }
}

class Mounts {
  constructor(FS, NODEFS) {
    this.FS = FS;
    this.NODEFS = NODEFS;
    this.points = [];
  }

  // Mounts the directory of every file of a "begin" message.
  begin(files) {
    this.drop();
    const dirs = new Set();
    for (const p of Object.values(files || {}))
      if (typeof p === "string" && p.startsWith("/"))
        dirs.add(path.dirname(p));
    for (const d of [...dirs].sort()) {
      if (this.points.some((m) => d === m || d.startsWith(m + "/")))
        continue;
      this.FS.mkdirTree(d);
      this.FS.mount(this.NODEFS, { root: d }, d);
      this.points.push(d);
    }
  }

  drop() {
    for (const d of this.points.reverse()) {
      try {
        this.FS.unmount(d);
      } catch (e) {
        process.stderr.write(`host.mjs: cannot unmount ${d}: ${e}\n`);
      }
    }
    this.points = [];
  }
}

// Python's stdin: whole lines only, each looked at before Python gets it.
function makeStdin(mounts) {
  const chunk = Buffer.alloc(65536);
  let carry = Buffer.alloc(0);
  let ready = Buffer.alloc(0);
  let eof = false;
  const inspect = (line) => {
    if (!line.includes('"begin"'))
      return;
    let msg;
    try {
      msg = JSON.parse(line);
    } catch {
      return; // host.py reports the broken line itself
    }
    if (msg && msg.type === "begin")
      mounts.begin(msg.files);
  };
  return {
    read(buf) {
      while (ready.length === 0 && !eof) {
        const n = readStdin(chunk);
        if (n === 0) {
          eof = true;
          ready = carry;
          carry = Buffer.alloc(0);
          break;
        }
        carry = Buffer.concat([carry, chunk.subarray(0, n)]);
        const nl = carry.lastIndexOf(10);
        if (nl < 0)
          continue;
        const whole = carry.subarray(0, nl + 1);
        for (const line of whole.toString("utf8").split("\n"))
          inspect(line);
        ready = whole;
        carry = Buffer.from(carry.subarray(nl + 1));
      }
      const n = Math.min(buf.length, ready.length);
      buf.set(ready.subarray(0, n));
      ready = ready.subarray(n);
      return n;
    },
  };
}

// Python's stdout: the protocol. The first line, the hello, gains
// "pyodide"; everything after it passes through unchanged.
function makeStdout(version) {
  let head = Buffer.alloc(0);
  let helloDone = false;
  return {
    write(buf) {
      if (helloDone) {
        writeAll(1, buf);
        return buf.length;
      }
      head = Buffer.concat([head, Buffer.from(buf)]);
      const nl = head.indexOf(10);
      if (nl < 0)
        return buf.length;
      const hello = JSON.parse(head.subarray(0, nl).toString("utf8"));
      hello.pyodide = version;
      writeAll(1, Buffer.from(JSON.stringify(hello) + "\n"));
      writeAll(1, head.subarray(nl + 1));
      helloDone = true;
      head = null;
      return buf.length;
    },
  };
}

// The modules host.py imports, loaded before a snapshot is taken.
const PRELOAD = "import copy, errno, importlib, json, mmap, os, pickle, " +
                "platform, re, runpy, socket, sys";

// Writes BYTES to FILE through a temporary file renamed over it; FILE must
// be absent or a regular file (a device, FIFO or symlink is left alone).
function writeAtomically(file, bytes) {
  let st = null;
  try {
    st = fs.lstatSync(file);
  } catch (e) {
    if (e.code !== "ENOENT")
      throw e;
  }
  if (st !== null && !st.isFile()) {
    process.stderr.write(`host.mjs: ${file} is not a regular file: not ` +
                         `replaced\n`);
    return;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  try {
    fs.writeFileSync(tmp, bytes);
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}

async function load(loadPyodide, dir, snapshot) {
  const base = {
    indexURL: dir + "/",
    stderr: (line) => process.stderr.write(line + "\n"),
  };
  if (snapshot === null)
    return loadPyodide(base);
  if (fs.existsSync(snapshot)) {
    try {
      return await loadPyodide({ ...base,
                                 _loadSnapshot: fs.readFileSync(snapshot) });
    } catch (e) {
      process.stderr.write(`host.mjs: the snapshot ${snapshot} does not ` +
                           `load (${e}); making it again\n`);
    }
  }
  const made = await loadPyodide({ ...base, _makeSnapshot: true });
  made.runPython(PRELOAD);
  writeAtomically(snapshot, made.makeMemorySnapshot());
  // A snapshot can be taken once per instance, and the instance that took
  // it is not to be used further: start from what was written.
  return loadPyodide({ ...base, _loadSnapshot: fs.readFileSync(snapshot) });
}

async function main() {
  const { dir, snapshot, rest } = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(path.join(dir, "pyodide.mjs")))
    usage(`no Pyodide in ${dir} (scripts/install-deps installs it)`);
  const { loadPyodide, version } =
      await import(pathToFileURL(path.join(dir, "pyodide.mjs")).href);
  const py = await load(loadPyodide, dir, snapshot);
  const mounts = new Mounts(py.FS, py.FS.filesystems.NODEFS);
  py.setStdin(makeStdin(mounts));
  py.setStdout(makeStdout(version));
  // host.py itself is read through a mount of its own directory.
  const hostDir = path.dirname(hostPy);
  py.FS.mkdirTree(hostDir);
  py.FS.mount(py.FS.filesystems.NODEFS, { root: hostDir }, hostDir);
  py.globals.set("_mml_argv", py.toPy([hostPy, ...rest]));
  const code = py.runPython(`
import runpy, sys
sys.argv = list(_mml_argv)
try:
    runpy.run_path(sys.argv[0], run_name="__main__")
    _mml_code = 0
except SystemExit as e:
    _mml_code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
_mml_code
`);
  mounts.drop();
  process.exit(code);
}

main().catch((e) => {
  process.stderr.write(`host.mjs: ${e && e.stack ? e.stack : e}\n`);
  process.exit(1);
});
