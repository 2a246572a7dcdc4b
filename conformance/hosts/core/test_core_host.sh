#!/usr/bin/env bash
# test_core_host.sh HOST - pipes a scripted session through the core host
# and checks its answers line by line: the hello, a case with values,
# errors, an export that blocks close/resize, del while a view is alive,
# unsupported shapes, then malformed input (exit status 2, one stderr
# line). If CPython 3.13.0 and the Python host are present, the same
# session also goes through the Python host and every result the core host
# supports must be identical.
set -euo pipefail
host=${1:?usage: test_core_host.sh PATH-TO-mmaplab-core-host}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../../../scripts/testlib.sh"
make_test_dir core-host
dir=$test_dir

printf 'hello\n' >"$dir/f"
cat >"$dir/session" <<JSON
{"type":"begin","case":"t/1","files":{"f":"$dir/f"}}
{"type":"op","index":0,"op":{"op":"open_fd","as":"fd","file":"f","mode":"r+"}}
{"type":"op","index":1,"op":{"op":"new","as":"m","args":[{"fd":"fd"},{"int":"0"}]}}
{"type":"op","index":2,"op":{"op":"len","on":"m"}}
{"type":"op","index":3,"op":{"op":"call","on":"m","method":"read","args":[{"int":"3"}]}}
{"type":"op","index":4,"op":{"op":"call","on":"m","method":"seek","args":[{"int":"1"},{"int":"1"}]}}
{"type":"op","index":5,"op":{"op":"call","on":"m","method":"find","args":[{"bytes":"6f"}]}}
{"type":"op","index":6,"op":{"op":"getitem","on":"m","key":{"int":"0"}}}
{"type":"op","index":7,"op":{"op":"getitem","on":"m","key":{"slice":[null,null,{"int":"-1"}]}}}
{"type":"op","index":8,"op":{"op":"setitem","on":"m","key":{"slice":[{"int":"0"},{"int":"2"},null]},"value":{"bytes":"4a45"}}}
{"type":"op","index":9,"op":{"op":"repr","on":"m"}}
{"type":"op","index":10,"op":{"op":"iter","on":"m"}}
{"type":"op","index":11,"op":{"op":"contains","on":"m","value":{"bytes":"6c"}}}
{"type":"op","index":12,"op":{"op":"contains","on":"m","value":{"int":"108"}}}
{"type":"op","index":13,"op":{"op":"export","on":"m","as":"v"}}
{"type":"op","index":14,"op":{"op":"call","on":"m","method":"close","args":[]}}
{"type":"op","index":15,"op":{"op":"call","on":"m","method":"resize","args":[{"int":"10"}]}}
{"type":"op","index":16,"op":{"op":"del","name":"m"}}
{"type":"op","index":17,"op":{"op":"len","on":"m"}}
{"type":"op","index":18,"op":{"op":"new","as":"a","args":[{"int":"-1"},{"int":"3"}]}}
{"type":"op","index":19,"op":{"op":"call","on":"a","method":"write","args":[{"ref":"v"}]}}
{"type":"op","index":20,"op":{"op":"release","view":"v"}}
{"type":"op","index":21,"op":{"op":"new","as":"a","args":[{"int":"-1"},{"int":"0"}]}}
{"type":"op","index":22,"op":{"op":"new","as":"a","args":[{"int":"-1"},{"int":"4"}],"kwargs":{"trackfd":false}}}
{"type":"op","index":23,"op":{"op":"call","on":"a","method":"size","args":[]}}
{"type":"op","index":24,"op":{"op":"call","on":"a","method":"write","args":[{"ref":"a"}]}}
{"type":"op","index":25,"op":{"op":"getattr","on":"a","name":"closed"}}
{"type":"op","index":26,"op":{"op":"enter","on":"a"}}
{"type":"op","index":27,"op":{"op":"exit","on":"a","args":[null,null,null]}}
{"type":"op","index":28,"op":{"op":"bool","on":"a"}}
{"type":"op","index":29,"op":{"op":"call","on":"a","method":"seekable","args":[]}}
{"type":"op","index":30,"op":{"op":"const","name":"MAP_PRIVATE"}}
{"type":"op","index":31,"op":{"op":"open_fd","as":"ro","file":"f","mode":"r"}}
{"type":"op","index":32,"op":{"op":"new","as":"b","args":[{"fd":"ro"},{"int":"0"}]}}
{"type":"op","index":33,"op":{"op":"call","on":"a","method":"read","args":[{"str":"x"}]}}
{"type":"op","index":34,"op":{"op":"pickle","on":"a","protocol":{"int":"2"}}}
{"type":"op","index":35,"op":{"op":"module_dir"}}
{"type":"op","index":36,"op":{"op":"audit_events","prefix":"mmap."}}
{"type":"end"}
JSON

cat >"$dir/expected" <<'JSON'
{"type":"ready"}
{"type":"result","index":0,"result":{"value":null}}
{"type":"result","index":1,"result":{"value":{"ref":"m"}}}
{"type":"result","index":2,"result":{"value":{"int":"6"}}}
{"type":"result","index":3,"result":{"value":{"bytes":"68656c"}}}
{"type":"result","index":4,"result":{"value":{"int":"4"}}}
{"type":"result","index":5,"result":{"value":{"int":"4"}}}
{"type":"result","index":6,"result":{"value":{"int":"104"}}}
{"type":"result","index":7,"result":{"value":{"bytes":"0a6f6c6c6568"}}}
{"type":"result","index":8,"result":{"value":null}}
{"type":"result","index":9,"result":{"value":{"str":"<mmap.mmap closed=False, access=ACCESS_DEFAULT, length=6, pos=4, offset=0>"}}}
{"type":"result","index":10,"result":{"value":{"list":[{"bytes":"4a"},{"bytes":"45"},{"bytes":"6c"},{"bytes":"6c"},{"bytes":"6f"},{"bytes":"0a"}]}}}
{"type":"result","index":11,"result":{"value":true}}
{"type":"result","index":12,"result":{"value":false}}
{"type":"result","index":13,"result":{"value":{"dict":{"readonly":false,"nbytes":{"int":"6"}}}}}
{"type":"result","index":14,"result":{"raise":{"type":"BufferError","message":"cannot close exported pointers exist","errno":null}}}
{"type":"result","index":15,"result":{"raise":{"type":"BufferError","message":"mmap can't resize with extant buffers exported.","errno":null}}}
{"type":"result","index":16,"result":{"value":null}}
{"type":"result","index":17,"result":{"raise":{"type":"NameError","message":"name 'm' is not defined","errno":null}}}
{"type":"result","index":18,"result":{"value":{"ref":"a"}}}
{"type":"result","index":19,"result":{"raise":{"type":"ValueError","message":"data out of range","errno":null}}}
{"type":"result","index":20,"result":{"value":null}}
{"type":"result","index":21,"result":{"raise":{"type":"OSError","message":"Invalid argument","errno":22}}}
{"type":"result","index":22,"result":{"value":{"ref":"a"}}}
{"type":"result","index":23,"result":{"raise":{"type":"OSError","message":"Bad file descriptor","errno":9}}}
{"type":"result","index":24,"result":{"value":{"int":"4"}}}
{"type":"result","index":25,"result":{"value":false}}
{"type":"result","index":26,"result":{"value":{"ref":"a"}}}
{"type":"result","index":27,"result":{"value":null}}
{"type":"result","index":28,"result":{"raise":{"type":"ValueError","message":"mmap closed or invalid","errno":null}}}
{"type":"result","index":29,"result":{"value":true}}
{"type":"result","index":30,"result":{"value":{"int":"2"}}}
{"type":"result","index":31,"result":{"value":null}}
{"type":"result","index":32,"result":{"raise":{"type":"PermissionError","message":"Permission denied","errno":13}}}
{"type":"result","index":33,"result":{"unsupported":"str where argument 1 of read() (an integer) is needed"}}
{"type":"result","index":34,"result":{"unsupported":"pickle is not expressible through the core's C API"}}
{"type":"result","index":35,"result":{"unsupported":"module_dir is not expressible through the core's C API"}}
{"type":"result","index":36,"result":{"unsupported":"audit_events is not expressible through the core's C API"}}
{"type":"ended"}
JSON

"$host" --python 3.13.0 <"$dir/session" >"$dir/actual" 2>"$dir/stderr" || fail "host exited with $?: $(cat "$dir/stderr")"
[ -s "$dir/stderr" ] && fail "host wrote on stderr: $(cat "$dir/stderr")"

# The hello: fixed fields exactly, machine/page size as this system says.
hello=$(head -n 1 "$dir/actual")
case $(uname -s) in Linux) platform=linux ;; Darwin) platform=darwin ;; *) platform=unknown ;; esac
prefix='{"type":"hello","protocol":1,"host":"core","implementation":"mmaplab","version":"3.13.0","platform":"'$platform'","machine":"'$(uname -m)'","pagesize":'$(getconf PAGESIZE)','
[[ $hello == "$prefix"* ]] || fail "hello starts wrong: $hello"
[[ $hello == *'"maxsize":"9223372036854775807","constants":{"ACCESS_COPY":3,"ACCESS_DEFAULT":0,"ACCESS_READ":1,"ACCESS_WRITE":2,'* ]] || fail "hello maxsize/constants: $hello"
[[ $hello == *'"features":["sequence","memoryview","repr","fd-kinds"]}' ]] || fail "hello features: $hello"

tail -n +2 "$dir/actual" | diff -u "$dir/expected" - || fail "session answers differ (above)"
[ "$(cat "$dir/f")" = "JEllo" ] || fail "file content: $(od -c "$dir/f")"

# The same session through the Python host (the reference for shapes).
python=${MMAPLAB_PYTHON_313:-$HOME/.pyenv/versions/3.13.0/bin/python}
pyhost=$here/../python/host.py
if [ -x "$python" ] && [ -f "$pyhost" ]; then
  printf 'hello\n' >"$dir/f"
  "$python" "$pyhost" <"$dir/session" | tail -n +2 >"$dir/python" || fail "python host failed"
  # Compare every line the core host answered (not the unsupported ones).
  paste -d '\n' "$dir/expected" "$dir/python" | paste - - | grep -v '"unsupported"' |
    awk -F '\t' '$1 != $2 { print "core:   " $1; print "python: " $2; bad = 1 } END { exit bad }' ||
    fail "core and python hosts differ (above)"
else
  echo "note: CPython 3.13.0 or host.py not found; no comparison with the Python host"
fi

# Malformed input: exit status 2, the hello only on stdout, one stderr line.
begin='{"type":"begin","case":"x","files":{}}'
bad_inputs=(
  'not json'
  '[1]'
  '{"type":"op","index":0,"op":{"op":"len","on":"m"}}'
  "$begin"$'\n''{"type":"op","index":0,"op":{"op":"len"}}'
  "$begin"$'\n''{"type":"op","index":0,"op":{"op":"frobnicate"}}'
  "$begin"$'\n''{"type":"op","index":0,"op":{"op":"new","as":"m","args":[{"text":"a"}]}}'
  "$begin"$'\n''{"type":"op","index":0,"op":{"op":"new","as":"m","args":[{"int":"PAGESIZE"}]}}'
  "$begin"$'\n''{"type":"op","index":"0","op":{"op":"len","on":"m"}}'
  "$begin"$'\n''{"type":"op","index":0,"op":{"op":"open_fd","as":"x","file":"nofile","mode":"r"}}'
  "$begin"$'\n''{"type":"op","index":0,"op":{"op":"open_fd","as":"x","special":"tty"}}'
  '{"type":"end"}'
  '{"type":"bye"}'
)
for input in "${bad_inputs[@]}"; do
  status=0
  printf '%s\n' "$input" | "$host" >"$dir/out" 2>"$dir/err" || status=$?
  [ "$status" -eq 2 ] || fail "status $status (want 2) for: $input"
  [ "$(wc -l <"$dir/err")" -eq 1 ] || fail "want one stderr line for: $input; got: $(cat "$dir/err")"
  ! grep -q '"result"' "$dir/out" || fail "a result for malformed input: $input"
done
status=0
"$host" extra-argument </dev/null >/dev/null 2>&1 || status=$?
[ "$status" -eq 2 ] || fail "an argument gives status $status (want 2)"
for args in "--python" "--python 3" "--python 2.7.18" "--python 3.x.1" "--python 3.13.0 extra"; do
  status=0
  # shellcheck disable=SC2086
  "$host" $args </dev/null >/dev/null 2>&1 || status=$?
  [ "$status" -eq 2 ] || fail "'$args' gives status $status (want 2)"
done
# Each component is a whole decimal number below 256: no wrap-around, no
# signs or blanks, no empty component.
for v in 3.4294967296.0 3.18446744073709551616 18446744073709551619.1 3.12. \
  3..1 3.+12.1 3.-0 ' 3.12' '3.12 ' 3.12.1.1 3.256 256.1 0x3.1 ''; do
  status=0
  "$host" --python "$v" </dev/null >/dev/null 2>"$dir/err" || status=$?
  [ "$status" -eq 2 ] || fail "--python '$v' gives status $status (want 2)"
  [ "$(wc -l <"$dir/err")" -eq 1 ] || fail "--python '$v': want one stderr line: $(cat "$dir/err")"
done
"$host" --python 3.12 </dev/null | grep -q '"version":"3.12.0"' || fail "--python 3.12 is not 3.12.0"
"$host" --python 255.255.255 </dev/null | grep -q '"version":"255.255.255"' || fail "--python 255.255.255"
"$host" --python=3.11 </dev/null | grep -q '"version":"3.11.0"' || fail "--python=3.11 is not 3.11.0"
# Misuse: one line naming the argument, exit status 2, nothing served.
for args in --python --pyth=3.12 --py foo -- '--python 3.12 extra' -x; do
  status=0
  # shellcheck disable=SC2086 # ARGS are words on purpose
  "$host" $args </dev/null >"$dir/out" 2>"$dir/err" || status=$?
  [ "$status" -eq 2 ] || fail "'$args' gives status $status (want 2)"
  [ "$(wc -l <"$dir/err")" -eq 1 ] || fail "'$args': want one stderr line: $(cat "$dir/err")"
  grep -q '^mmaplab-core-host: usage: mmaplab-core-host \[--python X.Y.Z\] (got "' "$dir/err" ||
    fail "'$args': not the usage line: $(cat "$dir/err")"
  [ ! -s "$dir/out" ] || fail "'$args': the host served: $(cat "$dir/out")"
done
# Without --python the host follows the core's default profile, 3.13.8.
"$host" </dev/null | grep -q '"version":"3.13.8"' || fail "default hello version is not 3.13.8"

echo "conformance.core_host: ok"
