#!/bin/sh
# gen-ballots.sh N [SEED]: a git fast-import stream, on stdout, that adds
# to the branch main of a commons N members (m00001...) and, for each
# method, one proposal in vote whose N - 1 first members have voted
# (ballots drawn at random, options of 10, stv electing 3), so that the
# last member can still cast one. The proposals' ids go to stderr, one
# "method id" a line. For bench/tally.sh; never a test.
set -eu
n=$1
awk -v n="$n" -v seed="${2:-1}" 'BEGIN {
	srand(seed)
	alphabet = "0123456789abcdefghjkmnpqrstvwxyz"
	t = "2026-12-01T10:00:00Z"
	print "commit refs/heads/main"
	print "committer Bench <bench@example.org> 1796000000 +0000"
	print "data <<END\nbench: members and ballots\nEND"
	print "from refs/heads/main^0"
	for (i = 1; i <= n; i++) {
		h = sprintf("m%05d", i)
		doc = sprintf("handle: %s\nname: Member %d\nemail: %s@example.org\njoined: \"%s\"\nstatus: active\n", h, i, h, t)
		printf "M 100644 inline members/%s.yaml\ndata %d\n%s\n", h, length(doc), doc
	}
	split("yes-no consent approval majority-judgment schulze stv", methods, " ")
	split("reject poor fair good very-good excellent", grades, " ")
	for (m = 1; m <= 6; m++) {
		id = ""
		for (k = 0; k < 12; k++)
			id = id substr(alphabet, int(rand() * 32) + 1, 1)
		method = methods[m]
		opts = (m <= 2) ? "" : "options:\n- Option 1\n- Option 2\n- Option 3\n- Option 4\n- Option 5\n- Option 6\n- Option 7\n- Option 8\n- Option 9\n- Option 10\n"
		extra = (method == "stv") ? "seats: 3\n" : ""
		extra = extra ((method == "majority-judgment") ? "scale:\n- reject\n- poor\n- fair\n- good\n- very-good\n- excellent\n" : "")
		doc = sprintf("id: %s\ntype: proposal\ntitle: Bench %s\nkind: general\nstatus: vote\nauthor: alice\ncreated: \"%s\"\nupdated: \"%s\"\ndiscussed: \"%s\"\nmethod: %s\n%s%s%squorum: 50\nthreshold: 50\nopened: \"%s\"\ncloses: \"2027-12-01T10:00:00Z\"\n", id, method, t, t, t, method, opts, "", extra, t)
		printf "M 100644 inline proposals/%s/%s.yaml\ndata %d\n%s\n", substr(id, 1, 2), id, length(doc), doc
		print method, id > "/dev/stderr"
		for (i = 1; i < n; i++) {
			h = sprintf("m%05d", i)
			b = sprintf("proposal: %s\nvoter: %s\ncast: \"%s\"\nupdated: \"%s\"\n", id, h, t, t)
			if (m == 1) {
				r = rand(); b = b "choice: " (r < 0.5 ? "yes" : r < 0.8 ? "no" : "abstain") "\n"
			} else if (m == 2) {
				r = rand(); b = b "choice: " (r < 0.9 ? "yes" : "abstain") "\n"
			} else if (m == 3) {
				line = ""; for (o = 1; o <= 10; o++) if (rand() < 0.3 || o == 10) line = line (line == "" ? "" : ",") "Option " o
				b = b "approve: " line "\n"
			} else if (m == 4) {
				line = ""; for (o = 1; o <= 10; o++) line = line (o == 1 ? "" : ",") "Option " o "=" grades[int(rand() * 6) + 1]
				b = b "grade: " line "\n"
			} else {
				# a random full ranking: shuffle 1..10
				for (o = 1; o <= 10; o++) perm[o] = o
				for (o = 10; o > 1; o--) { j = int(rand() * o) + 1; x = perm[o]; perm[o] = perm[j]; perm[j] = x }
				line = ""; for (o = 1; o <= 10; o++) line = line (o == 1 ? "" : ",") "Option " perm[o]
				b = b "rank: " line "\n"
			}
			printf "M 100644 inline votes/%s/%s.yaml\ndata %d\n%s\n", id, h, length(b), b
		}
	}
}'
