#!/usr/bin/env python3
"""mmaplab conformance host for Python implementations of mmap.

Speaks protocol 1 of conformance/INTERPRETING.md on stdin/stdout. Runs under
CPython 3.8+ and PyPy 3.9 with the standard library only.

    python host.py [--module NAME] [--host-name NAME] [--implementation NAME]

--module loads another module in place of `mmap` (a port or a binding that
claims to be a drop-in replacement: `--module mmaplab_mmap` runs the corpus
through mmaplab's CPython binding, found on PYTHONPATH, see
scripts/conformance); --implementation overrides the
implementation name announced in the hello (default: sys.implementation.name).
"""
import copy
import errno
import importlib
import json
import os
import pickle
import platform
import re
import socket
import sys

PROTOCOL = 1
FEATURES = ["python-args", "bigint", "python-object", "sequence", "memoryview",
            "view-ops", "repr", "fd-kinds", "module", "reentrant-index",
            "buffer-protocol"]
if hasattr(sys, "addaudithook"):  # 3.8+; PyPy 3.9 has it too
    FEATURES.append("audit")
OPEN_MODES = {"r": os.O_RDONLY, "w": os.O_WRONLY, "r+": os.O_RDWR,
              "a+": os.O_RDWR | os.O_APPEND}
ADDRESS = re.compile(r"0x[0-9a-fA-F]+")


class Misuse(Exception):
    """A message that breaks the protocol: the host exits with status 2."""


class CaseState:
    """Everything one case created; dropped (and closed) at its end."""

    def __init__(self, files):
        self.files = files
        self.objects = {}  # name -> map or memoryview
        self.fds = {}  # name -> descriptor number
        self.keep = []  # other ends of pipes, socket objects

    def obj(self, name):
        if name not in self.objects:
            raise NameError("name %r is not defined" % name)
        return self.objects[name]

    def path(self, name):
        if name not in self.files:
            raise Misuse("no file named %r in this case" % name)
        return self.files[name]

    def close_all(self):
        for name, obj in list(self.objects.items()):
            try:
                if isinstance(obj, memoryview):
                    obj.release()
            except Exception:
                pass
        for name, obj in list(self.objects.items()):
            try:
                if not isinstance(obj, memoryview):
                    obj.close()
            except Exception:
                pass
        self.objects.clear()
        for fd in self.fds.values():
            try:
                os.close(fd)
            except OSError:
                pass
        self.fds.clear()
        for extra in self.keep:
            try:
                extra.close() if hasattr(extra, "close") else os.close(extra)
            except Exception:
                pass
        self.keep = []


def decode(v, st):
    """A typed JSON value (INTERPRETING.md section 2) as a Python object."""
    if v is None or v is True or v is False:
        return v
    if not isinstance(v, dict) or len(v) != 1:
        raise Misuse("not a typed value: %r" % (v,))
    (kind, x), = v.items()
    if kind == "int":
        return int(x)
    if kind == "bytes":
        return bytes.fromhex(x)
    if kind == "str":
        return x
    if kind == "float":
        return float(x)
    if kind == "bytearray":
        return bytearray.fromhex(x)
    if kind == "memoryview":
        return memoryview(bytes.fromhex(x))
    if kind == "tuple":
        return tuple(decode(i, st) for i in x)
    if kind == "list":
        return [decode(i, st) for i in x]
    if kind == "slice":
        return slice(*(decode(i, st) for i in x))
    if kind == "ellipsis":
        return Ellipsis
    if kind == "ref":
        return st.obj(x)
    if kind == "fd":
        if x not in st.fds:
            raise NameError("name %r is not defined" % x)
        return st.fds[x]
    if kind == "dict":
        return {k: decode(i, st) for k, i in x.items()}
    if kind == "index":
        return ReentrantIndex(x, st)
    raise Misuse("unknown value kind %r" % kind)


# --- reentrant __index__ (INTERPRETING.md 2, feature reentrant-index) ---

class ReentrantIndex:
    """{"index": {"value": "N", "then": OP}}: each call of __index__ first
    runs host op OP on the case's state (an exception it raises propagates
    out of __index__), then returns N."""

    def __init__(self, x, st):
        if not isinstance(x, dict) or "value" not in x:
            raise Misuse("index value lacks 'value': %r" % (x,))
        self.value = int(x["value"])
        self.then = x.get("then")
        self.st = st

    def __index__(self):
        if self.then is not None:
            run_op(self.st.mod, self.then, self.st)
        return self.value


def encode(obj, st):
    """A Python object as a typed JSON value."""
    if obj is None or obj is True or obj is False:
        return obj
    for name, bound in st.objects.items():
        if obj is bound:
            return {"ref": name}
    if isinstance(obj, int):
        return {"int": str(obj)}
    if isinstance(obj, bytes):
        return {"bytes": obj.hex()}
    if isinstance(obj, str):
        return {"str": obj}
    if isinstance(obj, float):
        return {"float": repr(obj)}
    if isinstance(obj, bytearray):
        return {"bytearray": bytes(obj).hex()}
    if isinstance(obj, tuple):
        return {"tuple": [encode(i, st) for i in obj]}
    if isinstance(obj, list):
        return {"list": [encode(i, st) for i in obj]}
    if isinstance(obj, dict):
        return {"dict": {str(k): encode(i, st) for k, i in obj.items()}}
    return {"dict": {"type": {"str": type(obj).__name__}}}


def raised(exc):
    if isinstance(exc, OSError) and exc.errno is not None:
        return {"raise": {"type": type(exc).__name__,
                          "message": exc.strerror, "errno": exc.errno}}
    return {"raise": {"type": type(exc).__name__,
                      "message": ADDRESS.sub("0xADDR", str(exc)),
                      "errno": None}}


def need(op, key):
    if key not in op:
        raise Misuse("op %r lacks %r" % (op.get("op"), key))
    return op[key]


def open_fd(op, st):
    special = op.get("special")
    if special is None:
        fd = os.open(st.path(need(op, "file")), OPEN_MODES[need(op, "mode")])
    elif special == "devzero":
        fd = os.open("/dev/zero", os.O_RDWR)
    elif special in ("pipe_r", "pipe_w"):
        r, w = os.pipe()
        fd, other = (r, w) if special == "pipe_r" else (w, r)
        st.keep.append(other)
    elif special in ("socket", "unix_socket"):
        family = socket.AF_INET if special == "socket" else socket.AF_UNIX
        s = socket.socket(family, socket.SOCK_STREAM)
        st.keep.append(s)
        fd = s.fileno()
        st.fds[need(op, "as")] = fd
        return None
    elif special == "dir":
        fd = os.open(st.path(need(op, "file")), os.O_RDONLY)
    else:
        raise Misuse("unknown special fd %r" % special)
    st.fds[need(op, "as")] = fd
    return None


def truncate_fd(op, st):
    name = need(op, "fd")
    if name not in st.fds:
        raise NameError("name %r is not defined" % name)
    os.ftruncate(st.fds[name], decode(need(op, "size"), st))


def close_fd(op, st):
    name = need(op, "fd")
    if name not in st.fds:
        raise NameError("name %r is not defined" % name)
    os.close(st.fds.pop(name))


def args_of(op, st):
    return ([decode(a, st) for a in op.get("args", [])],
            {k: decode(v, st) for k, v in op.get("kwargs", {}).items()})

# ---- Object protocol, module namespace and audit ops -----------------------
# (INTERPRETING.md 4.1: pickle, reduce_ex, copy, deepcopy, module_dir,
# module_constants, audit_start, audit_events.)

def qualified(obj):
    """A class or function as "module.qualname": what a __reduce_ex__ tuple
    holds, without the address its repr would carry."""
    return "%s.%s" % (getattr(obj, "__module__", None) or "?",
                      getattr(obj, "__qualname__", None) or
                      getattr(obj, "__name__", "?"))


def plain(obj):
    """OBJ with classes and callables (not bound maps or views) replaced by
    their qualified names, recursively through tuples and lists."""
    if isinstance(obj, tuple):
        return tuple(plain(i) for i in obj)
    if isinstance(obj, list):
        return [plain(i) for i in obj]
    if isinstance(obj, dict):
        return {k: plain(i) for k, i in obj.items()}
    if isinstance(obj, type) or (callable(obj) and hasattr(obj, "__qualname__")):
        return qualified(obj)
    return obj


def object_op(kind, op, st):
    obj = st.obj(need(op, "on"))
    if kind == "pickle":
        # The pickle's bytes are not compared: they change with the
        # protocol's framing and name the implementing module. What every
        # implementation must agree on is whether dumps succeeds (null) or
        # which exception it raises.
        pickle.dumps(obj, decode(need(op, "protocol"), st))
        return None
    if kind == "reduce_ex":
        return plain(obj.__reduce_ex__(decode(need(op, "protocol"), st)))
    result = (copy.copy if kind == "copy" else copy.deepcopy)(obj)
    if result is not obj:
        st.keep.append(result)  # a copy of a map is closed at the case's end
    return result


def module_constants(mod):
    """Every public int constant of MOD (bools excluded), name -> value."""
    out = {}
    for name in dir(mod):
        value = getattr(mod, name)
        if not name.startswith("_") and isinstance(value, int) and \
                not isinstance(value, bool):
            out[name] = value
    return out


class Audit:
    """The host's one audit hook: installed by the first audit_start (hooks
    cannot be removed), it records events named "mmap.*" while a case has
    recording on; begin turns recording off and drops what was recorded."""
    installed = False
    recording = False
    events = []

    @classmethod
    def hook(cls, event, args):
        if cls.recording and event.startswith("mmap."):
            cls.events.append((event, args))

    @classmethod
    def start(cls):
        if not cls.installed:
            sys.addaudithook(cls.hook)
            cls.installed = True
        cls.events = []
        cls.recording = True

    @classmethod
    def reset(cls):
        cls.recording = False
        cls.events = []


# Positions of an event's arguments that are descriptors: reported as
# {"fd": name} when the case bound that descriptor, so that the number the
# OS chose is not compared. No mmap event carries an address.
AUDIT_FD_ARGS = {"mmap.__new__": (0,)}


def audit_arg(event, i, value, st):
    if i in AUDIT_FD_ARGS.get(event, ()) and isinstance(value, int):
        for name, fd in st.fds.items():
            if fd == value:
                return {"fd": name}
    return encode(value, st)


def audit_events(op, st):
    prefix = op.get("prefix", "mmap.")
    out = [{"list": [{"str": event},
                     {"list": [audit_arg(event, i, a, st)
                               for i, a in enumerate(args)]}]}
           for event, args in Audit.events if event.startswith(prefix)]
    Audit.events = []
    return out


def extra_op(mod, kind, op, st):
    """The ops of this block; NotImplemented for any other op."""
    if kind in ("pickle", "reduce_ex", "copy", "deepcopy"):
        return object_op(kind, op, st)
    if kind == "module_dir":
        return sorted(n for n in dir(mod) if not n.startswith("__"))
    if kind == "module_constants":
        return module_constants(mod)
    if kind == "audit_start":
        Audit.start()
        return None
    if kind == "audit_events":
        return Raw(audit_events(op, st))
    return NotImplemented


class Raw:
    """A result value already in typed JSON."""

    def __init__(self, value):
        self.value = value

# ---- end of the object protocol, module namespace and audit ops ------------


def run_op(mod, op, st):
    """Executes one host operation; returns its value (or raises)."""
    kind = op.get("op")
    value = extra_op(mod, kind, op, st)
    if value is not NotImplemented:
        return value
    if kind == "open_fd":
        return open_fd(op, st)
    if kind == "close_fd":
        return close_fd(op, st)
    if kind == "truncate_fd":
        return truncate_fd(op, st)
    if kind == "new":
        args, kwargs = args_of(op, st)
        st.objects[need(op, "as")] = mod.mmap(*args, **kwargs)
        return st.objects[need(op, "as")]
    if kind == "const":
        return getattr(mod, need(op, "name"))
    if kind == "release":
        return st.obj(need(op, "view")).release()
    if kind == "view_getitem":
        return st.obj(need(op, "view"))[decode(need(op, "key"), st)]
    if kind == "view_setitem":
        view = st.obj(need(op, "view"))
        view[decode(need(op, "key"), st)] = decode(need(op, "value"), st)
        return None
    if kind in BUFFER_OPS:
        return BUFFER_OPS[kind](op, st)
    if kind == "del":
        st.obj(need(op, "name"))
        del st.objects[need(op, "name")]
        return None
    obj = st.obj(need(op, "on"))
    if kind == "call":
        args, kwargs = args_of(op, st)
        return getattr(obj, need(op, "method"))(*args, **kwargs)
    if kind == "getattr":
        return getattr(obj, need(op, "name"))
    if kind == "setattr":
        setattr(obj, need(op, "name"), decode(need(op, "value"), st))
        return None
    if kind == "getitem":
        return obj[decode(need(op, "key"), st)]
    if kind == "setitem":
        obj[decode(need(op, "key"), st)] = decode(need(op, "value"), st)
        return None
    if kind == "delitem":
        del obj[decode(need(op, "key"), st)]
        return None
    if kind == "len":
        return len(obj)
    if kind == "bool":
        return bool(obj)
    if kind == "repr":
        return ADDRESS.sub("0xADDR", repr(obj))
    if kind == "iter":
        return list(obj)
    if kind == "reversed":
        return list(reversed(obj))
    if kind == "contains":
        return decode(need(op, "value"), st) in obj
    if kind == "bytes":
        return bytes(obj)
    if kind == "enter":
        return obj.__enter__()
    if kind == "exit":
        args, _ = args_of(op, st)
        return obj.__exit__(*args)
    if kind == "export":
        view = memoryview(obj)
        st.objects[need(op, "as")] = view
        return {"readonly": view.readonly, "nbytes": view.nbytes}
    raise Misuse("unknown op %r" % kind)


# --- buffer protocol (INTERPRETING.md 4.1, feature buffer-protocol) ---

VIEW_ATTRS = ("readonly", "format", "itemsize", "nbytes", "shape", "strides",
              "ndim", "c_contiguous", "contiguous")


def buffer_op(op, st):
    view = st.obj(need(op, "on")).__buffer__(decode(need(op, "flags"), st))
    st.objects[need(op, "as")] = view
    return view


def view_cast_op(op, st):
    view = st.obj(need(op, "view"))
    if "shape" in op:
        cast = view.cast(need(op, "format"),
                         [decode(i, st) for i in op["shape"]])
    else:
        cast = view.cast(need(op, "format"))
    st.objects[need(op, "as")] = cast
    return cast


def view_tolist_op(op, st):
    return st.obj(need(op, "view")).tolist()


def view_getattr_op(op, st):
    name = need(op, "name")
    if name not in VIEW_ATTRS:
        raise Misuse("view_getattr: unknown attribute %r" % name)
    return getattr(st.obj(need(op, "view")), name)


BUFFER_OPS = {"buffer": buffer_op, "view_cast": view_cast_op,
              "view_tolist": view_tolist_op, "view_getattr": view_getattr_op}


def result_of(mod, op, st):
    try:
        value = run_op(mod, op, st)
    except Misuse:
        raise
    except Exception as exc:  # every Python-level error is a result
        return raised(exc)
    if op.get("op") == "new":
        return {"value": {"ref": need(op, "as")}}
    if isinstance(value, Raw):
        return {"value": {"list": value.value}}
    return {"value": encode(value, st)}


def errno_numbers():
    """Every E* name of the errno module with its number on this platform,
    so that the runner can tell "same error, other number" (INTERPRETING.md
    5.2) from a real difference."""
    return {name: getattr(errno, name) for name in sorted(dir(errno))
            if name.startswith("E") and isinstance(getattr(errno, name), int)}


def hello(mod, host_name, implementation):
    consts = {}
    for name in dir(mod):
        value = getattr(mod, name)
        if name.isupper() and isinstance(value, int) and not isinstance(value, bool):
            consts[name] = value
    return {"type": "hello", "protocol": PROTOCOL, "host": host_name,
            "implementation": implementation or sys.implementation.name,
            "version": "%d.%d.%d" % sys.version_info[:3],
            "platform": sys.platform, "machine": platform.machine(),
            "pagesize": mod.PAGESIZE,
            "allocationgranularity": mod.ALLOCATIONGRANULARITY,
            "maxsize": str(sys.maxsize), "constants": consts,
            "errnos": errno_numbers(), "features": FEATURES}


def send(out, msg):
    out.write(json.dumps(msg, separators=(",", ":")))
    out.write("\n")
    out.flush()


def serve(mod, out, host_name, implementation):
    send(out, hello(mod, host_name, implementation))
    st = None
    for line in sys.stdin:
        if not line.strip():
            continue
        msg = json.loads(line)
        kind = msg.get("type")
        if kind == "begin":
            if st is not None:
                st.close_all()
            Audit.reset()
            st = CaseState(msg.get("files", {}))
            st.mod = mod  # for the ops an __index__ runs
            send(out, {"type": "ready"})
        elif kind == "op" and st is not None:
            send(out, {"type": "result", "index": msg["index"],
                       "result": result_of(mod, msg["op"], st)})
        elif kind == "end" and st is not None:
            st.close_all()
            st = None
            send(out, {"type": "ended"})
        else:
            raise Misuse("unexpected message %r" % (kind,))


def main(argv):
    module, host_name, implementation = "mmap", "python", None
    it = iter(argv)
    for arg in it:
        if arg in ("--module", "--host-name", "--implementation"):
            value = next(it, None)
            if value is None:
                sys.stderr.write("host.py: %s needs a value\n" % arg)
                return 2
            if arg == "--module":
                module = value
            elif arg == "--host-name":
                host_name = value
            else:
                implementation = value
        else:
            sys.stderr.write("host.py: unknown argument %r\n" % arg)
            return 2
    mod = importlib.import_module(module)
    # Protocol lines go to the real stdout; anything the module prints
    # goes to stderr so that it cannot corrupt the protocol.
    out = sys.stdout
    sys.stdout = sys.stderr
    try:
        serve(mod, out, host_name, implementation)
    except (Misuse, ValueError, KeyError, TypeError) as exc:
        sys.stderr.write("host.py: protocol error: %s\n" % exc)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
