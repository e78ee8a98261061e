#!/bin/sh
# Install what building, the demo and the tests need, from Debian's
# packages (and ajv, test-only, from npm by tests/run.sh). Runs
# `apt-get update` once, and only when something is missing.
set -eu

want="gcc libc6-dev make pkg-config libgit2-dev libyaml-dev libcmark-dev \
libcmocka-dev bats jq yq git mandoc ca-certificates locales time zsh fish"
missing=
for p in $want; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing="$missing $p"
done
# Node.js may come from elsewhere; Debian's npm conflicts with some of those.
command -v npm >/dev/null 2>&1 || missing="$missing nodejs npm"

[ -z "$missing" ] && exit 0
if [ "$(id -u)" != 0 ]; then
	echo "deps: missing:$missing; install them (as root: make deps)" >&2
	exit 1
fi
echo "deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
