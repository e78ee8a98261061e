#!/usr/bin/env bats
# mutu-sync, mutu-clone, mutu-conflicts and the merge driver: three
# members on three clones of one bare remote (a path here; the other
# transports are in remotes.bats), working offline and meeting.

load helper

setup() {
	mutu_setup
	REMOTE=$BATS_TEST_TMPDIR/remote.git
	git init -q --bare "$REMOTE"
	new_commons a
	add_member bob
	add_member carol
	git remote add origin "$REMOTE"
	mutu sync -q >/dev/null || fail "first sync"
	cd "$BATS_TEST_TMPDIR" || return 1
	clone b bob
	clone c carol
}

# clone DIR HANDLE: a member's own copy
clone() {
	mutu clone -q "$REMOTE" "$BATS_TEST_TMPDIR/$1" || fail "clone $1"
	git -C "$BATS_TEST_TMPDIR/$1" config mutu.member "$2"
}

# at DIR COMMAND…: run in a clone
# gitas HANDLE ARGS…: plain git as a member, for what a member does by
# hand (a non-member's commit is a forgery that sync refuses).
gitas() {
	local who=$1
	shift
	git -c user.name="${who^}" -c user.email="$who@example.org" "$@"
}

at() {
	local d=$1
	shift
	(cd "$BATS_TEST_TMPDIR/$d" && "$@")
}

tree_of() {
	git -C "$BATS_TEST_TMPDIR/$1" rev-parse 'HEAD^{tree}'
}

# every clone synced until all hold the remote's tree
converge() {
	local d
	for d in "$@" "$@"; do
		at "$d" mutu sync -q >/dev/null || fail "sync $d"
	done
}

@test "the first sync publishes a commons to an empty remote, and says what went out" {
	git init -q --bare "$BATS_TEST_TMPDIR/empty.git"
	cd "$BATS_TEST_TMPDIR/a"
	run mutu sync "$BATS_TEST_TMPDIR/empty.git"
	[ "$status" -eq 0 ]
	[[ "$output" == *$'out\talice\tinit: Test commons'* ]]
	[[ "$output" == *$'out\talice\tmember add carol: Carol'* ]]
	[ "$(git -C "$BATS_TEST_TMPDIR/empty.git" rev-parse main)" = "$(git rev-parse HEAD)" ]
}

@test "a clone gets the merge driver, its attributes, the hook, and its member from the email" {
	git config --global user.email carol@example.org
	mutu clone -q "$REMOTE" "$BATS_TEST_TMPDIR/d"
	cd "$BATS_TEST_TMPDIR/d"
	[ "$(git config merge.mutu.driver)" = "mutu merge-driver %O %A %B %P" ]
	grep -qx '\*.yaml merge=mutu' .git/info/attributes
	grep -qx '\*.yaml merge=mutu' .gitattributes
	[ -x .git/hooks/post-merge ]
	[ "$(git config mutu.member)" = carol ]
	[ "$(git check-attr merge -- offers/7q/7q3k9m2xh4ta.yaml)" = "offers/7q/7q3k9m2xh4ta.yaml: merge: mutu" ]
	[ -z "$(git status --porcelain)" ]
}

@test "cloning what is not a commons is refused and leaves nothing behind" {
	git init -q "$BATS_TEST_TMPDIR/plain"
	gitc -C "$BATS_TEST_TMPDIR/plain" commit -q --allow-empty -m empty
	run mutu clone "$BATS_TEST_TMPDIR/plain" "$BATS_TEST_TMPDIR/x"
	[ "$status" -eq 65 ]
	[[ "$output" == *"not a commons"* ]]
	[ ! -e "$BATS_TEST_TMPDIR/x" ]
}

@test "a clone of an unreachable remote fails with 75" {
	run mutu clone "$BATS_TEST_TMPDIR/nowhere.git" "$BATS_TEST_TMPDIR/x"
	[ "$status" -eq 75 ]
	[ ! -e "$BATS_TEST_TMPDIR/x" ]
}

@test "offline adds on three clones all arrive everywhere, whatever the order" {
	local ids=() d i
	for d in a b c; do
		for i in 1 2; do
			ids+=("$(at "$d" mutu offer add --title "$d $i")")
		done
	done
	at c mutu sync -q
	at a mutu sync -q
	at b mutu sync -q
	converge c a b
	for d in a b c; do
		for i in "${ids[@]}"; do
			at "$d" mutu offer show "$i" >/dev/null || fail "$i missing in $d"
		done
	done
	[ "$(tree_of a)" = "$(tree_of b)" ]
	[ "$(tree_of b)" = "$(tree_of c)" ]
	[ "$(git -C "$REMOTE" rev-parse 'main^{tree}')" = "$(tree_of a)" ]
	run at c mutu conflicts list --format ids
	[ -z "$output" ]
}

@test "what came in is listed as actions, with the member they came from" {
	local id
	id=$(at b mutu offer add --title Perceuse)
	at b mutu sync -q
	run at a mutu sync
	[ "$status" -eq 0 ]
	[[ "$output" == *$'in\tbob\toffer add '"${id:0:8}"': Perceuse'* ]]
}

@test "edits of different fields of one record are both kept, without a conflict" {
	local id
	id=$(at b mutu offer add --title Drill)
	converge b a c
	at b mutu offer edit "$id" --set location=Cave -q
	at c env MUTU_MEMBER=bob mutu offer edit "$id" --set availability=weekends -q
	converge b c a
	run at a mutu offer show "$id" --format json
	[ "$(jq -r .location <<<"$output")" = Cave ]
	[ "$(jq -r .availability <<<"$output")" = weekends ]
	run at a mutu conflicts list --format ids
	[ -z "$output" ]
	[ "$(tree_of a)" = "$(tree_of c)" ]
}

@test "the same field changed apart keeps one value and writes the other as a conflict" {
	local id kept lost cid
	id=$(at b mutu offer add --title Drill)
	converge b a c
	at b mutu offer edit "$id" --set title="Drill (bob)" -q
	at c env MUTU_MEMBER=bob mutu offer edit "$id" --set title="Drill (carol's copy)" -q
	at b mutu sync -q
	run at c mutu sync
	[ "$status" -eq 0 ]
	[[ "$output" == *$'conflict\toffer\t'"$id"$'\ttitle\t'* ]]
	converge a b c
	[ "$(tree_of a)" = "$(tree_of b)" ]
	[ "$(tree_of b)" = "$(tree_of c)" ]
	cid=$(at a mutu conflicts list --format ids)
	[ -n "$cid" ]
	run at a mutu show "$cid" --format json
	kept=$(jq -r .kept <<<"$output")
	lost=$(jq -r .lost <<<"$output")
	[ "$(at a mutu offer show "$id" --format json | jq -r .title)" = "$kept" ]
	[[ "$kept $lost" == *"Drill (bob)"* ]]
	[[ "$kept $lost" == *"Drill (carol's copy)"* ]]
	[ "$(jq -r .field <<<"$output")" = title ]
	[ "$(jq -r .kept_by <<<"$output")" = bob ]
	[ "$(jq -r .lost_commit <<<"$output" | wc -c)" -eq 41 ]
}

@test "resolving a conflict is a commit of the resolver's own, and brings back the value chosen" {
	local id cid lost
	id=$(at b mutu offer add --title Drill)
	converge b a c
	at b mutu offer edit "$id" --set title=One -q
	at c env MUTU_MEMBER=bob mutu offer edit "$id" --set title=Two -q
	converge b c
	cid=$(at b mutu conflicts --format ids)
	lost=$(at b mutu show "$cid" --format json | jq -r .lost)
	run at c mutu conflicts resolve "$cid" --keep theirs
	[ "$status" -eq 77 ]   # carol owns neither the offer nor the choice
	run at b mutu conflicts resolve "$cid" --keep theirs
	[ "$status" -eq 0 ]
	[ "$(at b mutu offer show "$id" --format json | jq -r .title)" = "$lost" ]
	[ "$(at b mutu show "$cid" --format json | jq -r .status)" = resolved ]
	[ "$(at b mutu show "$cid" --format json | jq -r .resolved_by)" = bob ]
	[ "$(git -C "$BATS_TEST_TMPDIR/b" log -1 --format=%an)" = Bob ]
	[[ "$(git -C "$BATS_TEST_TMPDIR/b" log -1 --format=%s)" == "conflict resolve ${cid:0:8}:"* ]]
	run at b mutu conflicts --format ids
	[ -z "$output" ]
	run at b mutu conflicts resolve "$cid" --keep ours
	[ "$status" -eq 65 ]
}

@test "a value typed to resolve a conflict is checked like an edit" {
	local id cid
	id=$(at b mutu offer add --title Drill)
	converge b a c
	at b mutu offer edit "$id" --set title=One -q
	at c env MUTU_MEMBER=bob mutu offer edit "$id" --set title=Two -q
	converge b c
	cid=$(at b mutu conflicts --format ids)
	run at b mutu conflicts resolve "$cid" --keep "$(printf 'bad\001title')"
	[ "$status" -eq 65 ]
	[ "$(at b mutu show "$cid" --format json | jq -r .status)" = open ]
	run at b mutu conflicts resolve "$cid" --keep "Drill, both"
	[ "$status" -eq 0 ]
	[ "$(at b mutu offer show "$id" --format json | jq -r .title)" = "Drill, both" ]
	[ "$(at b mutu show "$cid" --format json | jq -r .resolution)" = value ]
}

@test "tags added and removed on both sides merge as a set" {
	local id
	id=$(at b mutu offer add --title Drill --tag old --tag keep)
	converge b a c
	at b mutu offer edit "$id" --add-tag mine --remove-tag old -q
	at c env MUTU_MEMBER=bob mutu offer edit "$id" --add-tag yours -q
	converge b c
	run at c mutu offer show "$id" --format json
	[ "$(jq -r '.tags | sort | join(",")' <<<"$output")" = keep,mine,yours ]
	run at c mutu conflicts --format ids
	[ -z "$output" ]
}

@test "a member who voted on two machines keeps one ballot, and sees a conflict when they differ" {
	local p t
	p=$(at a mutu propose add --title "Buy a lathe")
	t=$(date -u -d "$T0 + 8 days" +%Y-%m-%dT%H:%M:%SZ)
	MUTU_NOW=$t at a mutu propose start "$p" -q
	converge a b c
	MUTU_NOW=$t at b mutu vote "$p" yes -q
	MUTU_NOW=$t at c env MUTU_MEMBER=bob mutu vote "$p" no -q
	MUTU_NOW=$t converge b c
	[ "$(git -C "$BATS_TEST_TMPDIR/c" ls-tree -r --name-only HEAD "votes/$p" | wc -l)" -eq 1 ]
	run at c mutu conflicts list --format json
	[ "$(jq -r .record_type <<<"$output")" = ballot ]
	[ "$(jq -r .record <<<"$output")" = bob ]
	[ "$(tree_of b)" = "$(tree_of c)" ]
}

@test "the same ballot cast on two machines is no conflict" {
	local p t
	p=$(at a mutu propose add --title "Buy a lathe")
	t=$(date -u -d "$T0 + 8 days" +%Y-%m-%dT%H:%M:%SZ)
	MUTU_NOW=$t at a mutu propose start "$p" -q
	converge a b c
	MUTU_NOW=$t at b mutu vote "$p" yes -q
	MUTU_NOW=$(date -u -d "$t + 1 hour" +%Y-%m-%dT%H:%M:%SZ) at c env MUTU_MEMBER=bob mutu vote "$p" yes -q
	MUTU_NOW=$t converge b c
	run at c mutu conflicts --format ids
	[ -z "$output" ]
}

@test "two records born under one id on two clones both survive, and the member is told" {
	printf 'id: 7q3k9m2xh4ta\ntype: offer\ntitle: Saw\nkind: tool\nstatus: open\nauthor: bob\ncreated: "%s"\nupdated: "%s"\n' "$T0" "$T0" >"$BATS_TEST_TMPDIR/saw"
	printf 'id: 7q3k9m2xh4ta\ntype: offer\ntitle: Ladder\nkind: tool\nstatus: open\nauthor: carol\ncreated: "%s"\nupdated: "%s"\n' "$T0" "$T0" >"$BATS_TEST_TMPDIR/ladder"
	mkdir -p b/offers/7q c/offers/7q
	cp saw b/offers/7q/7q3k9m2xh4ta.yaml
	cp ladder c/offers/7q/7q3k9m2xh4ta.yaml
	gitas bob -C b add offers && gitas bob -C b commit -qm saw
	gitas carol -C c add offers && gitas carol -C c commit -qm ladder
	at b mutu sync -q
	run at c mutu sync
	[ "$status" -eq 0 ]
	[[ "$output" == *$'moved\toffer\t7q3k9m2xh4ta\t\t'* ]]
	converge b c
	run at b mutu offer list --format json
	[ "$(jq -s 'map(.title) | sort | join(",")' <<<"$output")" = '"Ladder,Saw"' ]
	[ "$(tree_of b)" = "$(tree_of c)" ]
}

@test "an edit on one side and a removal on the other keep the record, with a conflict" {
	local id
	id=$(at b mutu offer add --title Drill)
	converge b a c
	at b mutu offer edit "$id" --set location=Cave -q
	gitas bob -C c rm -q "offers/${id:0:2}/$id.yaml"
	gitas bob -C c commit -qm "removed by hand"
	converge b c
	run at c mutu offer show "$id" --format json
	[ "$status" -eq 0 ]
	[ "$(jq -r .location <<<"$output")" = Cave ]
	run at c mutu conflicts list --format json
	[ "$(jq -r .record <<<"$output")" = "$id" ]
	[ "$(jq -r '.field // "whole"' <<<"$output")" = whole ]
}

@test "a file that is no record, changed on the same lines, stops the sync and changes nothing" {
	printf 'one\ntwo\n' >a/NOTES.md
	gitas alice -C a add NOTES.md && gitas alice -C a commit -qm notes
	converge a b c
	printf 'ONE\ntwo\n' >b/NOTES.md
	gitas bob -C b commit -qam b
	printf 'one!\ntwo\n' >c/NOTES.md
	gitas carol -C c commit -qam c
	at b mutu sync -q
	local before
	before=$(git -C c rev-parse HEAD)
	run at c mutu sync
	[ "$status" -eq 65 ]
	[[ "$output" == *"NOTES.md"* ]]
	[ "$(git -C c rev-parse HEAD)" = "$before" ]
	[ -z "$(git -C c status --porcelain)" ]
	! grep -q '<<<<<<<' c/NOTES.md
}

@test "a file that is no record, changed on different lines, merges" {
	printf 'one\ntwo\nthree\nfour\n' >a/NOTES.md
	gitas alice -C a add NOTES.md && gitas alice -C a commit -qm notes
	converge a b c
	printf 'ONE\ntwo\nthree\nfour\n' >b/NOTES.md
	gitas bob -C b commit -qam b
	printf 'one\ntwo\nthree\nFOUR\n' >c/NOTES.md
	gitas carol -C c commit -qam c
	converge b c
	[ "$(cat c/NOTES.md)" = "$(printf 'ONE\ntwo\nthree\nFOUR')" ]
}

@test "a remote whose history was rewritten is refused, and nothing changes" {
	local head track
	git init -q "$BATS_TEST_TMPDIR/other"
	gitc -C "$BATS_TEST_TMPDIR/other" commit -q --allow-empty -m other
	at a mutu offer add --title Keep >/dev/null
	head=$(git -C a rev-parse HEAD)
	track=$(git -C a rev-parse refs/remotes/origin/main)
	printf 'format: 1\nname: Other\ncreated: "%s"\n' "$T0" >"$BATS_TEST_TMPDIR/other/mutu.yaml"
	gitc -C "$BATS_TEST_TMPDIR/other" add mutu.yaml
	gitc -C "$BATS_TEST_TMPDIR/other" commit -qm rewritten
	git -C "$BATS_TEST_TMPDIR/other" push -q -f "$REMOTE" HEAD:main
	run at a mutu sync
	[ "$status" -eq 65 ]
	[[ "$output" == *"rewritten"* ]]
	[ "$(git -C a rev-parse HEAD)" = "$head" ]
	[ "$(git -C a rev-parse refs/remotes/origin/main)" = "$track" ]
	[ -z "$(git -C a status --porcelain)" ]
}

@test "a remote that is not a commons is refused" {
	git init -q "$BATS_TEST_TMPDIR/other"
	gitc -C "$BATS_TEST_TMPDIR/other" commit -q --allow-empty -m other
	git init -q --bare "$BATS_TEST_TMPDIR/other.git"
	git -C "$BATS_TEST_TMPDIR/other" push -q "$BATS_TEST_TMPDIR/other.git" HEAD:main
	run at a mutu sync "$BATS_TEST_TMPDIR/other.git"
	[ "$status" -eq 65 ]
	[[ "$output" == *"not a commons"* ]]
}

@test "an unreachable remote is exit 75, the local commits intact, and a later sync succeeds" {
	local id head
	id=$(at a mutu offer add --title Offline)
	head=$(git -C a rev-parse HEAD)
	mv "$REMOTE" "$REMOTE.away"
	run at a mutu sync
	[ "$status" -eq 75 ]
	[[ "$output" == *"sync again"* ]]
	[ "$(git -C a rev-parse HEAD)" = "$head" ]
	mv "$REMOTE.away" "$REMOTE"
	at a mutu sync -q
	at b mutu sync -q
	at b mutu offer show "$id" >/dev/null
}

@test "an unknown remote name is exit 66" {
	run at a mutu sync nosuch
	[ "$status" -eq 66 ]
}

@test "a merge in progress is refused" {
	printf 'one\n' >a/NOTES.md
	gitas alice -C a add NOTES.md && gitas alice -C a commit -qm notes
	converge a b
	printf 'two\n' >a/NOTES.md && gitas alice -C a commit -qam two && at a mutu sync -q
	printf 'three\n' >b/NOTES.md && gitas bob -C b commit -qam three
	gitc -C b fetch -q origin
	run gitc -C b merge -q origin/main
	[ -f b/.git/MERGE_HEAD ]
	run at b mutu sync
	[ "$status" -eq 75 ]
	[[ "$output" == *"in progress"* ]]
}

@test "--no-push merges but sends nothing" {
	local id remote_head
	id=$(at a mutu offer add --title Local)
	remote_head=$(git -C "$REMOTE" rev-parse main)
	at b mutu offer add --title Theirs >/dev/null
	at b mutu sync -q
	remote_head=$(git -C "$REMOTE" rev-parse main)
	run at a mutu sync --no-push
	[ "$status" -eq 0 ]
	[ "$(git -C "$REMOTE" rev-parse main)" = "$remote_head" ]
	[ "$(at a mutu offer list --format ids | wc -l)" -eq 2 ]
}

@test "syncs racing to one remote never undo each other's push" {
	local round sb sc
	for round in $(seq 1 10); do
		at b mutu offer add --title "b $round" >/dev/null
		at c mutu offer add --title "c $round" >/dev/null
		at b mutu sync -q >/dev/null &
		local pb=$!
		at c mutu sync -q >/dev/null &
		local pc=$!
		sb=0 sc=0
		wait "$pb" || sb=$?
		wait "$pc" || sc=$?
		# a sync that said it pushed left its commits on the remote
		[ "$sb" -ne 0 ] || git -C "$REMOTE" merge-base --is-ancestor "$(git -C b rev-parse HEAD)" main ||
			fail "round $round: b's push was undone"
		[ "$sc" -ne 0 ] || git -C "$REMOTE" merge-base --is-ancestor "$(git -C c rev-parse HEAD)" main ||
			fail "round $round: c's push was undone"
	done
	converge b c a
	[ "$(at a mutu offer list --format ids | wc -l)" -eq 20 ]
	[ "$(tree_of a)" = "$(tree_of c)" ]
}

@test "a sync killed at any point leaves a repository git fsck accepts, and the next completes" {
	local point
	for point in intent locked published files index unlocked; do
		at b mutu offer add --title "b $point" >/dev/null
		at b mutu sync -q
		at c mutu offer add --title "c $point" >/dev/null
		run at c env MUTU_TEST_CRASH=$point mutu sync
		[ "$status" -eq 137 ] || fail "$point: status $status"
		git -C c fsck --no-progress 2>&1 | grep -v '^dangling' && fail "fsck after $point"
		at c mutu sync -q || fail "sync after $point"
		[ -z "$(git -C c status --porcelain)" ] || fail "status after $point"
	done
	converge b c
	[ "$(at b mutu offer list --format ids | wc -l)" -eq 12 ]
	[ "$(tree_of b)" = "$(tree_of c)" ]
}

@test "two processes adding records while a third syncs lose nothing" {
	local i
	at b mutu offer add --title "remote" >/dev/null
	at b mutu sync -q
	(for i in $(seq 1 15); do at a mutu offer add --title "x$i" >/dev/null || exit 1; done) &
	local p1=$!
	(for i in $(seq 1 15); do at a env MUTU_MEMBER=bob mutu offer add --title "y$i" >/dev/null || exit 1; done) &
	local p2=$!
	for i in 1 2 3 4; do at a mutu sync -q || fail "sync $i"; done
	wait "$p1"
	wait "$p2"
	converge a b
	[ "$(at b mutu offer list --format ids | wc -l)" -eq 31 ]
	[ -z "$(git -C a status --porcelain)" ]
}

@test "plain git pull through the merge driver gives the tree a sync gives" {
	local id
	id=$(at b mutu offer add --title Drill --tag t)
	converge b a c
	cp -r a a2
	at b mutu offer edit "$id" --set title=Bob --add-tag b -q
	at b mutu sync -q
	at a env MUTU_MEMBER=bob mutu offer edit "$id" --set title=Alice --set location=Cave -q
	at a2 env MUTU_MEMBER=bob mutu offer edit "$id" --set title=Alice --set location=Cave -q
	[ "$(tree_of a)" = "$(tree_of a2)" ]
	at a mutu sync --no-push -q
	run gitc -C a2 pull -q --no-rebase origin main
	[ "$status" -eq 0 ]
	[ "$(tree_of a)" = "$(tree_of a2)" ]
	[ -z "$(git -C a2 status --porcelain)" ]
	! grep -rq '<<<<<<<' a2/offers
}

@test "a ballot that reached the commons after its count is a finding" {
	local p t late
	p=$(at a mutu propose add --title "Buy a lathe" --closes +16d)
	t=$(date -u -d "$T0 + 8 days" +%Y-%m-%dT%H:%M:%SZ)
	MUTU_NOW=$t at a mutu propose start "$p" -q
	converge a c
	MUTU_NOW=$t at c mutu vote "$p" yes -q        # carol votes offline, in time
	late=$(date -u -d "$T0 + 20 days" +%Y-%m-%dT%H:%M:%SZ)
	MUTU_NOW=$late at a mutu propose close "$p" -q   # counted without her ballot
	MUTU_NOW=$late at a mutu sync -q
	MUTU_NOW=$late run at c mutu sync
	[ "$status" -eq 0 ]
	[[ "$output" == *$'found\tballot\tcarol\tballot-window\t'* ]]
	run at c mutu conflicts list --format json
	[ "$(jq -r .check <<<"$output")" = ballot-window ]
}
