#!/usr/bin/env bash
# Build Kutip as a one-folder desktop application (PyInstaller) from a clean checkout, in a
# fresh virtual environment, and smoke-check the result. Linux; packaging/README.md says how to
# build on Windows and macOS.
#
# usage: packaging/build.sh [--ref REF] [--out DIR] [--keep] [SOURCE]
#
#   SOURCE  the git repository to build (a path or URL); default: the repository holding this
#           script. It is cloned, so only committed work is built.
#   --ref   the commit, branch or tag to build (default: SOURCE's HEAD)
#   --out   where the results go (default: dist/ beside this script)
#   --keep  keep the temporary folder (checkout, environment, PyInstaller logs, smoke files)
#
# Environment: PYTHON (default python3), PYINSTALLER (the pip requirement, default
# "pyinstaller>=6.10,<7"), SMOKE_SECONDS (how long a window is left open, default 10),
# TIMING_RUNS (start-up timings, default 5; 0 skips them).
#
# Results in OUT: kutip/ (the bundle: kutip, _internal/, licenses/, share/, install.sh),
# kutip-VERSION-linux-ARCH.tar.gz (the same, for users: unpack, run ./install.sh),
# SHA256SUMS and build-report.txt. The last line printed is "SMOKE OK" when every check passed;
# otherwise the script stops at the first failure with a non-zero status.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source_repo=""
ref=""
out="$here/dist"
keep=false
while [[ $# -gt 0 ]]; do
    case "$1" in
        --ref) ref=$2; shift 2 ;;
        --out) out=$2; shift 2 ;;
        --keep) keep=true; shift ;;
        -h | --help) sed -n '2,24p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        -*) echo "build.sh: unknown option $1" >&2; exit 2 ;;
        *) source_repo=$1; shift ;;
    esac
done
if [[ -z "$source_repo" ]]; then
    source_repo=$(git -C "$here" rev-parse --show-toplevel)
fi
python=${PYTHON:-python3}
pyinstaller_requirement=${PYINSTALLER:-"pyinstaller>=6.10,<7"}
smoke_seconds=${SMOKE_SECONDS:-10}
timing_runs=${TIMING_RUNS:-5}

work=$(mktemp -d "${TMPDIR:-/tmp}/kutip-build.XXXXXX")
cleanup() {
    if [[ -n "${xvfb_pid:-}" ]]; then kill "$xvfb_pid" 2> /dev/null || true; fi
    if $keep; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

step() { echo "== $*"; }
fail() {
    echo "FAILED: $*" >&2
    exit 1
}
# Run a command with its output in a log, shown only when it fails.
logged() {
    local log=$1
    shift
    if ! "$@" > "$log" 2>&1; then
        tail -n 60 "$log" >&2
        fail "$* (log: $log)"
    fi
}
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR) printf "%.2f", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# -- a clean checkout in a fresh environment ---------------------------------------------------

step "checkout of $source_repo${ref:+ at $ref}"
git clone --quiet "$source_repo" "$work/src"
if [[ -n "$ref" ]]; then git -C "$work/src" checkout --quiet "$ref"; fi
commit=$(git -C "$work/src" rev-parse --short HEAD)
echo "commit $commit"

step "fresh virtual environment: kutip and $pyinstaller_requirement"
"$python" -m venv "$work/venv"
venv_python="$work/venv/bin/python"
logged "$work/pip.log" "$venv_python" -m pip install --no-input "$work/src" "$pyinstaller_requirement"
version=$("$venv_python" -c 'from importlib.metadata import version; print(version("kutip"))')
echo "kutip $version, $("$venv_python" -m PyInstaller --version | sed 's/^/PyInstaller /'), $("$venv_python" -V)"

step "PyInstaller"
build_start=$(now)
(cd "$work" && logged "$work/pyinstaller.log" "$venv_python" -m PyInstaller --noconfirm --clean \
    --distpath "$work/dist" --workpath "$work/build" "$work/src/packaging/kutip.spec")
build_seconds=$(elapsed "$build_start" "$(now)")
bundle="$work/dist/kutip"
binary="$bundle/kutip"
[[ -x "$binary" ]] || fail "no $binary"
echo "built in ${build_seconds} s"

# -- smoke checks --------------------------------------------------------------------------------

# Nothing of the user's: settings, logs, caches and the demo go to a scratch home, and no
# Python of the build machine is visible.
smoke="$work/smoke"
mkdir -p "$smoke/home"
bundle_env=(env -i PATH=/usr/bin:/bin HOME="$smoke/home" LANG=C.UTF-8
    XDG_CONFIG_HOME="$smoke/home/.config" XDG_DATA_HOME="$smoke/home/.local/share"
    XDG_CACHE_HOME="$smoke/home/.cache" XDG_STATE_HOME="$smoke/home/.local/state"
    XDG_RUNTIME_DIR="$smoke/runtime")
run_bundle() { "${bundle_env[@]}" "$@"; }
mkdir -m 700 "$smoke/runtime"

step "smoke: --version"
start=$(now)
shown=$(run_bundle "$binary" --version)
version_seconds=$(elapsed "$start" "$(now)")
[[ "$shown" == "Kutip $version" ]] || fail "--version printed '$shown', not 'Kutip $version'"
echo "$shown (${version_seconds} s, the first run)"

step "smoke: demo --no-gui"
logged "$smoke/demo.log" run_bundle "$binary" demo --no-gui "$smoke/demo"
demo_project=$(find "$smoke/demo" -maxdepth 1 -name '*.kutip' | head -n 1)
[[ -n "$demo_project" ]] || fail "demo --no-gui made no project in $smoke/demo"
logged "$smoke/check.log" run_bundle "$binary" check "$demo_project"
echo "$(basename "$demo_project"): $(cat "$smoke/check.log")"

# The window, offscreen: it passes if it quits by itself with status 0 (a GUI that honours
# KUTIP_SMOKE_QUIT_MS), or is still running after SMOKE_SECONDS; either way with nothing on
# stderr that looks like an error.
window_check() {
    local name=$1 platform=$2
    shift 2
    local err="$smoke/window-$name.err" status=0
    run_bundle QT_QPA_PLATFORM="$platform" KUTIP_SMOKE_QUIT_MS=3000 ${DISPLAY:+DISPLAY=$DISPLAY} \
        timeout "$smoke_seconds" "$binary" "$@" 2> "$err" || status=$?
    if grep -qiE 'error|traceback|could not (load|find)|failed to start' "$err"; then
        cat "$err" >&2
        fail "window ($name, $platform): errors on stderr"
    fi
    case $status in
        0) echo "window ($name, $platform): quit by itself" ;;
        124) echo "window ($name, $platform): still open after ${smoke_seconds} s, no errors" ;;
        *) cat "$err" >&2; fail "window ($name, $platform): exit status $status" ;;
    esac
}
step "smoke: the window, offscreen"
window_check start offscreen
window_check demo offscreen "$demo_project"

# A real X11 window (the xcb plugin and the X libraries it loads) when Xvfb is there, and
# the time until the window is on screen.
window_seconds=""
version_median=""
if command -v Xvfb > /dev/null && command -v xwininfo > /dev/null; then
    step "smoke: the window on X11 (Xvfb)"
    display=":$((90 + RANDOM % 400))"
    Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp > "$smoke/xvfb.log" 2>&1 &
    xvfb_pid=$!
    for _ in $(seq 50); do xwininfo -display "$display" -root > /dev/null 2>&1 && break; sleep 0.1; done
    DISPLAY=$display window_check demo xcb "$demo_project"

    window_visible() {
        local id
        for id in $(xwininfo -display "$display" -root -tree 2> /dev/null | awk '/\("kutip" "Kutip"\)/ { print $1 }'); do
            xwininfo -display "$display" -id "$id" 2> /dev/null | grep -q IsViewable && return 0
        done
        return 1
    }
    time_to_window() {
        local start pid status=0
        start=$(now)
        # env execs the program: $! is the program itself
        "${bundle_env[@]}" QT_QPA_PLATFORM=xcb DISPLAY="$display" "$binary" "$@" 2>> "$smoke/timing.err" &
        pid=$!
        for _ in $(seq 3000); do
            window_visible && break
            kill -0 "$pid" 2> /dev/null || { status=1; break; }
            sleep 0.01
        done
        elapsed "$start" "$(now)"
        echo
        kill "$pid" 2> /dev/null || true
        wait "$pid" 2> /dev/null || true
        return $status
    }
    if [[ "$timing_runs" -gt 0 ]]; then
        step "start-up times (median of $timing_runs)"
        : > "$smoke/version.times"
        : > "$smoke/window.times"
        for _ in $(seq "$timing_runs"); do
            start=$(now)
            run_bundle "$binary" --version > /dev/null
            elapsed "$start" "$(now)" >> "$smoke/version.times"
            echo >> "$smoke/version.times"
            time_to_window "$demo_project" >> "$smoke/window.times" || fail "the window did not appear"
        done
        version_median=$(median < "$smoke/version.times")
        window_seconds=$(median < "$smoke/window.times")
        echo "--version: ${version_median} s; to a window on the demo project: ${window_seconds} s"
    fi
    kill "$xvfb_pid" 2> /dev/null || true
    wait "$xvfb_pid" 2> /dev/null || true
    xvfb_pid=""
else
    echo "(no Xvfb and xwininfo: the X11 window and start-up times are not checked)"
fi

step "smoke: self-contained"
# Every library the bundle links to is in it, except those every desktop has and that must
# come from the system (glibc, the GL/EGL drivers, libxcb, libwayland-*): PyInstaller's list.
outside=$(find "$bundle/_internal" -name '*.so*' -type f -print0 \
    | xargs -0 -n 20 env LD_LIBRARY_PATH="$bundle/_internal" ldd 2> /dev/null \
    | awk '/=>/ { print $1, $3 }' | grep -v " $bundle/" \
    | grep -vE '^(libc|libm|libdl|libpthread|librt|libresolv|libutil|ld-linux[^ ]*)\.so|^lib(E?GL|EGL|GLX|GLdispatch|OpenGL|GLESv2|drm)[._]|^libxcb\.so|^libxcb-dri|^libwayland-(client|cursor|egl)\.so|^linux-vdso' \
    | sort -u || true)
[[ -z "$outside" ]] || fail "libraries found outside the bundle: $outside"
if grep -rlaF "$work" "$bundle" > "$smoke/paths.txt"; then
    fail "build paths inside the bundle: $(head -n 5 "$smoke/paths.txt")"
fi
echo "nothing outside the bundle but the system's C library, GL, xcb and wayland"

# -- the Linux package ---------------------------------------------------------------------------

step "licences, desktop integration, tarball"
logged "$work/licenses.log" "$venv_python" "$work/src/packaging/collect_licenses.py" "$bundle" "$work/src"
grep '^collect_licenses.py:' "$work/licenses.log" || true
cp -R "$work/src/packaging/linux/share" "$bundle/share"
cp "$work/src/packaging/linux/install.sh" "$bundle/install.sh"
chmod +x "$bundle/install.sh"

run_bundle "$bundle/install.sh" --prefix "$smoke/prefix" > "$smoke/install.log" 2>&1 \
    || { cat "$smoke/install.log" >&2; fail "install.sh"; }
installed=$(run_bundle "$smoke/prefix/bin/kutip" --version)
[[ "$installed" == "Kutip $version" ]] || fail "the installed kutip printed '$installed'"
[[ -f "$smoke/prefix/share/applications/id.kutip.Kutip.desktop" ]] || fail "no desktop file installed"
run_bundle "$bundle/install.sh" --uninstall --prefix "$smoke/prefix" > /dev/null
[[ ! -e "$smoke/prefix/lib/kutip" ]] || fail "install.sh --uninstall left the program"
echo "install.sh: installs and uninstalls"

arch=$(uname -m)
package="kutip-$version-linux-$arch"
mkdir -p "$out"
rm -rf "${out:?}/kutip" "$out/$package.tar.gz"
cp -R "$bundle" "$out/kutip"
tar -C "$work/dist" --transform "s|^kutip|$package|S" --owner=0 --group=0 --numeric-owner \
    -czf "$out/$package.tar.gz" kutip
(cd "$out" && sha256sum "$package.tar.gz" > SHA256SUMS)

bundle_size=$(du -sh "$out/kutip" | cut -f1)
bundle_bytes=$(du -sb "$out/kutip" | cut -f1)
tarball_size=$(du -h "$out/$package.tar.gz" | cut -f1)
{
    echo "Kutip $version ($commit), $(uname -sm), $("$venv_python" -V), $("$venv_python" -m PyInstaller --version | sed 's/^/PyInstaller /')"
    echo "build: ${build_seconds} s"
    echo "bundle: $bundle_size ($bundle_bytes bytes), $package.tar.gz: $tarball_size"
    echo "largest parts:"
    (cd "$out/kutip/_internal" && du -sh -- * | sort -rh | head -n 8 | sed 's/^/  /')
    echo "--version, first run: ${version_seconds} s${version_median:+; median of $timing_runs: ${version_median} s}"
    if [[ -n "$window_seconds" ]]; then
        echo "to a window on the demo project (X11, Xvfb), median of $timing_runs: ${window_seconds} s"
    fi
} > "$out/build-report.txt"
cat "$out/build-report.txt"
echo "results in $out"
echo "SMOKE OK"
