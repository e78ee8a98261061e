#!/bin/sh
# Install what building, the demo and the tests need, from Debian's
# packages (and the test-only npm modules, by their suites). Runs
# `apt-get update` once, and only when something is missing. Another apt
# at work (an unattended upgrade) is waited for, not failed on.
set -eu

want="gcc libc6-dev make pkg-config libgit2-dev libyaml-dev libcmark-dev \
libpcre2-dev libmbedtls-dev zlib1g-dev libxxhash-dev libssl-dev gettext \
libcmocka-dev bats jq yq git mandoc man-db ca-certificates locales time zsh fish openssh-client \
python3-yaml python3-ruamel.yaml python3-icalendar \
nginx fcgiwrap openssh-server openssl gitolite3 procps iproute2"
missing=
for p in $want; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing="$missing $p"
done
# Node.js may come from elsewhere; Debian's npm conflicts with some of those.
command -v npm >/dev/null 2>&1 || missing="$missing nodejs npm"

# The tests read French messages: the locale must exist.
need_locale=
locale -a 2>/dev/null | grep -qix 'fr_FR.utf8' || need_locale=yes

[ -z "$missing" ] && [ -z "$need_locale" ] && exit 0
if [ "$(id -u)" != 0 ]; then
	echo "deps: missing:$missing${need_locale:+ (and the fr_FR.UTF-8 locale)}; install them (as root: make deps)" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive

# apt-get waits up to this long for another apt or dpkg to finish
wait_s=600
apt() {
	i=0
	until apt-get -o DPkg::Lock::Timeout=$wait_s "$@"; do
		# the lists lock is not covered by DPkg::Lock::Timeout: retry
		i=$((i + 1))
		[ $i -lt 60 ] || return 1
		echo "deps: apt is busy; waiting" >&2
		sleep 10
	done
}
if [ -n "$missing" ]; then
	echo "deps: installing$missing"
	apt update -qq
	# shellcheck disable=SC2086
	apt install -y -qq --no-install-recommends $missing >/dev/null
fi
if ! locale -a 2>/dev/null | grep -qix 'fr_FR.utf8'; then
	echo "deps: generating the fr_FR.UTF-8 locale"
	sed -i 's/^# *\(fr_FR.UTF-8 UTF-8\)/\1/' /etc/locale.gen
	grep -q '^fr_FR.UTF-8 UTF-8' /etc/locale.gen || echo 'fr_FR.UTF-8 UTF-8' >>/etc/locale.gen
	locale-gen >/dev/null
fi
