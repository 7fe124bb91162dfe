#!/usr/bin/env bash
# check-package.sh BUILD_DIR VERSION BUILT_BINARY
# Builds stackplan_VERSION_ARCH.deb from BUILD_DIR, validates it, installs it,
# runs the installed program and removes the package, even on failure.
set -euo pipefail

build=$1
version=$2
built=$3
arch=$(dpkg --print-architecture)
app=org.stackplan.Stackplan

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo -n"
apt=($sudo apt-get -y -q -o DPkg::Lock::Timeout=120)

work=$(mktemp -d /tmp/stackplan-package.XXXXXX)
# apt's download user must be able to read the package.
chmod 755 "$work"
installed=0
cleanup() {
  if [ "$installed" -eq 1 ]; then
    echo "== removing the package"
    "${apt[@]}" remove stackplan >/dev/null || echo "could not remove stackplan" >&2
  fi
  rm -rf "$work"
}
trap cleanup EXIT

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

echo "== cpack"
cpack -G DEB --config "$build/CPackConfig.cmake" -B "$work" >"$work/cpack.log" 2>&1 ||
  { cat "$work/cpack.log"; fail "cpack"; }
deb=$work/stackplan_${version}_${arch}.deb
[ -f "$deb" ] || fail "no $deb; made: $(ls "$work")"

echo "== control fields"
[ "$(dpkg-deb -f "$deb" Package)" = stackplan ] || fail "package name"
[ "$(dpkg-deb -f "$deb" Version)" = "$version" ] || fail "package version is not $version"
depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
# dpkg-shlibdeps ran on the binary: the Qt and Graphviz libraries it links are there.
for lib in libqt6core6 libqt6widgets6 libc6; do
  grep -q "\b$lib\b" <<<"$depends" || fail "Depends lacks $lib"
done

echo "== contents"
dpkg-deb -x "$deb" "$work/root"
root=$work/root
expected=(
  usr/bin/stackplan
  usr/share/applications/$app.desktop
  usr/share/metainfo/$app.metainfo.xml
  usr/share/mime/packages/$app.xml
  usr/share/icons/hicolor/scalable/apps/$app.svg
  usr/share/man/man1/stackplan.1.gz
  usr/share/bash-completion/completions/stackplan
  usr/share/doc/stackplan/copyright
  usr/share/doc/stackplan/changelog.gz
)
for size in 16 24 32 48 64 128 256 512; do
  expected+=("usr/share/icons/hicolor/${size}x${size}/apps/$app.png")
done
for f in "${expected[@]}"; do
  [ -f "$root/$f" ] || fail "missing /$f"
done
for size in 16 48 256; do
  png=$root/usr/share/icons/hicolor/${size}x${size}/apps/$app.png
  file "$png" | grep -q "PNG image data, $size x $size" || fail "$png is not a $size px PNG"
done
src_templates=$(cd "$(dirname "$0")/../../resources/templates" && ls ./*.stackplan | sort)
pkg_templates=$(cd "$root/usr/share/stackplan/templates" && ls ./*.stackplan | sort)
[ -n "$pkg_templates" ] && [ "$src_templates" = "$pkg_templates" ] ||
  fail "templates differ: [$src_templates] vs [$pkg_templates]"

echo "== desktop-file-validate"
desktop-file-validate "$root/usr/share/applications/$app.desktop"
grep -qx 'MimeType=application/x-stackplan+json;' "$root/usr/share/applications/$app.desktop" ||
  fail "desktop entry lacks the media type"

echo "== appstreamcli validate --pedantic"
appstreamcli validate --pedantic --no-net "$root/usr/share/metainfo/$app.metainfo.xml"
grep -q "<release version=\"$version\"" "$root/usr/share/metainfo/$app.metainfo.xml" ||
  fail "metainfo has no release $version"

echo "== media type"
mkdir -p "$work/mime/packages"
cp "$root/usr/share/mime/packages/$app.xml" "$work/mime/packages/"
update-mime-database "$work/mime" >"$work/mime.log" 2>&1 || { cat "$work/mime.log"; fail "update-mime-database"; }
grep -q '<glob pattern="\*.stackplan"/>' "$work/mime/application/x-stackplan+json.xml" ||
  fail "update-mime-database did not register *.stackplan"

echo "== manual page"
manwarn=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -E UTF-8 -l "$root/usr/share/man/man1/stackplan.1.gz" 2>&1 >"$work/man.txt") || true
[ -z "$manwarn" ] || fail "man page warnings: $manwarn"
completion=$root/usr/share/bash-completion/completions/stackplan
# Every verb the program knows is documented and completed.
verbs=$("$built" --help | awk '/^verbs:/{on=1; next} on && /^  [a-z]/{print $1} on && /^$/{exit}')
[ -n "$verbs" ] || fail "no verbs in --help"
for verb in $verbs; do
  grep -qE "^ {7}$verb( |$)" "$work/man.txt" || fail "man page lacks the verb $verb"
  grep -qE "(\"| )$verb( |\")" "$completion" || fail "bash completion lacks the verb $verb"
done
for code in 0 1 2 3; do
  grep -qE "^ {7}$code +" "$work/man.txt" || fail "man page lacks exit code $code"
done

echo "== lintian"
lintian --tag-display-limit 0 --info "$deb" >"$work/lintian.txt" 2>&1 || true
cat "$work/lintian.txt"
if grep -q '^E:' "$work/lintian.txt"; then
  fail "lintian reports errors"
fi

echo "== install"
installed=1
(cd "$work" && "${apt[@]}" install ./stackplan_*.deb) >"$work/apt.log" 2>&1 || { cat "$work/apt.log"; fail "apt-get install"; }
[ "$(dpkg-query -W -f='${Version}' stackplan)" = "$version" ] || fail "installed version"

out=$(/usr/bin/stackplan --version)
[ "$out" = "stackplan $version" ] || fail "--version printed \"$out\""

listed=$(/usr/bin/stackplan templates)
echo "$listed"
for t in $pkg_templates; do
  name=$(basename "$t" .stackplan)
  grep -q "^$name " <<<"$listed" || fail "stackplan templates does not list $name"
done

template=/usr/share/stackplan/templates/three-server.stackplan
set +e
/usr/bin/stackplan validate "$template"
rc=$?
set -e
[ "$rc" -eq 0 ] || [ "$rc" -eq 1 ] || fail "validate on $template exited $rc"

# The shared-mime-info trigger ran: the desktop knows the type.
[ -f /usr/share/mime/application/x-stackplan+json.xml ] || fail "media type not registered"

echo "== bash completion"
words=$(bash -c '
  source /usr/share/bash-completion/bash_completion
  source /usr/share/bash-completion/completions/stackplan
  COMP_WORDS=(stackplan va); COMP_CWORD=1; COMP_LINE="stackplan va"; COMP_POINT=${#COMP_LINE}
  _stackplan; printf "%s\n" "${COMPREPLY[@]}"
  COMP_WORDS=(stackplan validate --fail-on w); COMP_CWORD=3
  COMP_LINE="stackplan validate --fail-on w"; COMP_POINT=${#COMP_LINE}
  _stackplan; printf "%s\n" "${COMPREPLY[@]}"')
grep -qx validate <<<"$words" || fail "completion of \"va\": $words"
grep -qx warning <<<"$words" || fail "completion of --fail-on: $words"

echo "== remove"
"${apt[@]}" remove stackplan >"$work/apt.log" 2>&1 || { cat "$work/apt.log"; fail "apt-get remove"; }
installed=0
[ ! -e /usr/bin/stackplan ] || fail "/usr/bin/stackplan still there after removal"
echo "PASS"
