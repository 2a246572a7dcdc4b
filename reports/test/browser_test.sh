#!/usr/bin/env bash
# browser_test.sh DRIVER DATA WORK - the HTML report opens in headless
# Chromium: no console messages, every <img> loaded (naturalWidth > 0,
# recorded by a probe script added to a copy of the page), and a screenshot
# of the requested size that is not blank. The report's Findings section
# lies wholly inside the first 1280x800 viewport: laid out 1280 pixels
# wide, its box (read by a probe script, in page coordinates) ends at most
# 800 pixels down; the same page with a spacer above the findings must
# fail that check, so the check is seen to work.
set -euo pipefail
. "$(dirname "$0")/prelude.sh"
need_gnuplot
chrome=$(command -v chromium || command -v chromium-browser || true)
[ -n "$chrome" ] ||
  { echo "SKIP: chromium is not installed (scripts/install-deps installs it)"; exit 77; }
# --user-data-dir: a private profile; HOME too, for what Chromium writes.
run_chrome() {
  HOME=$work timeout 120 "$chrome" --headless --no-sandbox --disable-gpu \
    --no-first-run --user-data-dir="$work/profile" --hide-scrollbars \
    --enable-logging=stderr --v=0 "$@"
}
check_page() { # DIR NAME: DIR/index.html
  local dir=$1 name=$2 want nimg
  cp "$dir/index.html" "$dir/probe.html"
  cat >>"$dir/probe.html" <<'PROBE'
<script>
var probeErrors = [];
window.addEventListener("error", function (e) {
  probeErrors.push(e.message || (e.target && e.target.src) || "error");
}, true);
window.addEventListener("load", function () {
  var imgs = document.images, ok = 0, bad = [];
  for (var i = 0; i < imgs.length; i++) {
    if (imgs[i].complete && imgs[i].naturalWidth > 0) ok++;
    else bad.push(imgs[i].getAttribute("src"));
  }
  var p = document.createElement("pre");
  p.id = "probe";
  p.textContent = "PROBE images=" + ok + "/" + imgs.length + " bad=[" +
    bad.join(",") + "] errors=[" + probeErrors.join(",") + "] END";
  document.body.appendChild(p);
});
</script>
PROBE
  run_chrome --virtual-time-budget=10000 --dump-dom "file://$dir/probe.html" \
    >"$work/$name.dom" 2>"$work/$name.log" || fail "$name: chromium failed"
  rm -f "$dir/probe.html"
  want=$(grep -o '<img ' "$dir/index.html" | wc -l)
  [ "$want" -gt 0 ] || fail "$name: no images in the page"
  grep -q "PROBE images=$want/$want bad=\[\] errors=\[\] END" "$work/$name.dom" ||
    fail "$name: $(grep -o 'PROBE[^<]*END' "$work/$name.dom" || echo 'no probe result')"
  ! grep -E ':CONSOLE|Uncaught|Failed to load' "$work/$name.log" ||
    fail "$name: console messages (above)"
  run_chrome --window-size=1280,2400 --screenshot="$work/$name.png" \
    "file://$dir/index.html" >/dev/null 2>"$work/$name-shot.log" ||
    fail "$name: screenshot failed"
  # PNG: width and height are the big-endian words at bytes 16 and 20.
  read -r w h < <(od -An -tu1 -j16 -N8 "$work/$name.png" |
    awk '{print $1*16777216+$2*65536+$3*256+$4, $5*16777216+$6*65536+$7*256+$8}')
  [ "$w" -eq 1280 ] && [ "$h" -eq 2400 ] || fail "$name: screenshot is ${w}x$h"
  [ "$(stat -c %s "$work/$name.png")" -gt 60000 ] ||
    fail "$name: screenshot looks blank ($(stat -c %s "$work/$name.png") bytes)"
  echo "$name: $want images loaded, screenshot ${w}x$h"
}
# findings_box DIR PAGE NAME: loads DIR/PAGE in a 1280x800 window and
# prints "VIEWPORT w=W top=T bottom=B": the layout viewport's width and
# the page coordinates of the #findings element. (Headless Chromium's
# innerHeight is the window's less its emulated browser frame; the layout
# depends on the width alone, so the box is measured against 800 pixels
# of the page rather than against innerHeight.)
findings_box() {
  local dir=$1 page=$2 name=$3
  cp "$dir/$page" "$dir/box-$page"
  cat >>"$dir/box-$page" <<'PROBE'
<script>
window.addEventListener("load", function () {
  var f = document.getElementById("findings"), p = document.createElement("pre");
  var r = f ? f.getBoundingClientRect() : null;
  p.textContent = "VIEWPORT w=" + document.documentElement.clientWidth +
    (r ? " top=" + Math.round(r.top + window.scrollY) +
         " bottom=" + Math.ceil(r.bottom + window.scrollY)
       : " no-findings") + " END";
  document.body.appendChild(p);
});
</script>
PROBE
  run_chrome --window-size=1280,800 --virtual-time-budget=10000 --dump-dom \
    "file://$dir/box-$page" >"$work/$name.dom" 2>"$work/$name.log" ||
    fail "$name: chromium failed"
  rm -f "$dir/box-$page"
  grep -o 'VIEWPORT [^<]* END' "$work/$name.dom" | sed 's/ END$//' ||
    fail "$name: no viewport probe result"
}
# in_first_viewport "VIEWPORT w=.. top=.. bottom=..": 0 if the box lies
# within the first 1280x800 of the page, else 1.
in_first_viewport() {
  local w top bottom
  read -r w top bottom < <(echo "$1" |
    sed -n 's/^VIEWPORT w=\([0-9]*\) top=\(-\{0,1\}[0-9]*\) bottom=\([0-9]*\)$/\1 \2 \3/p')
  [ -n "${bottom:-}" ] || fail "unreadable probe result: $1"
  [ "$w" -eq 1280 ] || fail "the page is laid out $w pixels wide, not 1280"
  [ "$top" -ge 0 ] && [ "$bottom" -le 800 ]
}

"$drv" report --out "$work/report" "$data/machine-a" "$data/conform" >/dev/null
check_page "$work/report" report
box=$(findings_box "$work/report" index.html findings)
in_first_viewport "$box" || fail "the findings are not in the first 1280x800 viewport: $box"
echo "report: findings in the first viewport ($box)"
# The check can fail: 600 pixels of spacer above the findings push them
# past the fold.
sed 's|^<section id="findings">|<div style="height:600px"></div>&|' \
  "$work/report/index.html" >"$work/report/pushed.html"
grep -q 'height:600px' "$work/report/pushed.html" || fail "no spacer inserted"
box=$(findings_box "$work/report" pushed.html pushed)
! in_first_viewport "$box" || fail "findings below the fold passed the check: $box"
rm -f "$work/report/pushed.html"
echo "report: findings pushed below the fold fail the check ($box)"
"$drv" compare --out "$work/compare" "$data/machine-a" "$data/machine-b" >/dev/null
check_page "$work/compare" compare
