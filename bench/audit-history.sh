#!/bin/sh
# bench/audit-history.sh DIR [N]: a commons in DIR (which must not exist)
# with a history of N generated commits (default 100000) on top of what
# mutu itself made, for bench/audit.sh. Runs the mutu on PATH.
#
# mutu makes a commit in ~10 ms, so 100,000 of them would take a quarter
# of an hour; git fast-import takes seconds. Only the first commits are
# mutu's (init, bob admitted, one offer): that offer is the template, so
# every generated record is spelled the way mutu spells it. Each generated
# commit is authored by alice or bob in turn and adds one offer of that
# author, under a fresh id; every tenth also edits the title of the offer
# its author added ten commits before, so the audit judges modifications
# and not only additions. Commits are a minute apart from 2025-01-01, in
# the past of any clock the audit compares them with.
#
# What the audit must find in it: nothing. A violation means this script
# is wrong, or the audit is.
set -eu
dir=$1
n=${2:-100000}
[ ! -e "$dir" ] || { echo "audit-history.sh: $dir exists" >&2; exit 2; }
T0=1735689600   # 2025-01-01T00:00:00Z
MUTU_NOW=2025-01-01T00:00:00Z mutu init "$dir" --name Bench --member alice \
	--email alice@example.org --fullname "Alice Martin" -q
cd "$dir"
MUTU_NOW=2025-01-01T00:00:00Z mutu member add bob --name Bob --email bob@example.org -q
id=$(MUTU_NOW=2025-01-01T00:00:00Z mutu offer add --title Template -q)
template=$(git show "HEAD:offers/$(printf %s "$id" | cut -c1-2)/$id.yaml")
base=$(git rev-parse HEAD)

# The stream: the template with id, title, author and dates replaced.
# Ids are 7 base-32 digits of i times an odd constant modulo 2^32 (a
# bijection, so unique, and spread over the 1024 directories as random
# ids are), then 5 digits of i.
printf '%s\n' "$template" | awk -v n="$n" -v t0="$T0" -v base="$base" '
function b32(x, k,    s) {
	s = ""
	while (k-- > 0) { s = s substr(A, x % 32 + 1, 1); x = int(x / 32) }
	return s
}
function idof(i) { return b32((i * 2654435761) % 4294967296, 7) b32(i, 5) }
# RFC 3339 UTC of an epoch second (days to civil date, Howard Hinnant)
function rfc(t,    d, s, z, era, doe, yoe, y, doy, mp, dd, m) {
	d = int(t / 86400); s = t - d * 86400
	z = d + 719468; era = int(z / 146097); doe = z - era * 146097
	yoe = int((doe - int(doe / 1460) + int(doe / 36524) - int(doe / 146096)) / 365)
	y = yoe + era * 400; doy = doe - (365 * yoe + int(yoe / 4) - int(yoe / 100))
	mp = int((5 * doy + 2) / 153); dd = doy - int((153 * mp + 2) / 5) + 1
	m = mp < 10 ? mp + 3 : mp - 9
	if (m <= 2) y++
	return sprintf("%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, dd, int(s / 3600), int(s % 3600 / 60), s % 60)
}
function record(j, title, who, created, updated,    k, out, f) {
	out = ""
	for (k = 1; k <= nt; k++) {
		f = T[k]
		# an id of digits alone (1 in 800,000) reads as a number:
		# quoted, as mutu writes it
		if (f ~ /^id: /) f = idof(j) ~ /^[0-9]*e?[0-9]+$/ ? "id: \"" idof(j) "\"" : "id: " idof(j)
		else if (f ~ /^title: /) f = "title: " title
		else if (f ~ /^author: /) f = "author: " who
		else if (f ~ /^created: /) f = "created: \"" created "\""
		else if (f ~ /^updated: /) f = "updated: \"" updated "\""
		out = out f "\n"
	}
	return out
}
function path(j,    s) { s = idof(j); return "offers/" substr(s, 1, 2) "/" s ".yaml" }
{ T[++nt] = $0 }
END {
	A = "0123456789abcdefghjkmnpqrstvwxyz"
	handle[0] = "bob"; name[0] = "Bob"
	handle[1] = "alice"; name[1] = "Alice Martin"
	for (i = 1; i <= n; i++) {
		t = t0 + 60 * i; now = rfc(t); w = i % 2; s = idof(i)
		printf "commit refs/heads/main\n"
		printf "author %s <%s@example.org> %d +0000\n", name[w], handle[w], t
		printf "committer %s <%s@example.org> %d +0000\n", name[w], handle[w], t
		printf "data <<EOM\noffer add %s: Offer %d\n\nMutu-Action: offer.add\nMutu-Record: %s\n", substr(s, 1, 8), i, path(i)
		if (i % 10 == 0 && i > 10)
			printf "Mutu-Record: %s\n", path(i - 10)
		printf "EOM\n"
		if (i == 1)
			printf "from %s\n", base
		printf "M 100644 inline %s\ndata <<EOR\n%sEOR\n", path(i), record(i, "Offer " i, handle[w], now, now)
		if (i % 10 == 0 && i > 10)
			printf "M 100644 inline %s\ndata <<EOR\n%sEOR\n", path(i - 10),
				record(i - 10, "Offer " (i - 10) ", revised", handle[w], rfc(t - 600), now)
		printf "\n"
	}
}' | git fast-import --quiet
git reset -q --hard
[ -z "$(git status --porcelain)" ] || { echo "audit-history.sh: the work tree is not clean" >&2; exit 1; }
