#!/bin/sh
# Install the Kutip bundle this script sits in (an unpacked kutip-VERSION-linux-ARCH.tar.gz):
# the program, the `kutip` command, its menu entry, icon, file type and AppStream metadata.
#
#   ./install.sh [--prefix DIR]      install (default prefix: ~/.local; /usr/local for all users)
#   ./install.sh --uninstall [--prefix DIR]
#
# Files: PREFIX/lib/kutip/ (the bundle), PREFIX/bin/kutip (a link to it), and under PREFIX/share:
# applications/id.kutip.Kutip.desktop, metainfo/id.kutip.Kutip.metainfo.xml,
# mime/packages/id.kutip.Kutip.xml, icons/hicolor/*/apps/id.kutip.Kutip.{png,svg}.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
prefix="${HOME}/.local"
action=install
while [ $# -gt 0 ]; do
    case "$1" in
        --prefix) prefix=$2; shift 2 ;;
        --prefix=*) prefix=${1#*=}; shift ;;
        --uninstall) action=uninstall; shift ;;
        -h | --help) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "install.sh: unknown argument: $1" >&2; exit 2 ;;
    esac
done
case "$prefix" in
    /*) ;;
    *) prefix="$(pwd)/$prefix" ;;
esac

app_id=id.kutip.Kutip
share="$prefix/share"

refresh_caches() {
    if command -v update-mime-database > /dev/null 2>&1 && [ -d "$share/mime/packages" ]; then
        update-mime-database "$share/mime" > /dev/null 2>&1 || true
    fi
    if command -v update-desktop-database > /dev/null 2>&1 && [ -d "$share/applications" ]; then
        update-desktop-database -q "$share/applications" || true
    fi
    if command -v gtk-update-icon-cache > /dev/null 2>&1 && [ -d "$share/icons/hicolor" ]; then
        gtk-update-icon-cache -q -t -f "$share/icons/hicolor" || true
    fi
}

if [ "$action" = uninstall ]; then
    if [ -L "$prefix/bin/kutip" ] && [ "$(readlink "$prefix/bin/kutip")" = "$prefix/lib/kutip/kutip" ]; then
        rm -f "$prefix/bin/kutip"
    fi
    rm -rf "$prefix/lib/kutip"
    rm -f "$share/applications/$app_id.desktop" "$share/metainfo/$app_id.metainfo.xml" \
        "$share/mime/packages/$app_id.xml"
    for icon in "$share"/icons/hicolor/*/apps/"$app_id".png "$share"/icons/hicolor/*/apps/"$app_id".svg; do
        rm -f "$icon"
    done
    refresh_caches
    echo "Kutip removed from $prefix"
    exit 0
fi

if [ ! -x "$here/kutip" ] || [ ! -d "$here/_internal" ] || [ ! -d "$here/share" ]; then
    echo "install.sh: run me from an unpacked Kutip bundle (kutip, _internal/, share/)" >&2
    exit 1
fi

mkdir -p "$prefix/lib" "$prefix/bin"
rm -rf "$prefix/lib/kutip.new"
mkdir "$prefix/lib/kutip.new"
for item in kutip _internal licenses; do
    if [ -e "$here/$item" ]; then
        cp -R "$here/$item" "$prefix/lib/kutip.new/"
    fi
done
rm -rf "$prefix/lib/kutip"
mv "$prefix/lib/kutip.new" "$prefix/lib/kutip"
ln -sfn "$prefix/lib/kutip/kutip" "$prefix/bin/kutip"

# The desktop integration, with the menu entry pointing at this installation, so it works
# whether or not PREFIX/bin is on the PATH of the desktop session.
(cd "$here/share" && find . -type f) | while read -r file; do
    mkdir -p "$(dirname "$share/$file")"
    cp "$here/share/$file" "$share/$file"
done
desktop="$share/applications/$app_id.desktop"
sed -e "s|^Exec=kutip |Exec=\"$prefix/bin/kutip\" |" -e "s|^TryExec=kutip\$|TryExec=$prefix/bin/kutip|" \
    "$desktop" > "$desktop.new"
mv "$desktop.new" "$desktop"
refresh_caches

echo "Kutip installed in $prefix"
case ":$PATH:" in
    *":$prefix/bin:"*) ;;
    *) echo "Note: $prefix/bin is not on your PATH; the menu entry works all the same." ;;
esac
