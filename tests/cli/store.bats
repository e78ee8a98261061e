#!/usr/bin/env bats
# The commons on disk: the work tree kept in step, hand edits never
# overwritten, bare commons, concurrent writers, tolerant reads.

load helper

setup() {
	mutu_setup
}

# --- the work tree kept in step ---

@test "git status stays clean after every kind of write" {
	new_commons
	local id
	id=$(add_offer --title Perceuse --tag a)
	assert_clean # after add
	printf 'title: A\n---\ntitle: B\n' | mutu offer add --yaml - >/dev/null
	assert_clean # after add --yaml
	mutu offer edit "$id" --set title=Marteau --add-tag b -q
	assert_clean # after edit
	printf '#!/bin/sh\nsed -i "s/^title: .*/title: Scie/" "$1"\n' >"$BATS_TEST_TMPDIR/ed.sh"
	chmod +x "$BATS_TEST_TMPDIR/ed.sh"
	EDITOR="$BATS_TEST_TMPDIR/ed.sh" mutu offer edit "$id" -q </dev/null
	assert_clean # after editor edit
	mutu offer close "$id" --reason done -q
	assert_clean # after close
	mutu offer reopen "$id" -q
	assert_clean # after reopen
	add_need --title Escabeau >/dev/null
	assert_clean # after need add
	add_member bob
	assert_clean # after member add
	# the work tree and index hold exactly the tip
	git diff --quiet HEAD
	git diff --cached --quiet HEAD
	[ "$(cat "$(record_path offers "$id")")" = "$(git show "HEAD:$(record_path offers "$id")")" ]
	[ "$(git rev-list --count HEAD)" -eq 9 ]
	[ "$(git rev-list --merges --count HEAD)" -eq 0 ]
}

@test "a write commits only the touched path and leaves no lock behind" {
	new_commons
	local id
	id=$(add_offer --title Perceuse)
	mutu offer edit "$id" --set title=Marteau -q
	[ "$(git diff --name-only HEAD~1 HEAD)" = "$(record_path offers "$id")" ]
	[ -z "$(find .git -name '*.lock')" ]
}

@test "reads come from the branch tip, not from the work tree" {
	new_commons
	local id path
	id=$(add_offer --title Perceuse)
	path=$(record_path offers "$id")
	sed -i 's/^title: .*/title: Hand edited/' "$path"
	run -0 mutu offer show "$id" --format json
	[ "$(jq -r .title <<<"$output")" = Perceuse ]
	run -1 mutu offer list --grep hand
	[ -z "$output" ]
}

# --- hand edits ---

@test "a hand edit in the work tree makes edit and close of THAT record refuse (75), and survives" {
	new_commons
	local id path hand
	id=$(add_offer --title Perceuse)
	path=$(record_path offers "$id")
	echo "# a note by hand" >>"$path"
	hand=$(cat "$path")
	refuses 75 "$path" mutu offer edit "$id" --set title=Marteau
	refuses 75 "$path" mutu offer close "$id"
	[ "$(cat "$path")" = "$hand" ]
	[ "$(git status --porcelain)" = " M $path" ]
}

@test "with a hand edit of one record, adding and editing others still works and leaves it untouched" {
	new_commons
	local id other path hand before new
	id=$(add_offer --title Perceuse)
	other=$(add_offer --title Escabeau)
	path=$(record_path offers "$id")
	sed -i 's/^title: .*/title: Hand edited/' "$path"
	hand=$(sha256sum <"$path")
	before=$(commit_count)
	new=$(add_offer --title Scie)
	mutu offer edit "$other" --set title=Echelle -q
	mutu offer close "$other" -q
	[ "$(commit_count)" -eq $((before + 3)) ]
	[ "$(sha256sum <"$path")" = "$hand" ]
	[ "$(git status --porcelain)" = " M $path" ]
	[ -f "$(record_path offers "$new")" ]
	[ "$(git show "HEAD:$path" | grep '^title:')" = "title: Perceuse" ]
}

@test "a staged change to a record makes its edit refuse (75) and stays staged" {
	new_commons
	local id path
	id=$(add_offer --title Perceuse)
	path=$(record_path offers "$id")
	sed -i 's/^title: .*/title: Staged/' "$path"
	git add "$path"
	refuses 75 "$path" mutu offer edit "$id" --set title=Marteau
	[ "$(git status --porcelain)" = "M  $path" ]
}

@test "a record deleted in the work tree makes its edit refuse (75), and stays deleted" {
	new_commons
	local id path
	id=$(add_offer --title Perceuse)
	path=$(record_path offers "$id")
	rm "$path"
	refuses 75 "$path" mutu offer edit "$id" --set title=Marteau
	[ ! -e "$path" ]
}

@test "staged and unstaged changes to other files stay as they were" {
	new_commons
	local id
	echo "meeting notes" >notes.txt
	git add notes.txt
	echo "purpose: share" >>mutu.yaml
	git add mutu.yaml
	echo "# unstaged" >>rules.yaml
	echo "scratch" >untracked.txt
	id=$(add_offer --title Perceuse)
	[ "$(git diff --cached --name-only | tr '\n' ' ')" = "mutu.yaml notes.txt " ]
	[ "$(git diff --name-only)" = rules.yaml ]
	[ "$(git ls-files --others --exclude-standard)" = untracked.txt ]
	[ "$(git show --name-only --format= HEAD)" = "$(record_path offers "$id")" ]
	if git cat-file -e HEAD:notes.txt 2>/dev/null; then fail "the staged notes.txt was committed"; fi
	run -0 git show HEAD:mutu.yaml
	[[ $output != *purpose* ]]
	run -0 git show :mutu.yaml
	[[ $output == *purpose* ]]
	[ "$(tail -n1 rules.yaml)" = '# unstaged' ]
}

@test "a detached HEAD is refused and the commons is left unchanged" {
	new_commons
	add_offer --title Perceuse >/dev/null
	git checkout -q --detach
	refuses 75 "detached" mutu offer add --title Marteau
}

@test "a merge in progress is refused and the commons is left unchanged" {
	new_commons
	add_offer --title Perceuse >/dev/null
	echo a >f.txt
	gitc add f.txt
	gitc commit -qm a
	gitc checkout -q -b side HEAD~1
	echo b >f.txt
	gitc add f.txt
	gitc commit -qm b
	gitc checkout -q main
	run -1 gitc merge -q side # a conflict: the merge stays in progress
	[ -f .git/MERGE_HEAD ]
	refuses 75 "merge" mutu offer add --title Marteau
}

@test "a lock held by another Git process makes a write wait, then exit 75 naming it, lock untouched" {
	new_commons
	add_offer --title Perceuse >/dev/null
	touch .git/index.lock
	MUTU_LOCK_TIMEOUT_MS=300 refuses 75 "index\\.lock" mutu offer add --title Marteau
	[ -e .git/index.lock ]
	rm .git/index.lock
	add_offer --title Marteau >/dev/null
}

# --- bare commons ---

@test "a bare commons works for add, list and show through MUTU_DIR" {
	mutu init --bare "$BATS_TEST_TMPDIR/b.git" --name Shared --member alice --email alice@example.org -q
	export MUTU_DIR="$BATS_TEST_TMPDIR/b.git"
	mkdir elsewhere
	cd elsewhere
	local id
	id=$(add_offer --title Perceuse --kind tool --body "Solide.")
	[[ $id =~ ^[0-9a-z]{12}$ ]]
	run -0 mutu offer list --format ids
	[ "$output" = "$id" ]
	run -0 mutu offer show "${id:0:5}" --format json
	[ "$(jq -r .title <<<"$output")" = Perceuse ]
	[ "$(jq -r .body <<<"$output")" = Solide. ]
	[ "$(git -C "$MUTU_DIR" rev-list --count HEAD)" -eq 2 ]
	[ "$(git -C "$MUTU_DIR" log -1 --format=%s)" = "offer add ${id:0:8}: Perceuse" ]
	[ ! -e "$MUTU_DIR/offers" ]
	[ ! -e "$MUTU_DIR/index" ]
	assert_empty_dir .
}

@test "a bare commons works with -C, for every verb" {
	mutu init --bare b.git --name Shared --member alice --email alice@example.org -q
	local id
	id=$(mutu offer -C b.git add --title Perceuse)
	run -0 mutu -C b.git offer list --format ids
	[ "$output" = "$id" ]
	mutu offer edit "$id" -C b.git --set title=Marteau -q
	mutu offer close "$id" -C b.git -q
	mutu offer reopen "$id" -C b.git -q
	run -0 bash -c "printf 'title: A\n---\ntitle: B\n' | mutu need add -C b.git --yaml -"
	[ "${#lines[@]}" -eq 2 ]
	mutu member add bob -C b.git --name Bob --email bob@example.org -q
	run -0 mutu offer show "$id" -C b.git --format json
	[ "$(jq -r .title <<<"$output")" = Marteau ]
	run -0 mutu need list -C b.git --format ids
	[ "${#lines[@]}" -eq 2 ]
	run -0 mutu member show bob -C b.git --format ids
	[ "$output" = bob ]
	[ "$(git -C b.git rev-list --count HEAD)" -eq 7 ]
	[ ! -e b.git/offers ]
	[ ! -e b.git/needs ]
	[ ! -e b.git/members ]
}

@test "a bare commons refuses bad input and stays unchanged" {
	mutu init --bare b.git --name Shared --member alice --email alice@example.org -q
	local id
	id=$(mutu offer -C b.git add --title Perceuse)
	REFUSES_DIR=b.git refuses 65 "title" mutu offer add -C b.git --title ""
	REFUSES_DIR=b.git refuses 65 "colour" mutu offer add -C b.git --yaml <(printf 'title: A\n---\ntitle: B\ncolour: red\n')
	REFUSES_DIR=b.git MUTU_MEMBER=zed refuses 77 "zed" mutu offer close -C b.git "$id"
	REFUSES_DIR=b.git refuses 66 "zzzz" mutu offer show -C b.git zzzzzz
}

@test "MUTU_DIR naming something that is not a commons exits 66" {
	mkdir plain
	MUTU_DIR="$BATS_TEST_TMPDIR/plain" run -66 --separate-stderr mutu offer list
	assert_one_line_error mutu-offer
	MUTU_DIR="$BATS_TEST_TMPDIR/nowhere" run -66 --separate-stderr mutu offer list
	assert_one_line_error mutu-offer
}

@test "a commons pushed to a bare remote and cloned keeps working" {
	new_commons
	add_offer --title Perceuse >/dev/null
	git clone -q --bare . "$BATS_TEST_TMPDIR/remote.git"
	git config -f "$BATS_TEST_TMPDIR/remote.git/config" mutu.member alice
	MUTU_DIR="$BATS_TEST_TMPDIR/remote.git" add_offer --title Marteau >/dev/null
	git clone -q "$BATS_TEST_TMPDIR/remote.git" "$BATS_TEST_TMPDIR/clone"
	cd "$BATS_TEST_TMPDIR/clone"
	git config mutu.member alice
	run -0 mutu offer list --sort title --format tsv
	[ "$(cut -f7 <<<"$output" | tr '\n' ' ')" = "Marteau Perceuse " ]
	add_offer --title Scie >/dev/null
	assert_clean
}

# --- concurrent writers ---

@test "10 concurrent offer add all land: 10 commits, 10 records, all exit 0, linear history" {
	new_commons
	local before i pids=() rc=0
	before=$(commit_count)
	for i in $(seq 1 10); do
		mutu offer add --title "Concurrent $i" >"$BATS_TEST_TMPDIR/out.$i" 2>"$BATS_TEST_TMPDIR/err.$i" &
		pids+=($!)
	done
	for i in "${!pids[@]}"; do
		wait "${pids[$i]}" || { rc=$?; echo "writer $((i + 1)) exited $rc: $(cat "$BATS_TEST_TMPDIR/err.$((i + 1))")" >&2; }
	done
	[ "$rc" -eq 0 ]
	[ "$(commit_count)" -eq $((before + 10)) ]
	[ "$(git rev-list --merges --count HEAD)" -eq 0 ]
	[ "$(git rev-list --min-parents=2 --count HEAD)" -eq 0 ]
	run -0 mutu offer list --format ids
	[ "${#lines[@]}" -eq 10 ]
	[ "$(cat "$BATS_TEST_TMPDIR"/out.* | sort)" = "$(sort <<<"$output")" ]
	[ "$(git log --format=%s | grep -c '^offer add ')" -eq 10 ]
	assert_clean
	[ -z "$(find .git -name '*.lock')" ]
	git fsck --no-progress --no-dangling >/dev/null 2>&1
}

@test "concurrent writers on a bare commons all land too" {
	mutu init --bare b.git --name Shared --member alice --email alice@example.org -q
	local i pids=() rc=0
	for i in $(seq 1 6); do
		MUTU_DIR="$BATS_TEST_TMPDIR/b.git" mutu need add --title "Need $i" >/dev/null 2>&1 &
		pids+=($!)
	done
	for i in "${pids[@]}"; do wait "$i" || rc=$?; done
	[ "$rc" -eq 0 ]
	[ "$(git -C b.git rev-list --count HEAD)" -eq 7 ]
	run -0 mutu need -C b.git list --format ids
	[ "${#lines[@]}" -eq 6 ]
}

@test "concurrent edits of one record lose no update: each one lands or exits 75" {
	new_commons
	local id i pids=() rcs=() landed=()
	id=$(add_offer --title Perceuse)
	for i in 1 2 3 4 5; do
		mutu offer edit "$id" --add-tag "t$i" -q 2>/dev/null &
		pids+=($!)
	done
	for i in 1 2 3 4 5; do
		wait "${pids[$((i - 1))]}" && rcs[i]=0 || rcs[i]=$?
		case ${rcs[i]} in
		0) landed+=("t$i") ;;
		75) ;;
		*) fail "edit $i exited ${rcs[i]}" ;;
		esac
	done
	run -0 mutu offer show "$id" --format json
	[ "$(jq -r '(.tags // []) | sort | join(" ")' <<<"$output")" = "$(printf '%s\n' "${landed[@]}" | sort | paste -sd' ')" ]
	[ "$(git rev-list --merges --count HEAD)" -eq 0 ]
	assert_clean
}

# --- tolerant reads of hand-committed records ---

@test "a committed record that fails its schema is still listed and shown, with a warning naming the file" {
	new_commons
	local id=abcdefgh0001 path=offers/ab/abcdefgh0001.yaml
	add_offer --title Perceuse >/dev/null
	mkdir -p offers/ab
	cat >"$path" <<-EOF
	id: $id
	type: offer
	title: Hand made
	kind: tool
	status: open
	author: alice
	created: "$T0"
	updated: "$T0"
	colour: red
	EOF
	gitc add "$path"
	gitc commit -qm "by hand"
	run -0 --separate-stderr mutu offer list --format ids
	[ "${#lines[@]}" -eq 2 ]
	[[ $output == *"$id"* ]]
	[[ $stderr == *"warning"*"$path"* ]]
	run -0 --separate-stderr mutu offer show "$id" --format json
	[ "$(jq -r .title <<<"$output")" = "Hand made" ]
	[[ $stderr == *"$path"* ]]
}

@test "a committed record that is not YAML is never skipped silently" {
	new_commons
	add_offer --title Perceuse >/dev/null
	mkdir -p offers/ab
	printf 'id: abcdefgh0001\ntitle: [broken\n' >offers/ab/abcdefgh0001.yaml
	gitc add offers/ab
	gitc commit -qm "broken by hand"
	run -0 --separate-stderr mutu offer list --format ids
	[ "${#lines[@]}" -ge 1 ]
	[[ $stderr == *"offers/ab/abcdefgh0001.yaml"* ]]
}

@test "a record changed by a plain git commit shows the new content at once" {
	new_commons
	local id path
	id=$(add_offer --title Perceuse)
	run -0 mutu offer list --format tsv # let any cache fill
	path=$(record_path offers "$id")
	sed -i 's/^title: .*/title: Changed by git/' "$path"
	gitc commit -qam "by hand"
	run -0 mutu offer list --format tsv
	[ "$(cut -f7 <<<"$output")" = "Changed by git" ]
	run -0 mutu offer list --grep "by git" --format ids
	[ "$output" = "$id" ]
	git rm -q "$path"
	gitc commit -qm "removed by hand"
	run -1 mutu offer list --format ids
	[ -z "$output" ]
}

@test "removing mutu's derived files from the Git directory changes no answer" {
	new_commons
	add_offer --title Perceuse --kind tool --tag a >/dev/null
	MUTU_NOW=2026-01-05T00:00:00Z add_offer --title Escabeau --tag b >/dev/null
	local f before after
	for f in tsv json yaml ids; do
		mutu offer list --status all --format "$f" >>"$BATS_TEST_TMPDIR/before"
	done
	mutu offer list --tag a --format ids >>"$BATS_TEST_TMPDIR/before"
	# whatever mutu keeps for itself in the Git directory is derived
	find .git -mindepth 1 -maxdepth 2 -iname '*mutu*' ! -name config -exec rm -rf {} +
	for f in tsv json yaml ids; do
		mutu offer list --status all --format "$f" >>"$BATS_TEST_TMPDIR/after"
	done
	mutu offer list --tag a --format ids >>"$BATS_TEST_TMPDIR/after"
	cmp "$BATS_TEST_TMPDIR/before" "$BATS_TEST_TMPDIR/after"
	assert_clean
	run -0 git ls-files
	[ "${#lines[@]}" -ge 4 ]
	[[ ${output,,} != *cache* ]]
}

@test "records fan out by the first two characters of their id" {
	new_commons
	local i id dir
	for i in 1 2 3 4 5; do
		id=$(add_offer --title "Offer $i")
		git cat-file -e "HEAD:offers/${id:0:2}/$id.yaml"
	done
	run -0 git ls-tree --name-only HEAD offers/
	[ "${#lines[@]}" -ge 1 ]
	for dir in "${lines[@]}"; do
		[[ $dir =~ ^offers/[0-9a-z]{2}$ ]] || fail "not a fan-out directory: $dir"
	done
}
