# Shared helpers of the audit's suites (audit.bats, audit-library.bats):
# plain git as a forger would use it, what the audit must find, and a
# forgery caught three ways (the audit, the guard of a shared remote,
# mutu sync). Load it after helper.

# as NAME EMAIL GIT-ARGS…: plain git as that person, author and committer
# dated $MUTU_NOW (or $WHEN), as a forger would.
as() {
	local name=$1 email=$2 when=${WHEN:-$MUTU_NOW}
	shift 2
	GIT_AUTHOR_DATE=$when GIT_COMMITTER_DATE=$when \
		git -c user.name="$name" -c user.email="$email" "$@"
}

# gitas HANDLE GIT-ARGS…: plain git as a member of this commons.
gitas() {
	local who=$1
	shift
	as "${who^}" "$who@example.org" "$@"
}

# audit_finds RULE COMMIT MEMBER: mutu audit --format tsv exits 1; every
# line is six fields about COMMIT (nothing else of the history is at
# fault), and one of them names RULE broken by MEMBER.
audit_finds() {
	local rule=$1 commit=$2 member=$3
	[ ${#commit} -eq 40 ] || fail "audit_finds: $commit is not a full commit id"
	run -1 --separate-stderr mutu audit --format tsv
	[ -n "$output" ] || fail "audit exited 1 and printed nothing"
	awk -F'\t' 'NF != 6 { bad = 1 } END { exit bad }' <<<"$output" ||
		fail "a line that is not six tab-separated fields:" "$output"
	awk -F'\t' -v c="$commit" '$1 != c { bad = 1 } END { exit bad }' <<<"$output" ||
		fail "violations found on other commits than $commit:" "$output"
	awk -F'\t' -v c="$commit" -v m="$member" -v r="$rule" \
		'$1 == c && $3 == m && $4 == r { f = 1 } END { exit !f }' <<<"$output" ||
		fail "no [$rule] by $member on $commit in:" "$output"
}

# caught RULE COMMIT MEMBER: the forgery at COMMIT, on the branch checked
# out, is found three ways: the audit names it (audit_finds); the guard of
# a shared remote refuses the push of it whole; and a member's copy
# refuses to take it in by mutu sync from a remote with no guard, exit
# 65, unchanged. Both remotes hold the commons as setup left it.
caught() {
	local rule=$1 commit=$2 member=$3 guarded=$BATS_TEST_TMPDIR/guarded.git
	local open=$BATS_TEST_TMPDIR/open.git copy=$BATS_TEST_TMPDIR/copy before found
	audit_finds "$rule" "$commit" "$member"
	found=$output
	before=$(git -C "$guarded" rev-parse main)
	run --separate-stderr git push -q "$guarded" HEAD:main
	[ "$status" -ne 0 ] || fail "the guard let the push through"
	[[ $stderr == *"mutu: ${commit:0:8} "*"[$rule]"* ]] || fail "the guard did not name [$rule] on ${commit:0:8}:" "$stderr"
	[ "$(git -C "$guarded" rev-parse main)" = "$before" ] || fail "the guarded remote moved"
	git push -q "$open" HEAD:main || fail "cannot push to the open remote"
	before=$(git -C "$copy" rev-parse HEAD)
	run --separate-stderr mutu -C "$copy" sync
	[ "$status" -eq 65 ] || fail "sync exited $status:" "$stderr"
	[[ $stderr == *"mutu: ${commit:0:8} "*"[$rule]"* ]] || fail "sync did not name [$rule] on ${commit:0:8}:" "$stderr"
	[ "$(git -C "$copy" rev-parse HEAD)" = "$before" ] || fail "the copy moved"
	[ -z "$(git -C "$copy" status --porcelain)" ] || fail "the copy's work tree changed"
	output=$found   # what the audit said, for the caller to look at further
}

# remotes: a bare remote guarded by mutu audit --pre-receive, another with
# no guard, and a member's copy of the latter (bob's), for caught.
remotes() {
	local guarded=$BATS_TEST_TMPDIR/guarded.git open=$BATS_TEST_TMPDIR/open.git
	git init -q --bare "$guarded" || fail "git init guarded"
	git init -q --bare "$open" || fail "git init open"
	printf '#!/bin/sh\nexec %s audit --pre-receive\n' "$(command -v mutu)" >"$guarded/hooks/pre-receive"
	chmod +x "$guarded/hooks/pre-receive"
	git push -q "$guarded" main || fail "first push to the guarded remote"
	git push -q "$open" main || fail "first push to the open remote"
	git -C "$guarded" symbolic-ref HEAD refs/heads/main
	git -C "$open" symbolic-ref HEAD refs/heads/main
	MUTU_MEMBER=bob mutu clone "$open" "$BATS_TEST_TMPDIR/copy" -q || fail "mutu clone"
}

# audit_clean: mutu audit --format tsv exits 0 and prints nothing at all.
audit_clean() {
	run --separate-stderr mutu audit --format tsv
	[ "$status" -eq 0 ] || fail "audit exited $status:" "$output" "$stderr"
	[ -z "$output" ] || fail "audit printed:" "$output"
	[ -z "$stderr" ] || fail "audit said on stderr:" "$stderr"
}
