#!/usr/bin/env bats
# mutu-audit: a history made by mutu alone audits clean; every forgery
# that plain git lets anyone commit is named, with its rule, its commit
# and its member. The forgeries the trust model names (a stranger,
# another's ballot, rules by hand, unsigned where signatures are
# required, a key not the author's, a removed key backdated or on an old
# branch, a merge that slips a change in) are also refused by the guard
# of a shared remote and by mutu sync (caught). The guard over HTTP and
# ssh is in guard.bats.

load helper
load audit-helper

# The calendar of a proposal made at T0 under the default rules
# (discussion 7d, vote 7d), as in governance.bats.
T_START=2026-01-09T03:04:05Z  # T0 + 7d: the vote may start
T_VOTE=2026-01-09T04:00:00Z   # members vote
T_CHANGE=2026-01-10T04:00:00Z # a member changes their mind
T_AFTER=2026-01-16T05:00:00Z  # after the close
T_LATER=2026-01-20T00:00:00Z  # some days later

setup() {
	mutu_setup
	need_tool jq
	new_commons
	add_member bob "Bob Dupont"
	remotes
}

# --- helpers ---

as_alice() {
	as "Alice Martin" alice@example.org "$@"
}

as_bob() {
	as "Bob Dupont" bob@example.org "$@"
}

# propose ARGS…: mutu propose add, printing the id.
propose() {
	mutu propose add "$@" || fail "mutu propose add $* failed"
}

# open_vote ID: the author opens the vote at T_START.
open_vote() {
	MUTU_NOW=$T_START mutu propose start "$1" -q || fail "cannot start $1"
}

# vote_as HANDLE ID BALLOT…: HANDLE votes at T_VOTE (or $WHEN).
vote_as() {
	local who=$1
	shift
	MUTU_MEMBER=$who MUTU_NOW=${WHEN:-$T_VOTE} mutu vote "$@" -q || fail "$who could not vote $*"
}

# close_vote ID: closed at T_AFTER.
close_vote() {
	MUTU_NOW=$T_AFTER mutu propose close "$1" -q || fail "cannot close $1"
}

# accept ID: alice and bob vote yes, the vote is closed: accepted.
accept() {
	open_vote "$1"
	vote_as alice "$1" yes
	vote_as bob "$1" yes
	close_vote "$1"
	[ "$(pfield "$1" .status)" = accepted ] || fail "$1 was not accepted"
}

pfield() {
	mutu propose show "$1" --format json | jq -r "$2"
}

# rules_edited FILE SED-EXPRESSION: the commons' rules.yaml, edited, in FILE.
rules_edited() {
	sed "$2" rules.yaml >"$1" || fail "cannot write $1"
	! cmp -s rules.yaml "$1" || fail "sed $2 changed nothing in rules.yaml"
}

# keypair NAME: an ed25519 key pair $BATS_TEST_TMPDIR/NAME{,.pub}.
keypair() {
	ssh-keygen -q -t ed25519 -N '' -C "$1" -f "$BATS_TEST_TMPDIR/$1" </dev/null ||
		fail "cannot make the key $1"
}

# alice_signs: alice registers the key "alice" (by mutu) and git signs
# her commits with it from then on, as signing.bats sets it up.
alice_signs() {
	keypair alice
	mutu member edit alice --key "$BATS_TEST_TMPDIR/alice.pub" -q || fail "cannot add alice's key"
	git config gpg.format ssh
	git config user.signingkey "$BATS_TEST_TMPDIR/alice"
}

# signed_as_alice KEY GIT-ARGS…: a commit by alice, signed by plain git with KEY.
signed_as_alice() {
	local key=$1
	shift
	as_alice -c gpg.format=ssh -c user.signingkey="$BATS_TEST_TMPDIR/$key" "$@"
}

# grant_role_revoke HANDLE ROLE: as grant_role, a role taken away.
grant_role_revoke() {
	local p m t
	t=$(date -u -d "$MUTU_NOW" +%s)
	p=$(mutu propose add --title "$1: no $2" --member "$1" --revoke "$2") || fail "propose revoke $1 $2"
	MUTU_NOW=$(date -u -d "@$((t + 8 * 86400))" +%Y-%m-%dT%H:%M:%SZ) mutu propose start "$p" -q || fail "start $p"
	for m in $(mutu member list --format ids); do
		MUTU_MEMBER=$m MUTU_NOW=$(date -u -d "@$((t + 8 * 86400 + 60))" +%Y-%m-%dT%H:%M:%SZ) mutu vote "$p" yes -q ||
			fail "vote $p by $m"
	done
	MUTU_NOW=$(date -u -d "@$((t + 16 * 86400))" +%Y-%m-%dT%H:%M:%SZ) mutu propose close "$p" -q || fail "close $p"
	MUTU_NOW=$(date -u -d "@$((t + 16 * 86400))" +%Y-%m-%dT%H:%M:%SZ) mutu propose apply "$p" -q || fail "apply $p"
}

# fingerprint NAME: the SHA256 fingerprint of $BATS_TEST_TMPDIR/NAME.pub.
fingerprint() {
	ssh-keygen -l -f "$BATS_TEST_TMPDIR/$1.pub" | cut -d' ' -f2
}

# --- a history mutu made audits clean ---

@test "a fresh commons audits clean: exit 0, nothing printed" {
	audit_clean
}

@test "offers, needs, edits and members made by mutu audit clean" {
	local o n
	o=$(add_offer --title Drill)
	n=$(MUTU_MEMBER=bob add_need --title Ladder)
	mutu offer edit "$o" --set title="Drill, big" -q
	MUTU_MEMBER=bob mutu need edit "$n" --set location=Cave -q
	add_member carol
	MUTU_MEMBER=carol add_offer --title Saw >/dev/null
	audit_clean
}

@test "a whole governance flow made by mutu audits clean: rules applied, a role granted, a ballot changed and retracted" {
	local r g
	rules_edited "$BATS_TEST_TMPDIR/q60.yaml" 's/^  quorum: .*/  quorum: 60/'
	r=$(propose --title "Quorum 60" --rules-file "$BATS_TEST_TMPDIR/q60.yaml")
	g=$(propose --title "Buy a drill")
	open_vote "$r"
	open_vote "$g"
	vote_as alice "$r" yes
	vote_as bob "$r" no
	WHEN=$T_CHANGE vote_as bob "$r" yes
	vote_as alice "$g" yes
	vote_as bob "$g" no
	WHEN=$T_CHANGE vote_as alice "$g" --retract
	close_vote "$r"
	close_vote "$g"
	MUTU_NOW=$T_AFTER mutu propose apply "$r" -q
	grep -qx '  quorum: 60' rules.yaml
	export MUTU_NOW=$T_LATER
	grant_role bob moderator
	[ "$(mutu member show bob --format json | jq -r '.roles[0]')" = moderator ]
	audit_clean
}

@test "more of what mutu does audits clean: drafts, comments, amends, withdrawals, closes and applies by another, evaluations, admissions, commons changes, a role revoked, items closed, a member who leaves" {
	local d w a c id n
	id=$(add_offer --title Drill)
	mutu offer close "$id" -q
	mutu offer reopen "$id" -q
	n=$(MUTU_MEMBER=bob add_need --title Ladder)
	MUTU_MEMBER=bob mutu need close "$n" -q
	d=$(propose --title "A draft" --draft)
	mutu propose amend "$d" --title "A draft, amended" -q
	mutu propose submit "$d" -q
	MUTU_MEMBER=bob mutu propose comment "$d" --body "Why not" -q
	w=$(propose --title "Withdrawn")
	mutu propose withdraw "$w" --reason "changed my mind" -q
	sed 's/^name: .*/name: Renamed commons/' mutu.yaml >"$BATS_TEST_TMPDIR/commons.yaml"
	c=$(propose --title "Rename" --kind rules --commons-file "$BATS_TEST_TMPDIR/commons.yaml")
	a=$(propose --title "Welcome Dave" --kind admit --member dave --name Dave --email dave@example.org)
	open_vote "$d"
	open_vote "$c"
	open_vote "$a"
	vote_as alice "$d" yes
	vote_as bob "$d" yes
	vote_as alice "$c" yes
	vote_as bob "$c" yes
	vote_as alice "$a" yes
	vote_as bob "$a" yes
	MUTU_MEMBER=bob close_vote "$d"
	MUTU_MEMBER=bob close_vote "$c"
	MUTU_MEMBER=bob close_vote "$a"
	MUTU_MEMBER=bob MUTU_NOW=$T_AFTER mutu propose apply "$c" -q
	MUTU_NOW=$T_AFTER mutu propose apply "$a" -q
	grep -qx 'name: Renamed commons' mutu.yaml
	[ -f members/dave.yaml ]
	MUTU_MEMBER=bob MUTU_NOW=$T_AFTER mutu propose evaluate "$d" --result met --note "done" -q
	export MUTU_NOW=$T_LATER
	grant_role bob moderator
	MUTU_NOW=$(date -u -d "@$(($(date -u -d "$T_LATER" +%s) + 20 * 86400))" +%Y-%m-%dT%H:%M:%SZ) \
		grant_role_revoke bob moderator
	! grep -q moderator members/bob.yaml
	MUTU_MEMBER=dave add_offer --title "Dave's saw" >/dev/null
	MUTU_MEMBER=dave mutu member leave dave -q
	audit_clean
}

@test "a conflict written by a sync and resolved by mutu audits clean, on both clones" {
	local remote=$BATS_TEST_TMPDIR/remote.git id cid
	id=$(MUTU_MEMBER=bob add_offer --title Drill)
	git init -q --bare "$remote"
	git remote add origin "$remote"
	mutu sync -q
	mutu clone -q "$remote" "$BATS_TEST_TMPDIR/b"
	git -C "$BATS_TEST_TMPDIR/b" config mutu.member bob
	MUTU_MEMBER=bob mutu offer edit "$id" --set title=One -q
	mutu -C "$BATS_TEST_TMPDIR/b" offer edit "$id" --set title=Two -q
	mutu sync -q
	mutu -C "$BATS_TEST_TMPDIR/b" sync -q
	cid=$(mutu -C "$BATS_TEST_TMPDIR/b" conflicts --format ids)
	[ -n "$cid" ]
	mutu -C "$BATS_TEST_TMPDIR/b" conflicts resolve "$cid" --keep theirs -q
	mutu -C "$BATS_TEST_TMPDIR/b" sync -q
	mutu sync -q
	[ "$(git rev-parse HEAD)" = "$(git -C "$BATS_TEST_TMPDIR/b" rev-parse HEAD)" ]
	[ "$(git rev-list --merges --count HEAD)" -ge 1 ]
	audit_clean
	cd "$BATS_TEST_TMPDIR/b"
	audit_clean
}

@test "a plain git merge of two mutu branches, through the merge driver, audits clean" {
	git branch side
	add_offer --title Here >/dev/null
	git checkout -q side
	MUTU_MEMBER=bob add_offer --title There >/dev/null
	git checkout -q main
	as_alice merge -q --no-edit side
	[ "$(git rev-list --parents -n 1 HEAD | wc -w)" -eq 3 ]
	audit_clean
}

@test "a plain git merge whose field conflict the post-merge hook records audits clean" {
	local id
	id=$(MUTU_MEMBER=bob add_offer --title Drill)
	git branch side
	MUTU_MEMBER=bob mutu offer edit "$id" --set title=One -q
	git checkout -q side
	MUTU_MEMBER=bob mutu offer edit "$id" --set title=Two -q
	git checkout -q main
	as_alice merge -q --no-edit side 2>/dev/null
	[ "$(git rev-list --parents -n 1 HEAD~1 | wc -w)" -eq 3 ]
	[ "$(git diff --name-only HEAD~1 HEAD | cut -d/ -f1)" = conflicts ]
	audit_clean
}

@test "a merge audited before the post-merge hook finished it, then finished: the finish audits clean, on a later run and at a guarded remote" {
	local id hook=.git/hooks/post-merge
	id=$(MUTU_MEMBER=bob add_offer --title Drill)
	git branch side
	MUTU_MEMBER=bob mutu offer edit "$id" --set title=One -q
	git checkout -q side
	MUTU_MEMBER=bob mutu offer edit "$id" --set title=Two -q
	git checkout -q main
	mv "$hook" "$hook.off"
	as_alice merge -q --no-edit side 2>/dev/null
	mv "$hook.off" "$hook"
	[ "$(git rev-list --parents -n 1 HEAD | wc -w)" -eq 3 ]
	run -0 --separate-stderr mutu audit --format tsv
	[ -z "$output" ]
	mutu merge-driver --finish -q
	[ "$(git diff --name-only HEAD~1 HEAD | cut -d/ -f1)" = conflicts ]
	run -0 --separate-stderr mutu audit --format table
	[[ $stderr == *"1 commit checked: no violation"* ]]
	# the guard trusts the merge it already holds, and replays it for the finish
	git push -q "$BATS_TEST_TMPDIR/guarded.git" HEAD~1:refs/heads/main
	git push -q "$BATS_TEST_TMPDIR/guarded.git" HEAD:refs/heads/main
	[ "$(git -C "$BATS_TEST_TMPDIR/guarded.git" rev-parse main)" = "$(git rev-parse HEAD)" ]
}

# A security-key signature (sk-ssh-ed25519, its key made up: no device
# here) on an empty commit by alice, whose record holds that key; the
# audit leaves sk-* keys to ssh-keygen, which a stand-in on PATH plays:
# it accepts (exit $FAKE_RC) only a signers file holding alice's key.
sk_signed_commit() {
	local sig key
	sig='-----BEGIN SSH SIGNATURE-----
U1NIU0lHAAAAAQAAAEoAAAAac2stc3NoLWVkMjU1MTlAb3BlbnNzaC5jb20AAAAgAAECAw
QFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8AAAAEc3NoOgAAAANnaXQAAAAAAAAABnNo
YTUxMgAAAGcAAAAac2stc3NoLWVkMjU1MTlAb3BlbnNzaC5jb20AAABAAAAAAAAAAAAAAA
AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA
AAEAAAAH
-----END SSH SIGNATURE-----'
	key=$(python3 -c 'import base64, struct, sys
b = base64.b64decode("".join(sys.argv[1].splitlines()[1:-1]))
n = struct.unpack(">I", b[10:14])[0]
print("sk-ssh-ed25519@openssh.com " + base64.b64encode(b[14:14 + n]).decode())' "$sig") ||
		fail "cannot take the key out of the signature"
	printf '%s alice-sk\n' "$key" >"$BATS_TEST_TMPDIR/sk.pub"
	mutu member edit alice --key "$BATS_TEST_TMPDIR/sk.pub" -q || fail "cannot register the sk key"
	{
		printf 'tree %s\nparent %s\n' "$(git rev-parse 'HEAD^{tree}')" "$(git rev-parse HEAD)"
		printf 'author Alice Martin <alice@example.org> 1767323045 +0000\n'
		printf 'committer Alice Martin <alice@example.org> 1767323045 +0000\n'
		printf 'gpgsig %s\n' "$(printf '%s\n' "$sig" | sed '2,$s/^/ /')"
		printf '\nsigned with a security key\n'
	} | git hash-object -t commit -w --stdin >"$BATS_TEST_TMPDIR/commit" || fail "cannot write the commit"
	git update-ref refs/heads/main "$(cat "$BATS_TEST_TMPDIR/commit")"
	mkdir -p "$BATS_TEST_TMPDIR/fake"
	cat >"$BATS_TEST_TMPDIR/fake/ssh-keygen" <<-EOS
	#!/bin/sh
	: >"$BATS_TEST_TMPDIR/fake/called"
	while [ \$# -gt 0 ]; do
		[ "\$1" = -f ] && signers=\$2
		shift
	done
	grep -q 'alice@example.org namespaces="git" sk-ssh-ed25519@openssh.com' "\$signers" || exit 1
	exit \${FAKE_RC:-0}
	EOS
	chmod +x "$BATS_TEST_TMPDIR/fake/ssh-keygen"
}

@test "a security-key signature is checked by ssh-keygen against the author's keys at the parent" {
	sk_signed_commit
	PATH=$BATS_TEST_TMPDIR/fake:$PATH audit_clean
	[ -e "$BATS_TEST_TMPDIR/fake/called" ]
	rm "$BATS_TEST_TMPDIR/fake/called" .git/mutu/audit
	FAKE_RC=1 PATH=$BATS_TEST_TMPDIR/fake:$PATH audit_finds bad-signature "$(git rev-parse HEAD)" alice
	[ -e "$BATS_TEST_TMPDIR/fake/called" ]
}

@test "signed commits of a member whose key is registered audit clean, and so do they under require_signatures" {
	local r
	rules_edited "$BATS_TEST_TMPDIR/sign.yaml" 's/^require_signatures: false/require_signatures: true/'
	r=$(propose --title "Sign everything" --rules-file "$BATS_TEST_TMPDIR/sign.yaml")
	accept "$r"
	# git signs as alice from here on: bob acts no more in this commons
	alice_signs
	add_offer --title Signed >/dev/null
	MUTU_NOW=$T_AFTER mutu propose apply "$r" -q
	git verify-commit HEAD
	grep -qx 'require_signatures: true' rules.yaml
	MUTU_NOW=$T_LATER add_offer --title "Signed too" >/dev/null
	git verify-commit HEAD
	audit_clean
}

@test "a founder whose git signs every commit (set up before mutu init), who then registers the key: what mutu made audits clean" {
	keypair alice
	git config --global gpg.format ssh
	git config --global user.signingkey "$BATS_TEST_TMPDIR/alice"
	new_commons s
	git cat-file commit HEAD | grep -q '^gpgsig'
	mutu member edit alice --key "$BATS_TEST_TMPDIR/alice.pub" -q
	add_offer --title Signed >/dev/null
	git verify-commit HEAD
	audit_clean
}

@test "a commons founded by mutu init --rules with require_signatures: true and git signing set up audits clean" {
	keypair alice
	git config --global gpg.format ssh
	git config --global user.signingkey "$BATS_TEST_TMPDIR/alice"
	sed 's/^require_signatures: false/require_signatures: true/' rules.yaml >"$BATS_TEST_TMPDIR/sign.yaml"
	grep -qx 'require_signatures: true' "$BATS_TEST_TMPDIR/sign.yaml"
	new_commons s --rules "$BATS_TEST_TMPDIR/sign.yaml" --key "$BATS_TEST_TMPDIR/alice.pub"
	grep -q ssh-ed25519 members/alice.yaml
	git cat-file commit HEAD | grep -q '^gpgsig'
	add_offer --title Signed >/dev/null
	audit_clean
}

@test "mutu init refuses rules that require signatures without the founder's key, or without git's signing key" {
	keypair alice
	sed 's/^require_signatures: false/require_signatures: true/' rules.yaml >"$BATS_TEST_TMPDIR/sign.yaml"
	run mutu init "$BATS_TEST_TMPDIR/nokey" --name N --member alice --email alice@example.org --rules "$BATS_TEST_TMPDIR/sign.yaml"
	[ "$status" -eq 2 ]
	[[ $output == *"give your SSH public key with --key"* ]]
	[ ! -e "$BATS_TEST_TMPDIR/nokey" ]
	run mutu init "$BATS_TEST_TMPDIR/nosigner" --name N --member alice --email alice@example.org --rules "$BATS_TEST_TMPDIR/sign.yaml" --key "$BATS_TEST_TMPDIR/alice.pub"
	[ "$status" -eq 77 ]
	[[ $output == *"names no signing key"* ]]
}

@test "with signatures required, a mutu command without git's signing key refuses to write" {
	local head
	keypair alice
	git config --global gpg.format ssh
	git config --global user.signingkey "$BATS_TEST_TMPDIR/alice"
	sed 's/^require_signatures: false/require_signatures: true/' rules.yaml >"$BATS_TEST_TMPDIR/sign.yaml"
	new_commons s --rules "$BATS_TEST_TMPDIR/sign.yaml" --key "$BATS_TEST_TMPDIR/alice.pub"
	git config --global --unset user.signingkey
	head=$(git rev-parse HEAD)
	run mutu offer add --title Unsigned
	[ "$status" -eq 77 ]
	[[ $output == *"require signed commits"* ]]
	[ "$(git rev-parse HEAD)" = "$head" ]
	audit_clean
}

# --- forgeries by plain git ---

@test "(a) a commit whose author is no member: not-a-member, under the author's email" {
	craft_record offers abcdefghjk01 "By a stranger"
	caught not-a-member "$(git rev-parse HEAD)" hand@example.org
}

@test "(a) a commit by a member who left: not-a-member" {
	local id
	id=$(MUTU_MEMBER=bob add_offer --title Drill)
	MUTU_MEMBER=bob mutu member leave bob -q
	sed -i 's/^title: .*/title: Drill, still mine/' "$(record_path offers "$id")"
	as_bob commit -qam "offer edit by a member who left"
	audit_finds not-a-member "$(git rev-parse HEAD)" bob
}

@test "(b) bob edits alice's offer: not-owner" {
	local id
	id=$(add_offer --title Drill)
	sed -i 's/^title: .*/title: Drill, now bob'"'"'s/' "$(record_path offers "$id")"
	as_bob commit -qam "offer edit"
	audit_finds not-owner "$(git rev-parse HEAD)" bob
	[[ $output == *"$(record_path offers "$id")"* ]]
}

@test "(b) bob makes alice's offer his own by changing its author: not-owner" {
	local id
	id=$(add_offer --title Drill)
	sed -i 's/^author: alice$/author: bob/' "$(record_path offers "$id")"
	grep -qx 'author: bob' "$(record_path offers "$id")"
	as_bob commit -qam "offer take"
	audit_finds not-owner "$(git rev-parse HEAD)" bob
}

@test "(b) bob adds an offer in alice's name: not-owner" {
	local id new=abcdefghjk03
	id=$(MUTU_MEMBER=bob add_offer --title Drill)
	mkdir -p "offers/${new:0:2}"
	sed "s/$id/$new/; s/^author: bob\$/author: alice/" "$(record_path offers "$id")" >"$(record_path offers "$new")"
	grep -qx 'author: alice' "$(record_path offers "$new")"
	git add offers
	as_bob commit -qm "offer add for alice"
	audit_finds not-owner "$(git rev-parse HEAD)" bob
}

@test "(c) bob writes alice's ballot: not-owner" {
	local p f
	p=$(propose --title "Buy a drill")
	open_vote "$p"
	vote_as alice "$p" yes
	vote_as bob "$p" yes
	f=votes/$p/alice.yaml
	sed -i 's/^choice: .*/choice: "no"/' "$f"
	grep -qx 'choice: "no"' "$f"
	WHEN=$T_CHANGE as_bob commit -qam "vote change"
	caught not-owner "$(git rev-parse HEAD)" bob
	[[ $output == *"$f"* ]]
}

@test "(c) bob casts a ballot in alice's name: not-owner" {
	local p
	p=$(propose --title "Buy a drill")
	open_vote "$p"
	vote_as bob "$p" yes
	sed 's/^voter: bob$/voter: alice/' "votes/$p/bob.yaml" >"votes/$p/alice.yaml"
	grep -qx 'voter: alice' "votes/$p/alice.yaml"
	git add "votes/$p/alice.yaml"
	WHEN=$T_CHANGE as_bob commit -qm "vote cast"
	audit_finds not-owner "$(git rev-parse HEAD)" bob
}

@test "(d) rules.yaml edited by hand: rules-outside-proposal" {
	sed -i 's/^  quorum: .*/  quorum: 1/' rules.yaml
	grep -qx '  quorum: 1' rules.yaml
	as_alice commit -qam "rules: quorum 1"
	caught rules-outside-proposal "$(git rev-parse HEAD)" alice
	[[ $output == *$'\trules.yaml\t'* ]]
}

@test "(d) mutu.yaml edited by hand: rules-outside-proposal" {
	sed -i 's/^name: .*/name: Taken over/' mutu.yaml
	grep -qx 'name: Taken over' mutu.yaml
	as_alice commit -qam "rename"
	audit_finds rules-outside-proposal "$(git rev-parse HEAD)" alice
}

@test "(d) rules.yaml changed along with an accepted rules proposal marked applied, but not as it says: rules-outside-proposal" {
	local r path
	rules_edited "$BATS_TEST_TMPDIR/q60.yaml" 's/^  quorum: .*/  quorum: 60/'
	r=$(propose --title "Quorum 60" --rules-file "$BATS_TEST_TMPDIR/q60.yaml")
	accept "$r"
	MUTU_NOW=$T_AFTER mutu propose apply "$r" -q
	# the same apply, redone by hand with a quorum of 1
	git reset -q --soft HEAD~1
	sed -i 's/^  quorum: .*/  quorum: 1/' rules.yaml
	git add rules.yaml
	WHEN=$T_AFTER as_alice commit -qm "proposal apply"
	audit_finds rules-outside-proposal "$(git rev-parse HEAD)" alice
}

@test "(e) a role added by hand to one's own member record: roles-outside-proposal" {
	printf 'roles:\n  - treasurer\n' >>members/bob.yaml
	as_bob commit -qam "member edit bob"
	audit_finds roles-outside-proposal "$(git rev-parse HEAD)" bob
	[[ $output == *$'\tmembers/bob.yaml\t'* ]]
}

@test "(e) a role taken away by hand: roles-outside-proposal" {
	grant_role bob moderator
	grep -q moderator members/bob.yaml
	sed -i '/^roles:/,$d' members/bob.yaml
	! grep -q moderator members/bob.yaml
	as_alice commit -qam "member edit bob"
	audit_finds roles-outside-proposal "$(git rev-parse HEAD)" alice
}

@test "(e) a member added by hand with a role: roles-outside-proposal" {
	sed 's/bob/dave/g; s/Bob Dupont/Dave/' members/bob.yaml >members/dave.yaml
	printf 'roles:\n  - moderator\n' >>members/dave.yaml
	git add members/dave.yaml
	as_alice commit -qm "member add dave"
	audit_finds roles-outside-proposal "$(git rev-parse HEAD)" alice
}

@test "(f) a proposal in vote flipped to accepted by hand: tally-mismatch" {
	local p f
	p=$(propose --title "Buy a drill")
	open_vote "$p"
	vote_as alice "$p" no
	f=$(record_path proposals "$p")
	sed -i 's/^status: vote$/status: accepted/' "$f"
	grep -qx 'status: accepted' "$f"
	WHEN=$T_AFTER as_alice commit -qam "proposal close"
	audit_finds tally-mismatch "$(git rev-parse HEAD)" alice
}

@test "(f) a proposal in discussion flipped to accepted by hand: illegal-transition" {
	local p f
	p=$(propose --title "Buy a drill")
	f=$(record_path proposals "$p")
	sed -i 's/^status: discussion$/status: accepted/' "$f"
	grep -qx 'status: accepted' "$f"
	as_alice commit -qam "proposal accept"
	audit_finds illegal-transition "$(git rev-parse HEAD)" alice
}

@test "(f) a rejected proposal flipped to accepted by hand after its close: illegal-transition" {
	local p f
	p=$(propose --title "Buy a drill")
	open_vote "$p"
	vote_as alice "$p" no
	vote_as bob "$p" no
	close_vote "$p"
	f=$(record_path proposals "$p")
	sed -i 's/^status: rejected$/status: accepted/; s/^  outcome: rejected$/  outcome: accepted/' "$f"
	grep -qx 'status: accepted' "$f"
	WHEN=$T_LATER as_alice commit -qam "proposal accept"
	audit_finds illegal-transition "$(git rev-parse HEAD)" alice
}

@test "(f) a close whose tally was forged to accept what the ballots reject: tally-mismatch" {
	local p f
	p=$(propose --title "Buy a drill")
	open_vote "$p"
	vote_as alice "$p" no
	vote_as bob "$p" no
	close_vote "$p"
	f=$(record_path proposals "$p")
	sed -i 's/^status: rejected$/status: accepted/; s/^  outcome: rejected$/  outcome: accepted/; s/^  "yes": 0$/  "yes": 2/; s/^  "no": 2$/  "no": 0/' "$f"
	grep -qx '  "yes": 2' "$f"
	WHEN=$T_AFTER as_alice commit -q --amend -a --no-edit
	audit_finds tally-mismatch "$(git rev-parse HEAD)" alice
}

@test "(f) a close that records accepted over a tally that says rejected: tally-mismatch" {
	local p f
	p=$(propose --title "Buy a drill")
	open_vote "$p"
	vote_as alice "$p" no
	vote_as bob "$p" no
	close_vote "$p"
	f=$(record_path proposals "$p")
	sed -i 's/^status: rejected$/status: accepted/' "$f"
	grep -qx 'status: accepted' "$f"
	grep -qx '  outcome: rejected' "$f"
	WHEN=$T_AFTER as_alice commit -q --amend -a --no-edit
	audit_finds tally-mismatch "$(git rev-parse HEAD)" alice
}

@test "(f) the tally of a proposal closed as accepted, edited by hand afterwards: tally-mismatch" {
	local p f
	p=$(propose --title "Buy a drill")
	accept "$p"
	f=$(record_path proposals "$p")
	sed -i 's/^  "yes": 2$/  "yes": 1/; s/^  "no": 0$/  "no": 1/' "$f"
	grep -qx '  "no": 1' "$f"
	WHEN=$T_LATER as_alice commit -qam "tally fixed"
	audit_finds tally-mismatch "$(git rev-parse HEAD)" alice
}

@test "(g) a ballot added after the vote closed: ballot-outside-window" {
	local p
	add_member carol
	p=$(propose --title "Buy a drill")
	open_vote "$p"
	vote_as alice "$p" yes
	vote_as bob "$p" yes
	close_vote "$p"
	sed 's/^voter: bob$/voter: carol/' "votes/$p/bob.yaml" >"votes/$p/carol.yaml"
	git add "votes/$p/carol.yaml"
	WHEN=$T_LATER as carol carol@example.org commit -qm "vote cast"
	audit_finds ballot-outside-window "$(git rev-parse HEAD)" carol
	[[ $output == *"votes/$p/carol.yaml"* ]]
}

@test "(g) a ballot changed, backdated, after the vote closed: ballot-outside-window" {
	local p
	p=$(propose --title "Buy a drill")
	open_vote "$p"
	vote_as alice "$p" yes
	vote_as bob "$p" yes
	close_vote "$p"
	sed -i 's/^choice: .*/choice: "no"/' "votes/$p/bob.yaml"
	WHEN=$T_VOTE as_bob commit -qam "vote change"
	audit_finds ballot-outside-window "$(git rev-parse HEAD)" bob
}

@test "(g) a ballot cast while the proposal is still in discussion: ballot-outside-window" {
	local p
	p=$(propose --title "Buy a drill")
	mkdir -p "votes/$p"
	printf 'proposal: %s\nvoter: bob\ncast: "%s"\nupdated: "%s"\nchoice: "yes"\n' "$p" "$T0" "$T0" >"votes/$p/bob.yaml"
	git add votes
	as_bob commit -qm "vote cast"
	audit_finds ballot-outside-window "$(git rev-parse HEAD)" bob
}

@test "(h) a record that fails its schema: schema" {
	local id f
	id=$(add_offer --title Drill)
	f=$(record_path offers "$id")
	printf 'colour: red\n' >>"$f"
	as_alice commit -qam "offer edit"
	audit_finds schema "$(git rev-parse HEAD)" alice
	[[ $output == *"$f"* ]]
}

@test "(h) a record whose id is not its place: schema" {
	local id f
	id=$(add_offer --title Drill)
	f=$(record_path offers "$id")
	mkdir -p offers/ab
	git mv "$f" "$(record_path offers abcdefghjk02)"
	as_alice commit -qm "offer move"
	audit_finds schema "$(git rev-parse HEAD)" alice
}

@test "(h) a stray file in a record directory: schema" {
	add_offer --title Drill >/dev/null
	echo hello >offers/notes.txt
	git add offers/notes.txt
	as_alice commit -qm notes
	audit_finds schema "$(git rev-parse HEAD)" alice
	[[ $output == *$'\toffers/notes.txt\t'* ]]
}

@test "(h) a stray file among the ballots of a proposal: schema" {
	local p
	p=$(propose --title "Buy a drill")
	open_vote "$p"
	vote_as bob "$p" yes
	echo hello >"votes/$p/notes.txt"
	git add votes
	WHEN=$T_VOTE as_bob commit -qm notes
	audit_finds schema "$(git rev-parse HEAD)" bob
}

@test "a file of the group's own outside the record directories (NOTES.md) is no record: clean, but its author is checked" {
	echo "# Our notes" >NOTES.md
	git add NOTES.md
	as_alice commit -qm notes
	audit_clean
	echo "More" >>NOTES.md
	gitc commit -qam "notes by a stranger"
	audit_finds not-a-member "$(git rev-parse HEAD)" hand@example.org
}

@test "(h) a record that is not YAML: schema" {
	local id f
	id=$(add_offer --title Drill)
	f=$(record_path offers "$id")
	printf 'title: [unclosed\n' >"$f"
	as_alice commit -qam "offer broken"
	audit_finds schema "$(git rev-parse HEAD)" alice
}

@test "(f) a proposal's terms changed by its author after the vote started: illegal-transition" {
	local p f
	p=$(propose --title "Buy a drill")
	open_vote "$p"
	f=$(record_path proposals "$p")
	sed -i 's/^title: .*/title: Buy two drills/' "$f"
	WHEN=$T_VOTE as_alice commit -qam "proposal amend"
	audit_finds illegal-transition "$(git rev-parse HEAD)" alice
}

@test "(h) a record committed as an executable file: schema" {
	local id f
	id=$(add_offer --title Drill)
	f=$(record_path offers "$id")
	chmod +x "$f"
	as_alice -c core.fileMode=true commit -qam "offer chmod"
	[ "$(git ls-tree HEAD "$f" | cut -d' ' -f1)" = 100755 ]
	audit_finds schema "$(git rev-parse HEAD)" alice
}

@test "a member's record removed by hand: illegal-transition" {
	git rm -q members/bob.yaml
	as_bob commit -qm "member gone"
	audit_finds illegal-transition "$(git rev-parse HEAD)" bob
}

@test "a member who left made active again by another, by hand: not-owner" {
	MUTU_MEMBER=bob mutu member leave bob -q
	grep -qx 'status: left' members/bob.yaml
	git show HEAD~1:members/bob.yaml >members/bob.yaml
	grep -qx 'status: active' members/bob.yaml
	as_alice commit -qam "member back"
	audit_finds not-owner "$(git rev-parse HEAD)" alice
}

@test "a conflict record written by hand: not-owner" {
	local id
	id=$(MUTU_MEMBER=bob add_offer --title Drill)
	git branch side
	MUTU_MEMBER=bob mutu offer edit "$id" --set title=One -q
	git checkout -q side
	MUTU_MEMBER=bob mutu offer edit "$id" --set title=Two -q
	git checkout -q main
	as_alice merge -q --no-edit side 2>/dev/null
	git show HEAD:"$(git diff --name-only HEAD~1 HEAD)" >"$BATS_TEST_TMPDIR/conflict.yaml"
	git reset -q --hard HEAD~2
	MUTU_MEMBER=bob mutu offer edit "$id" --set title=Three -q
	mkdir -p conflicts/ab
	sed 's/^id: .*/id: abcdefghjk04/' "$BATS_TEST_TMPDIR/conflict.yaml" >conflicts/ab/abcdefghjk04.yaml
	git add conflicts
	as_bob commit -qm "a conflict nobody had"
	audit_finds not-owner "$(git rev-parse HEAD)" bob
}

@test "(l) a merge of three parents: merge-mismatch" {
	git branch one
	git branch two
	git checkout -q one
	add_offer --title One >/dev/null
	git checkout -q two
	add_offer --title Two >/dev/null
	git checkout -q main
	add_offer --title Main >/dev/null
	as_alice merge -q --no-edit one two
	[ "$(git rev-list --parents -n 1 HEAD | wc -w)" -eq 4 ]
	audit_finds merge-mismatch "$(git rev-parse HEAD)" alice
}

@test "(i) with require_signatures: true applied by proposal, an unsigned commit: unsigned" {
	local r id
	rules_edited "$BATS_TEST_TMPDIR/sign.yaml" 's/^require_signatures: false/require_signatures: true/'
	r=$(propose --title "Sign everything" --rules-file "$BATS_TEST_TMPDIR/sign.yaml")
	accept "$r"
	# git signs as alice from here on: bob acts no more in this commons
	alice_signs
	MUTU_NOW=$T_AFTER mutu propose apply "$r" -q
	export MUTU_NOW=$T_LATER
	id=$(add_offer --title Drill)
	git verify-commit HEAD
	sed -i 's/^title: .*/title: Unsigned drill/' "$(record_path offers "$id")"
	as_alice -c commit.gpgsign=false commit -qam "offer edit"
	! git cat-file commit HEAD | grep -q '^gpgsig'
	caught unsigned "$(git rev-parse HEAD)" alice
}

@test "(j) a commit signed with a key that is not the author's: foreign-key" {
	alice_signs
	keypair mallory
	add_offer --title Drill >/dev/null
	signed_as_alice mallory commit -q -S --allow-empty -m "signed by another key"
	git cat-file commit HEAD | grep -q '^gpgsig -----BEGIN SSH SIGNATURE-----'
	caught foreign-key "$(git rev-parse HEAD)" alice
	[[ $output == *"$(fingerprint mallory)"* ]]
}

@test "(j) bob, who has a key of his own, signs with alice's: foreign-key" {
	keypair bob
	MUTU_MEMBER=bob mutu member edit bob --key "$BATS_TEST_TMPDIR/bob.pub" -q
	grep -q ssh-ed25519 members/bob.yaml
	alice_signs
	as_bob -c gpg.format=ssh -c user.signingkey="$BATS_TEST_TMPDIR/alice" commit -q -S --allow-empty -m "bob, with alice's key"
	audit_finds foreign-key "$(git rev-parse HEAD)" bob
}

@test "(k) a key removed, then used on a commit backdated before its removal: foreign-key" {
	local before fp
	alice_signs
	before=$MUTU_NOW
	add_offer --title Drill >/dev/null
	fp=$(fingerprint alice)
	MUTU_NOW=$T_LATER mutu member edit alice --remove-key "$fp" -q
	! grep -q ssh-ed25519 members/alice.yaml
	WHEN=$before signed_as_alice alice commit -q -S --allow-empty -m "backdated"
	[ "$(git log -1 --format=%at)" -eq "$(date -u -d "$before" +%s)" ]
	caught foreign-key "$(git rev-parse HEAD)" alice
}

@test "(k) a key removed on main, used on a branch from before the removal, merged in: foreign-key" {
	local fp
	alice_signs
	git branch old
	fp=$(fingerprint alice)
	MUTU_NOW=$T_LATER mutu member edit alice --remove-key "$fp" -q
	git checkout -q old
	signed_as_alice alice commit -q -S --allow-empty -m "signed on the old branch"
	git cat-file commit HEAD | grep -q '^gpgsig -----BEGIN SSH SIGNATURE-----'
	git checkout -q main
	git config --unset gpg.format
	WHEN=$T_LATER as_alice merge -q --no-edit old
	[ "$(git rev-list --parents -n 1 HEAD | wc -w)" -eq 3 ]
	caught foreign-key "$(git rev-parse HEAD)" alice
}

@test "(l) a merge commit that slips in a change: merge-mismatch" {
	local id
	id=$(add_offer --title Drill)
	git branch side
	add_offer --title Here >/dev/null
	git checkout -q side
	MUTU_MEMBER=bob add_offer --title There >/dev/null
	git checkout -q main
	as_alice merge -q --no-commit side
	sed -i 's/^title: .*/title: Slipped in/' "$(record_path offers "$id")"
	git add -A
	as_alice commit -qm "merge side"
	[ "$(git rev-list --parents -n 1 HEAD | wc -w)" -eq 3 ]
	caught merge-mismatch "$(git rev-parse HEAD)" alice
	[[ $output == *"$(record_path offers "$id")"* ]]
}

@test "(l) a merge commit of bob that slips in a change to alice's offer: merge-mismatch" {
	local id
	id=$(add_offer --title Drill)
	git branch side
	add_offer --title Here >/dev/null
	git checkout -q side
	MUTU_MEMBER=bob add_offer --title There >/dev/null
	as_bob merge -q --no-commit main
	sed -i 's/^title: .*/title: Slipped in/' "$(record_path offers "$id")"
	git add -A
	as_bob commit -qm "merge main"
	git checkout -q main
	as_alice merge -q --ff-only side
	audit_finds merge-mismatch "$(git rev-parse HEAD)" bob
}

@test "(m) a signed commit whose message was changed after signing: bad-signature" {
	local forged
	alice_signs
	add_offer --title Drill >/dev/null
	git verify-commit HEAD
	git cat-file commit HEAD | sed 's/^offer add /offer ADD /' >"$BATS_TEST_TMPDIR/forged"
	! cmp -s <(git cat-file commit HEAD) "$BATS_TEST_TMPDIR/forged"
	forged=$(git hash-object -t commit -w "$BATS_TEST_TMPDIR/forged")
	git update-ref refs/heads/main "$forged"
	! git verify-commit HEAD
	audit_finds bad-signature "$forged" alice
}

@test "(m) a signed commit whose signature was damaged: bad-signature" {
	local forged
	alice_signs
	add_offer --title Drill >/dev/null
	# the 10th character of the base64 line before the last: in the
	# signature's own bytes, turned into another
	git cat-file commit HEAD | awk '
		{ line[NR] = $0 }
		/^ -----END SSH SIGNATURE-----/ { end = NR }
		END {
			t = end - 2
			c = substr(line[t], 11, 1)
			line[t] = substr(line[t], 1, 10) (c == "A" ? "B" : "A") substr(line[t], 12)
			for (i = 1; i <= NR; i++) print line[i]
		}' >"$BATS_TEST_TMPDIR/forged"
	! cmp -s <(git cat-file commit HEAD) "$BATS_TEST_TMPDIR/forged"
	forged=$(git hash-object -t commit -w "$BATS_TEST_TMPDIR/forged")
	git update-ref refs/heads/main "$forged"
	audit_finds bad-signature "$forged" alice
}

# --- the output, and what the audit remembers ---

@test "--format json: one object per line with commit, time, member, rule, path, detail" {
	local id c
	id=$(add_offer --title Drill)
	sed -i 's/^title: .*/title: Mine/' "$(record_path offers "$id")"
	as_bob commit -qam "offer edit"
	c=$(git rev-parse HEAD)
	run -1 --separate-stderr mutu audit --format json
	[ "${#lines[@]}" -eq 1 ]
	[ "$(jq -c 'keys_unsorted' <<<"$output")" = '["commit","time","member","rule","path","detail"]' ]
	[ "$(jq -r .commit <<<"$output")" = "$c" ]
	[ "$(jq -r .time <<<"$output")" = "$T0" ]
	[ "$(jq -r .member <<<"$output")" = bob ]
	[ "$(jq -r .rule <<<"$output")" = not-owner ]
	[ "$(jq -r .path <<<"$output")" = "$(record_path offers "$id")" ]
	[ -n "$(jq -r .detail <<<"$output")" ]
}

@test "the table format says on stderr how many commits it checked, and a second run checks only the new one" {
	run -0 --separate-stderr mutu audit --format table
	[ -z "$output" ]
	[ "$stderr" = "mutu: 2 commits checked: no violation" ]
	add_offer --title Drill >/dev/null
	run -0 --separate-stderr mutu audit --format table
	[ "$stderr" = "mutu: 1 commit checked: no violation" ]
	run -0 --separate-stderr mutu audit --format table
	[ "$stderr" = "mutu: 0 commits checked: no violation" ]
}

@test "a commit found at fault is found again on the next run, with nothing new" {
	local id first
	id=$(add_offer --title Drill)
	sed -i 's/^title: .*/title: Mine/' "$(record_path offers "$id")"
	as_bob commit -qam "offer edit"
	run -1 --separate-stderr mutu audit --format tsv
	first=$output
	[ -n "$first" ]
	run -1 --separate-stderr mutu audit --format tsv
	[ "$output" = "$first" ]
	add_offer --title Saw >/dev/null
	run -1 --separate-stderr mutu audit --format tsv
	[ "$output" = "$first" ]
}

@test "a damaged .git/mutu/audit is ignored: the same answer as without it" {
	local id first
	id=$(add_offer --title Drill)
	sed -i 's/^title: .*/title: Mine/' "$(record_path offers "$id")"
	as_bob commit -qam "offer edit"
	run -1 --separate-stderr mutu audit --format tsv
	first=$output
	[ -f .git/mutu/audit ]
	# a file that, if it were believed, would say all is verified
	printf 'mutu-audit 1\ntip %s\nsum 0123456789abcdef\n' "$(git rev-parse HEAD)" >.git/mutu/audit
	run -1 --separate-stderr mutu audit --format tsv
	[ "$output" = "$first" ]
	printf '\001\002 garbage\n' >.git/mutu/audit
	run -1 --separate-stderr mutu audit --format tsv
	[ "$output" = "$first" ]
	: >.git/mutu/audit
	run -1 --separate-stderr mutu audit --format tsv
	[ "$output" = "$first" ]
	head -c 20 .git/mutu/audit >"$BATS_TEST_TMPDIR/cut"
	mv "$BATS_TEST_TMPDIR/cut" .git/mutu/audit
	run -1 --separate-stderr mutu audit --format table
	[[ $stderr == *"in 4 commits checked"* ]]
}

@test "--since REV audits only what came after REV" {
	local id bad
	id=$(add_offer --title Drill)
	sed -i 's/^title: .*/title: Mine/' "$(record_path offers "$id")"
	as_bob commit -qam "offer edit"
	bad=$(git rev-parse HEAD)
	add_offer --title Saw >/dev/null
	run -0 --separate-stderr mutu audit --since "$bad" --format tsv
	[ -z "$output" ]
	run -0 --separate-stderr mutu audit --since "$bad" --format table
	[ "$stderr" = "mutu: 1 commit checked: no violation" ]
	run -1 --separate-stderr mutu audit --since "$bad~1" --format tsv
	[ "$(cut -f1 <<<"$output" | sort -u)" = "$bad" ]
	run -1 --separate-stderr mutu audit --since "$bad~1" --format table
	[[ $stderr == *"in 2 commits checked"* ]]
}

@test "--since does not use or change the remembered audit" {
	local id bad
	id=$(add_offer --title Drill)
	sed -i 's/^title: .*/title: Mine/' "$(record_path offers "$id")"
	as_bob commit -qam "offer edit"
	bad=$(git rev-parse HEAD)
	add_offer --title Saw >/dev/null
	run -0 mutu audit --since HEAD~1 --format tsv
	[ ! -e .git/mutu/audit ]
	run -1 --separate-stderr mutu audit --format tsv
	[ "$(cut -f1 <<<"$output")" = "$bad" ]
}

@test "--since an unknown revision is refused as log refuses it (exit 65)" {
	run -65 --separate-stderr mutu audit --since no-such-rev
	[[ $stderr == *"no-such-rev"* ]]
	[ -z "$output" ]
}
