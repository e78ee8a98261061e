#!/usr/bin/env bats
# mutu-member: add, list, show.

load helper

setup() {
	mutu_setup
	new_commons
}

KEY='ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBbQ1Rk9Q4w2Yb5a3J4yDq5F0z2kWmH7C8n0Jx1s2t3u bob@laptop'

@test "member add commits members/HANDLE.yaml, authored by the acting member, and prints the handle" {
	local before
	before=$(commit_count)
	run -0 --separate-stderr mutu member add bob --name "Bob Dupont" --email bob@example.org
	[ "$output" = bob ]
	[ "$(commit_count)" -eq $((before + 1)) ]
	[ "$(git diff --name-only HEAD~1 HEAD)" = members/bob.yaml ]
	[ "$(git log -1 --format='%an <%ae>')" = "Alice Martin <alice@example.org>" ]
	[ "$(git log -1 --format=%s)" = "member add bob: Bob Dupont" ]
	[ "$(trailer Mutu-Action)" = member.add ]
	[ "$(trailer Mutu-Record)" = members/bob.yaml ]
	grep -qx 'handle: bob' members/bob.yaml
	grep -qx 'name: Bob Dupont' members/bob.yaml
	grep -qx 'email: bob@example.org' members/bob.yaml
	assert_clean
}

@test "member add -q prints nothing" {
	run -0 --separate-stderr mutu member add bob --name Bob --email bob@example.org -q
	[ -z "$output" ]
	[ -z "$stderr" ]
	run -0 mutu member show bob --format ids
	[ "$output" = bob ]
}

@test "member add --key stores the key; roles come only by an applied proposal" {
	echo "$KEY" >bob.pub
	run -0 mutu member add bob --name Bob --email bob@example.org --key bob.pub
	rm bob.pub
	run -0 mutu member show bob --format json
	[ "$(jq -r '.keys[0]' <<<"$output")" = "$KEY" ]
	[ "$(jq -r '.status' <<<"$output")" = active ]
	[ "$(jq -c '.roles' <<<"$output")" = null ]
	grant_role bob moderator
	grant_role bob treasurer
	run -0 mutu member show bob --format json
	[ "$(jq -c '.roles' <<<"$output")" = '["moderator","treasurer"]' ]
}

@test "member add --role is gone: a usage error, nothing changed" {
	snapshot
	run -2 --separate-stderr mutu member add bob --name Bob --email bob@example.org --role moderator
	[[ $stderr == *"--role"* ]]
	assert_unchanged
}

@test "member list prints one tsv line per member: handle name email roles joined status" {
	add_member bob "Bob Dupont"
	add_member carol Carol
	grant_role carol moderator
	run -0 --separate-stderr mutu member list
	[ "${#lines[@]}" -eq 3 ]
	[ "${lines[0]}" = "$(printf 'alice\tAlice Martin\talice@example.org\t\t2026-01-02T03:04:05Z\tactive')" ]
	[ "${lines[1]}" = "$(printf 'bob\tBob Dupont\tbob@example.org\t\t2026-01-02T03:04:05Z\tactive')" ]
	[ "${lines[2]}" = "$(printf 'carol\tCarol\tcarol@example.org\tmoderator\t2026-01-02T03:04:05Z\tactive')" ]
}

@test "member list --format ids, json and yaml" {
	add_member bob
	local l
	need_yq
	run -0 mutu member list --format ids
	[ "$output" = "$(printf 'alice\nbob')" ]
	run -0 mutu member list --format json
	[ "${#lines[@]}" -eq 2 ]
	for l in "${lines[@]}"; do
		jq -e 'type == "object"' <<<"$l" >/dev/null || fail "not a JSON object: $l"
	done
	[ "$(jq -r .handle <<<"${lines[1]}")" = bob ]
	[ "$(jq -r .email <<<"${lines[1]}")" = bob@example.org ]
	run -0 mutu member list --format yaml
	[ "$(grep -c '^handle: ' <<<"$output")" -eq 2 ]
	[ "$(grep -c '^---$' <<<"$output")" -eq 1 ]
	[ "$(yq -r .handle <<<"$output" | tr '\n' ' ')" = "alice bob " ]
}

@test "member list --format table shows a header" {
	run -0 mutu member list --format table
	[[ ${lines[0]} == *HANDLE* ]]
	[[ $output == *alice* ]]
}

@test "member show prints one member in every format" {
	echo "$KEY" >bob.pub
	mutu member add bob --name "Bob Dupont" --email bob@example.org --key bob.pub -q
	rm bob.pub
	grant_role bob moderator
	run -0 --separate-stderr mutu member show bob --format table
	[ "${lines[0]}" = "member bob" ]
	[[ $output == *"Bob Dupont"* ]]
	[[ $output == *bob@example.org* ]]
	[[ $output == *moderator* ]]
	run -0 mutu member show bob --format json
	[ "$(jq -r .name <<<"$output")" = "Bob Dupont" ]
	run -0 mutu member show bob --format tsv
	[ "$output" = "$(printf 'bob\tBob Dupont\tbob@example.org\tmoderator\t2026-01-02T03:04:05Z\tactive')" ]
	run -0 mutu member show bob --format ids
	[ "$output" = bob ]
	run -0 mutu member show bob --format yaml
	grep -qx 'handle: bob' <<<"$output"
	[ "$output" = "$(git show HEAD:members/bob.yaml)" ]
}

@test "member add --help names its options" {
	local o
	run -0 --separate-stderr mutu member add --help
	for o in --name --email --key; do
		[[ $output == *"$o"* ]] || fail "member add --help lacks $o"
	done
	[ -z "$stderr" ]
}

@test "member show of an unknown member exits 66" {
	refuses 66 'carol' mutu member show carol
}

@test "member show of a handle that is not a plain name exits 65" {
	for h in ../alice a/b ../../etc/passwd "$(printf 'al\nice')" "$(printf 'al\001ice')" ALICE; do
		refuses 65 'handle' mutu member show "$h"
	done
}

@test "member add refuses a handle that is already taken and leaves the commons unchanged" {
	add_member bob
	refuses 2 "bob" mutu member add bob --name Other --email other@example.org
}

@test "member add refuses a handle that is not a plain name (exit 65) and leaves the commons unchanged" {
	for h in ../x a/b Bob b x-very-long-handle-that-goes-past-32-chars "$(printf 'a\tb')" "$(printf 'ab\ncd')" 9lives; do
		refuses 65 'handle' mutu member add "$h" --name X --email x@example.org
	done
}

@test "member add refuses a malformed email with a clean one-line error" {
	refuses 65 'email' mutu member add bob --name Bob --email not-an-email
}

@test "member add refuses a name with a newline or angle brackets" {
	refuses 65 'name' mutu member add bob --name "$(printf 'Bob\nEvil')" --email bob@example.org
	refuses 65 'name' mutu member add bob --name "Bob <evil@x>" --email bob@example.org
}

@test "member add refuses a malformed key file" {
	echo garbage >bad.pub
	snapshot
	run -65 --separate-stderr mutu member add bob --name Bob --email bob@example.org --key bad.pub
	assert_one_line_error mutu-member
	[[ $stderr == *key* ]]
	assert_unchanged
}

@test "member add with a missing key file exits 66" {
	refuses 66 'nokey.pub' mutu member add bob --name Bob --email bob@example.org --key nokey.pub
}

@test "member add requires --name and --email, and one HANDLE (exit 2)" {
	refuses 2 '' mutu member add bob --email bob@example.org
	refuses 2 '' mutu member add bob --name Bob
	refuses 2 '' mutu member add --name Bob --email bob@example.org
	refuses 2 '' mutu member add bob carol --name Bob --email bob@example.org
	refuses 2 'frobnicate' mutu member add bob --name Bob --email bob@example.org --frobnicate
	refuses 2 'email' mutu member add bob --name Bob --email
}

@test "member add needs a known acting member (exit 77)" {
	MUTU_MEMBER=zed refuses 77 'zed' mutu member add bob --name Bob --email bob@example.org
}

@test "member list and show work with -C from elsewhere" {
	cd "$BATS_TEST_TMPDIR"
	run -0 mutu member -C c list --format ids
	[ "$output" = alice ]
	run -0 mutu member show alice -C c --format ids
	[ "$output" = alice ]
}

# --- who is acting ---

@test "identity: MUTU_MEMBER names the acting member, before git config mutu.member" {
	add_member bob "Bob Dupont"
	MUTU_MEMBER=bob run -0 mutu offer add --title Perceuse
	[ "$(git log -1 --format='%an <%ae>')" = "Bob Dupont <bob@example.org>" ]
	run -0 mutu offer show "$output" --format json
	[ "$(jq -r .author <<<"$output")" = bob ]
}

@test "identity: git config mutu.member when MUTU_MEMBER is unset" {
	add_member bob "Bob Dupont"
	git config mutu.member bob
	run -0 mutu offer add --title Perceuse
	[ "$(git log -1 --format='%an <%ae>')" = "Bob Dupont <bob@example.org>" ]
}

@test "identity: the member whose email is git config user.email, when nothing else is set" {
	add_member bob "Bob Dupont"
	git config --unset mutu.member
	git config user.email bob@example.org
	run -0 mutu offer add --title Perceuse
	[ "$(git log -1 --format='%an <%ae>')" = "Bob Dupont <bob@example.org>" ]
	run -0 mutu offer show "$output" --format json
	[ "$(jq -r .author <<<"$output")" = bob ]
}

@test "identity: user.email from the global git config counts too" {
	add_member bob "Bob Dupont"
	git config --unset mutu.member
	git config --global user.email bob@example.org
	run -0 mutu offer add --title Perceuse
	[ "$(git log -1 --format=%an)" = "Bob Dupont" ]
}

@test "identity: two members with the same email is exit 77, naming what was tried" {
	add_member carol Carol shared@example.org
	add_member dave Dave shared@example.org
	git config --unset mutu.member
	git config user.email shared@example.org
	refuses 77 "shared@example\\.org" mutu offer add --title Perceuse
	[[ ${stderr_lines[0]} == *MUTU_MEMBER* ]]
	[[ ${stderr_lines[0]} == *mutu.member* ]]
}

@test "identity: no member with user.email, or none set at all, is exit 77" {
	git config --unset mutu.member
	git config user.email nobody@example.org
	refuses 77 "nobody@example\\.org" mutu offer add --title Perceuse
	git config --unset user.email
	refuses 77 "MUTU_MEMBER" mutu offer add --title Perceuse
}

@test "identity: a mutu.member that is not a member is exit 77, not a fallback to user.email" {
	git config mutu.member zed
	git config user.email alice@example.org
	refuses 77 "zed" mutu offer add --title Perceuse
}

@test "identity: reads need no identity" {
	local id
	id=$(add_offer --title Perceuse)
	git config --unset mutu.member
	MUTU_MEMBER=zed run -0 mutu offer list --format ids
	[ "$output" = "$id" ]
	MUTU_MEMBER=zed run -0 mutu offer show "$id" --format ids
	[ "$output" = "$id" ]
	MUTU_MEMBER=zed run -0 mutu member list --format ids
	[ "$output" = alice ]
	run -0 mutu offer show "$id" --format ids
	[ "$output" = "$id" ]
}
