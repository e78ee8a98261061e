#!/bin/sh
# bench/gen-library.sh DIR PLAN [OFFERS [NEEDS]]: a tool library in DIR
# (which must not exist), for bench/library.sh; what the bench may do in
# it goes to the file PLAN. Runs the mutu on PATH.
#
# mutu makes the commons (init, alice its first member); git fast-import
# adds, in two commits by alice, records spelled the way mutu spells them:
#
#   1000 members   m0001 ... m1000, active
#   OFFERS offers  (default 100000), by the members in turn: 500 events
#                  (start, end; some with a capacity, 1 in 25 cancelled),
#                  5000 tools lent before, 481 spaces, and the rest of
#                  every kind but event
#   NEEDS needs    (default 10000), open
#   10000 loans    two on each of the 5000 lent tools: an old one returned
#                  and a recent one, out on 2000 of them (2 to each
#                  member, so that the rules' max_items of 3 still lets
#                  each borrow one more), 250 of those overdue
#   400 holds      two members in line for each of 200 overdue tools
#   5000 bookings  200 on one busy space, every 12 hours from a day after
#                  "now", and 10 on each of 480 others, a week apart
#                  from 20 days before "now"
#
# The first commit holds everything but 4500 of the bookings (its
# calendar: 500 events, 500 bookings, 2000 loans out); the second adds
# them. "now" is 2026-06-01T12:00:00Z (the bench's MUTU_NOW): every record
# was made before it, and dates fall on either side as said above.
#
# Ids are 7 base-32 digits of a counter times an odd constant modulo 2^32
# (a bijection: unique, and spread over the fan-out directories as random
# ids are), then 5 digits of the counter: unique across every record.
#
# PLAN gets one fact a line: "now TIME", "counts" of what was made
# (name and number in turn; "first" the bookings of the first commit), 40
# lines "lend OFFER AUTHOR BORROWER" (offers lent before, none out or
# waited for, each to a member who may borrow one more), "space OFFER
# COUNT NEXT STEP" (the busy space: its bookings, the first free start in
# epoch seconds, and the step between slots), "base COMMIT" (the first
# commit: the smaller calendar).
set -eu
dir=$1
plan=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
offers=${3:-100000}
needs=${4:-10000}
[ ! -e "$dir" ] || { echo "gen-library.sh: $dir exists" >&2; exit 2; }
[ "$offers" -ge 10000 ] || { echo "gen-library.sh: at least 10000 offers" >&2; exit 2; }
MUTU_NOW=2026-01-01T00:00:00Z mutu init "$dir" --name "Tool library" --member alice \
	--email alice@example.org --fullname "Alice Martin" -q
cd "$dir"
LC_ALL=C awk -v noffers="$offers" -v nneeds="$needs" -v plan="$plan" '
function b32(x, k,    s) {
	s = ""
	while (k-- > 0) { s = s substr(A, x % 32 + 1, 1); x = int(x / 32) }
	return s
}
function newid(    s) { ++nid; return b32((nid * 2654435761) % 4294967296, 7) b32(nid, 5) }
# an id a YAML reader would take for a number is quoted, as mutu writes it
function q(id) { return id ~ /^([0-9]+|0b[01]+|0x[0-9a-f]+|[0-9]+e[0-9]+|e[0-9]+)$/ ? "\"" id "\"" : id }
# RFC 3339 UTC of an epoch second (days to civil date, Howard Hinnant)
function rfc(t,    d, s, z, era, doe, yoe, y, doy, mp, dd, m) {
	d = int(t / 86400); s = t - d * 86400
	z = d + 719468; era = int(z / 146097); doe = z - era * 146097
	yoe = int((doe - int(doe / 1460) + int(doe / 36524) - int(doe / 146096)) / 365)
	y = yoe + era * 400; doy = doe - (365 * yoe + int(yoe / 4) - int(yoe / 100))
	mp = int((5 * doy + 2) / 153); dd = doy - int((153 * mp + 2) / 5) + 1
	m = mp < 10 ? mp + 3 : mp - 9
	if (m <= 2) y++
	return sprintf("\"%04d-%02d-%02dT%02d:%02d:%02dZ\"", y, m, dd, int(s / 3600), int(s % 3600 / 60), s % 60)
}
function member(k) { return sprintf("m%04d", (k - 1) % NMEMBERS + 1) }
# a member other than those named (k, then the next ones)
function other(k, a, b,    h) {
	for (;; k++) { h = member(k); if (h != a && h != b) return h }
}
function file(path, doc) { printf "M 100644 inline %s\ndata %d\n%s\n", path, length(doc), doc }
function commit(msg, t) {
	printf "commit refs/heads/main\n"
	printf "author Alice Martin <alice@example.org> %d +0000\n", t
	printf "committer Alice Martin <alice@example.org> %d +0000\n", t
	printf "data %d\n%s\n", length(msg), msg
}
function head(id, type, title, kind, author, created, status) {
	return "id: " q(id) "\ntype: " type "\ntitle: " title "\nkind: " kind "\nstatus: " status "\nauthor: " author "\ncreated: " created "\nupdated: " created "\n"
}
function record(dir, id, doc) { file(dir "/" substr(id, 1, 2) "/" id ".yaml", doc) }
function loan(offer, lender, borrower, created, due, returned, renewals,    id, doc) {
	id = newid()
	doc = "id: " q(id) "\ntype: loan\noffer: " q(offer) "\nlender: " lender "\nborrower: " borrower "\nstatus: " (returned ? "returned" : "out") "\ncreated: " rfc(created) "\nupdated: " rfc(returned ? returned : created) "\ndue: " rfc(due) "\nrenewals: " renewals "\n"
	if (returned) doc = doc "returned: " rfc(returned) "\n"
	file("loans/" offer "/" id ".yaml", doc)
}
function booking(offer, who, created, from, to, note,    id, doc) {
	id = newid()
	doc = "id: " q(id) "\ntype: booking\noffer: " q(offer) "\nmember: " who "\ncreated: " rfc(created) "\nfrom: " rfc(from) "\nto: " rfc(to) "\n"
	if (note != "") doc = doc "note: " note "\n"
	file("bookings/" offer "/" id ".yaml", doc)
}
BEGIN {
	srand(1)
	A = "0123456789abcdefghjkmnpqrstvwxyz"
	NOW = 1780315200          # 2026-06-01T12:00:00Z
	T0 = 1767225600           # 2026-01-01T00:00:00Z
	DAY = 86400
	NMEMBERS = 1000; NEVENTS = 500; NLENT = 5000; NOUT = 2000; NOVERDUE = 250
	NHELD = 200; NSPACES = 480; PER_SPACE = 10; NBUSY = 200; STEP = 43200
	FIRST_SPACES = 30       # spaces whose bookings are in the first commit
	split("tool skill space time material service other", kinds, " ")
	split("perceuse scie echelle tondeuse couture velo cours atelier salle escabeau", words, " ")
	split("bricolage jardin cuisine informatique couture velo enfants musique", tags, " ")

	commit("bench: a generated tool library\n", T0 + 100 * DAY)
	print "from refs/heads/main^0"
	for (k = 1; k <= NMEMBERS; k++) {
		h = member(k)
		file("members/" h ".yaml", "handle: " h "\nname: Member " k "\nemail: " h "@example.org\njoined: " rfc(T0 + 60 * k) "\nstatus: active\n")
	}
	for (i = 1; i <= noffers; i++) {
		id = newid(); author = member(i); created = rfc(T0 + 60 * i)
		tagline = "tags:\n- " tags[int(rand() * 8) + 1] "\n" (i % 100 == 0 ? "- rare\n" : "")
		body = "body: |\n  Objet numero " i ", en bon etat.\n  Disponible le soir.\n"
		if (i <= NEVENTS) {
			start = NOW + (i - 100) * 6 * 3600
			doc = head(id, "offer", "Atelier " words[int(rand() * 10) + 1] " " i, "event", author, created, i % 25 == 0 ? "closed" : "open") tagline "location: Salle " (i % 7 + 1) "\nstart: " rfc(start) "\nend: " rfc(start + 3 * 3600) "\n" (i % 3 == 0 ? "capacity: 20\n" : "") (i % 25 == 0 ? "closed_reason: Cancelled\n" : "") body
		} else if (i <= NEVENTS + NLENT) {
			lent[i - NEVENTS - 1] = id; lender[i - NEVENTS - 1] = author
			doc = head(id, "offer", words[int(rand() * 10) + 1] " " i, "tool", author, created, "open") tagline body
		} else if (i <= NEVENTS + NLENT + 1 + NSPACES) {
			space[i - NEVENTS - NLENT - 1] = id
			doc = head(id, "offer", "Salle " i, "space", author, created, "open") tagline "location: Rue " i "\n" body
		} else {
			doc = head(id, "offer", words[int(rand() * 10) + 1] " " words[int(rand() * 10) + 1] " " i, kinds[int(rand() * 7) + 1], author, created, "open") tagline body
		}
		record("offers", id, doc)
	}
	for (j = 1; j <= nneeds; j++) {
		id = newid()
		record("needs", id, head(id, "need", "Besoin " words[int(rand() * 10) + 1] " " j, kinds[int(rand() * 7) + 1], member(j * 7), rfc(T0 + 120 * j), "open") "tags:\n- " tags[int(rand() * 8) + 1] "\nbody: |\n  Pour un projet, " j ".\n")
	}

	# loans: an old one returned on every lent tool, then a recent one,
	# out (2 per member) or returned
	for (k = 0; k < NLENT; k++) {
		o = lent[k]; a = lender[k]
		t = NOW - 100 * DAY + (k % 1000) * 600
		loan(o, a, other(k * 3 + 7, a), t, t + 14 * DAY, t + 7 * DAY, 0)
		if (k < NOUT) {
			b = other(k + 1, a); out[b]++
			t = k < NOVERDUE ? NOW - 30 * DAY + k * 600 : NOW - 10 * DAY + (k % 1000) * 600
			loan(o, a, b, t, t + 14 * DAY, 0, 0)
			for (w = 1; k < NHELD && w <= 2; w++) {
				h = other(k + 100 * w, a, b)
				file("holds/" o "/" h ".yaml", "type: hold\noffer: " q(o) "\nmember: " h "\ncreated: " rfc(t + w * DAY) "\n")
			}
		} else {
			t = NOW - 40 * DAY + (k % 1000) * 600
			loan(o, a, other(k * 11 + 3, a), t, t + 14 * DAY, t + 10 * DAY, 0)
		}
	}
	# what the bench lends: tools back home, nobody in line, each to a
	# member not its author and not yet a bench borrower
	for (k = NOUT; k < NOUT + 40; k++) {
		for (c = (k - NOUT) * 25 + 3; ; c++) {
			b = member(c)
			if (b != lender[k] && !(b in taken) && out[b] < 3) break
		}
		taken[b] = 1
		print "lend", lent[k], lender[k], b > plan
	}

	# bookings: the busy space first, then FIRST_SPACES spaces of the 480
	for (s = 0; s < NBUSY; s++) {
		f = NOW + DAY + s * STEP
		booking(space[0], member(s * 17 + 5), NOW - 20 * DAY + s * 600, f, f + 7200, s % 4 == 0 ? "Reunion " s : "")
	}
	print "space", space[0], NBUSY, NOW + DAY + NBUSY * STEP, STEP > plan
	for (j = 1; j <= NSPACES; j++) {
		if (j == FIRST_SPACES + 1) {
			# the rest in a commit of its own: the first is the smaller calendar
			print ""
			commit("bench: more bookings\n", T0 + 101 * DAY)
		}
		for (b = 0; b < PER_SPACE; b++) {
			f = NOW - 20 * DAY + b * 7 * DAY + (j % 24) * 3600
			booking(space[j], member(j * 31 + b), (f < NOW ? f : NOW) - 2 * DAY, f, f + 3 * 3600, "")
		}
	}
	print ""
	printf "counts members %d offers %d needs %d events %d loans %d lent %d out %d overdue %d holds %d bookings %d first %d busy %d\n", \
		NMEMBERS, noffers, nneeds, NEVENTS, 2 * NLENT, NLENT, NOUT, NOVERDUE, 2 * NHELD, NBUSY + NSPACES * PER_SPACE, \
		NBUSY + FIRST_SPACES * PER_SPACE, NBUSY > plan
	print "now 2026-06-01T12:00:00Z" > plan
}' | git fast-import --quiet
echo "base $(git rev-parse 'main~1')" >>"$plan"
git reset -q --hard
# fast-import deltas each blob against the one before it, in chains 25
# deep on average, which makes a catalog built from nothing several times
# slower to read than in a commons of loose objects git gc packed: -f
# computes the deltas afresh, as that gc does
git repack -a -d -f -q
[ -z "$(git status --porcelain)" ] || { echo "gen-library.sh: the work tree is not clean" >&2; exit 1; }
