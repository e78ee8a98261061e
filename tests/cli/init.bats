#!/usr/bin/env bats
# mutu init: creating a commons.

load helper

setup() {
	mutu_setup
}

@test "init creates mutu.yaml, rules.yaml and the founding member in one first commit" {
	local date
	run -0 --separate-stderr mutu init c --name "Test commons" --member alice --email alice@example.org --fullname "Alice Martin"
	[[ $output == *"Test commons"* ]]
	[ -z "$stderr" ]
	cd c
	[ "$(git rev-list --count HEAD)" -eq 1 ]
	[ "$(git ls-tree -r --name-only HEAD | sort | tr '\n' ' ')" = ".gitattributes members/alice.yaml mutu.yaml rules.yaml " ]
	[ "$(git symbolic-ref HEAD)" = refs/heads/main ]
	assert_clean
	[ "$(git log -1 --format='%an <%ae>')" = "Alice Martin <alice@example.org>" ]
	date=$(git log -1 --format=%cI)
	[[ $date == 2026-01-02T03:04:05Z || $date == 2026-01-02T03:04:05+00:00 ]] || fail "committed at $date"
	[ "$(git log -1 --format=%aI)" = "$date" ]
	[ "$(trailer Mutu-Action)" = commons.init ]
	[[ $(trailer Mutu-Record) == *members/alice.yaml* ]]
}

@test "init sets the new repository's git config mutu.member to the founder" {
	mutu init c --name T --member alice --email alice@example.org -q
	[ "$(git -C c config --local mutu.member)" = alice ]
}

@test "init writes the documented rules.yaml defaults" {
	new_commons
	grep -qx 'format: 1' rules.yaml
	grep -qx 'membership: open' rules.yaml
	grep -qx 'require_signatures: false' rules.yaml
	grep -qx 'voting:' rules.yaml
	grep -qx '  method: yes-no' rules.yaml
	grep -qx '  quorum: 50' rules.yaml
	grep -qx '  threshold: 50' rules.yaml
	grep -Eqx "  discussion: (7d|\"7d\"|'7d')" rules.yaml
	grep -Eqx "  vote: (7d|\"7d\"|'7d')" rules.yaml
}

@test "init records the commons' name and the founder's name, email and join time" {
	new_commons
	grep -qx 'name: Test commons' mutu.yaml
	grep -qx 'handle: alice' members/alice.yaml
	grep -qx 'name: Alice Martin' members/alice.yaml
	grep -qx 'email: alice@example.org' members/alice.yaml
	grep -Eqx "joined: [\"']?2026-01-02T03:04:05Z[\"']?" members/alice.yaml
}

@test "init without --fullname names the founder by their handle" {
	mutu init c --name T --member alice --email alice@example.org -q
	grep -qx 'name: alice' c/members/alice.yaml
	[ "$(git -C c log -1 --format=%an)" = alice ]
}

@test "init without DIR creates the commons in the current directory" {
	mkdir here
	cd here
	run -0 mutu init --name Here --member carol --email carol@example.org
	[ -f mutu.yaml ]
	[ -f members/carol.yaml ]
	[ "$(git rev-parse --show-toplevel)" = "$PWD" ]
}

@test "init reuses an empty Git repository" {
	git init -q c
	run -0 mutu init c --name T --member alice --email alice@example.org -q
	[ "$(git -C c rev-list --count HEAD)" -eq 1 ]
	assert_clean c
}

@test "init -q prints nothing" {
	run -0 --separate-stderr mutu init c --name T --member alice --email alice@example.org -q
	[ -z "$output" ]
	[ -z "$stderr" ]
	[ -f c/mutu.yaml ]
}

@test "init refuses a commons that already has history and leaves it unchanged" {
	new_commons
	refuses 2 'history' mutu init . --name Other --member bob --email bob@example.org
	[ "$(git config mutu.member)" = alice ]
}

@test "init refuses a repository with history even if it is not a commons" {
	git init -q r
	echo hi >r/file
	gitc -C r add file
	gitc -C r commit -qm first
	cd r
	snapshot
	run -2 --separate-stderr mutu init . --name T --member alice --email alice@example.org
	assert_usage_error mutu-init
	assert_unchanged
}

@test "init --bare creates a commons without a work tree" {
	run -0 mutu init --bare b.git --name Shared --member alice --email alice@example.org
	[ "$(git -C b.git rev-parse --is-bare-repository)" = true ]
	[ ! -e b.git/mutu.yaml ]
	[ ! -e b.git/members ]
	[ "$(git -C b.git ls-tree -r --name-only HEAD | sort | tr '\n' ' ')" = ".gitattributes members/alice.yaml mutu.yaml rules.yaml " ]
	[ "$(git -C b.git config mutu.member)" = alice ]
}

@test "init requires --name, --member and --email (usage, exit 2) and creates nothing" {
	run -2 --separate-stderr mutu init c --name T --member alice
	assert_usage_error mutu-init
	[ ! -e c ]
	run -2 --separate-stderr mutu init c --member alice --email alice@example.org
	assert_usage_error mutu-init
	[ ! -e c ]
	run -2 --separate-stderr mutu init c --name T --email alice@example.org
	assert_usage_error mutu-init
	[ ! -e c ]
}

@test "init refuses a handle that is not a plain name (exit 65) and creates nothing" {
	for h in ../x a/b Alice x "$(printf 'a\tb')" "$(printf 'ab\ncd')" -rf; do
		run -65 --separate-stderr mutu init c --name T --member "$h" --email alice@example.org
		assert_one_line_error mutu-init
		[ ! -e c ] || fail "created c for handle '$h'"
	done
}

@test "init refuses a malformed email with one clean error line and creates nothing" {
	run -65 --separate-stderr mutu init c --name T --member alice --email not-an-email
	assert_one_line_error mutu-init
	[[ $stderr == *email* ]]
	[ ! -e c ]
}

@test "init refuses a commons name with a newline (exit 65) and creates nothing" {
	run -65 --separate-stderr mutu init c --name "$(printf 'two\nlines')" --member alice --email alice@example.org
	assert_one_line_error mutu-init
	[ ! -e c ]
}

@test "init refuses an unknown option and a missing value (exit 2)" {
	run -2 --separate-stderr mutu init c --name T --member alice --email alice@example.org --frobnicate
	assert_usage_error mutu-init
	[[ ${stderr_lines[0]} == *--frobnicate* ]]
	[ ! -e c ]
	run -2 --separate-stderr mutu init c --member alice --email alice@example.org --name
	assert_usage_error mutu-init
	[ ! -e c ]
}

@test "init --help and --version answer on stdout with exit 0" {
	run -0 --separate-stderr mutu init --help
	[[ ${lines[0]} == usage:* ]]
	[[ $output == *--bare* ]]
	[ -z "$stderr" ]
	run -0 --separate-stderr mutu-init --version
	[[ $output =~ ^mutu-init\ [0-9]+\.[0-9]+ ]]
	[ -z "$stderr" ]
}

@test "the commands find the commons from a subdirectory of its work tree" {
	new_commons
	add_offer --title Drill >/dev/null
	mkdir -p sub/deeper
	cd sub/deeper
	run -0 mutu offer list --format ids
	[ "${#lines[@]}" -eq 1 ]
}
