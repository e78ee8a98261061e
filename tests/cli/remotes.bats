#!/usr/bin/env bats
# The Git servers of remote-helper.bash, each proved with plain git
# before mutu is tested against it: a path, git://, smart HTTP behind
# basic auth, SSH, gitolite. They bind 127.0.0.1 only and none outlives
# its test file.

load helper
load remote-helper

# One set of servers for the whole file: nginx per test would be slow.
setup_file() {
	start_servers
	start_gitolite
	# alice may write, bob only read
	gitolite_key alice >/dev/null
	gitolite_key bob >/dev/null
	gitolite_conf <<-EOF
		repo commons
		    RW+ = alice
		    R   = bob
	EOF
}

teardown_file() {
	stop_servers
}

setup() {
	mutu_setup
}

# The servers a test starts itself.
teardown() {
	stop_servers
}

# round_trip BARE URL: through URL, clone the empty bare repository BARE,
# commit, push, clone again elsewhere and find the commit there, then
# push a second one and fetch it into the second clone.
round_trip() {
	local bare=$1 url=$2
	git clone -q "$url" a || fail "cannot clone the empty $url"
	echo one >a/f
	gitc -C a add f || fail "git add failed"
	gitc -C a commit -qm first || fail "git commit failed"
	git -C a push -q origin HEAD:main || fail "cannot push to $url"
	[ "$(git --git-dir="$bare" rev-parse main)" = "$(git -C a rev-parse HEAD)" ] ||
		fail "the push did not reach $bare"
	git clone -q "$url" b || fail "cannot clone $url again"
	[ "$(git -C b log -1 --format=%s)" = first ] || fail "the second clone lacks the commit"
	echo two >>a/f
	gitc -C a commit -qam second || fail "git commit failed"
	git -C a push -q origin HEAD:main || fail "cannot push to $url again"
	git -C b fetch -q origin || fail "cannot fetch from $url"
	[ "$(git -C b rev-parse origin/main)" = "$(git -C a rev-parse HEAD)" ] ||
		fail "the fetch did not bring the second commit"
}

# listening PORT: the local addresses something listens on at PORT.
listening() {
	ss -Hltn "sport = :$1" | awk '{ print $4 }'
}

@test "a path: clone, push, clone again, fetch" {
	local bare
	bare=$(new_bare path)
	round_trip "$bare" "$bare"
}

@test "git daemon: clone, push, clone again, fetch" {
	local bare
	bare=$(new_bare daemon)
	round_trip "$bare" "$GIT_DAEMON_URL/daemon.git"
}

@test "HTTP with the password: clone, push, clone again, fetch" {
	local bare
	bare=$(new_bare http)
	round_trip "$bare" "$HTTP_AUTH_URL/http.git"
}

@test "HTTP answers the user and the password with 200" {
	new_bare http-200 >/dev/null
	[ "$(http_status "$HTTP_URL/http-200.git/info/refs?service=git-upload-pack" "$HTTP_USER" "$HTTP_PASSWORD")" = 200 ]
}

@test "HTTP without the password is refused with 401" {
	new_bare http-401 >/dev/null
	[ "$(http_status "$HTTP_URL/http-401.git/info/refs?service=git-upload-pack")" = 401 ]
}

@test "HTTP with a wrong password is refused with 401" {
	new_bare http-wrong >/dev/null
	[ "$(http_status "$HTTP_URL/http-wrong.git/info/refs?service=git-upload-pack" "$HTTP_USER" wrong)" = 401 ]
}

@test "HTTP without the password: git cannot fetch" {
	new_bare http-anon >/dev/null
	GIT_TERMINAL_PROMPT=0 GIT_ASKPASS='' SSH_ASKPASS='' run git ls-remote "$HTTP_URL/http-anon.git"
	[ "$status" -ne 0 ]
	[[ $output == *"Authentication failed"* || $output == *"could not read Username"* ]]
}

@test "SSH with SSH_COMMAND: clone, push, clone again, fetch" {
	local bare
	bare=$(new_bare ssh)
	GIT_SSH_COMMAND=$SSH_COMMAND round_trip "$bare" "$SSH_URL$bare"
}

@test "ssh_home: the client key and a known_hosts that trusts the server" {
	local bare h=$BATS_TEST_TMPDIR/sshhome/.ssh
	bare=$(new_bare ssh-home)
	ssh_home "$BATS_TEST_TMPDIR/sshhome"
	[ "$(stat -c %a "$h")" = 700 ]
	[ "$(stat -c %a "$h/id_ed25519")" = 600 ]
	[ "$(stat -c %a "$h/id_ed25519.pub")" = 600 ]
	cmp "$h/id_ed25519" "$SSH_KEY"
	grep -q "^\[127\.0\.0\.1\]:$SSH_PORT ssh-ed25519 " "$h/known_hosts"
	# ssh finds ~ in the password database, not in $HOME: the files are
	# named, and the host key is checked strictly against known_hosts
	GIT_SSH_COMMAND="ssh -F /dev/null -i $h/id_ed25519 -o IdentitiesOnly=yes -o BatchMode=yes -o UserKnownHostsFile=$h/known_hosts -o StrictHostKeyChecking=yes" \
		git ls-remote "$SSH_URL$bare"
}

@test "SSH refuses a key it does not know" {
	local bare
	bare=$(new_bare ssh-stranger)
	ssh-keygen -q -t ed25519 -N '' -f "$BATS_TEST_TMPDIR/stranger"
	GIT_SSH_COMMAND="${SSH_COMMAND/-i $SSH_KEY/-i $BATS_TEST_TMPDIR/stranger}" \
		run git ls-remote "$SSH_URL$bare"
	[ "$status" -ne 0 ]
	[[ $output == *"Permission denied"* ]]
}

@test "gitolite, a user who may write: clone, push, clone again, fetch" {
	GIT_SSH_COMMAND=$(gitolite_ssh alice) round_trip "$GITOLITE_HOME/repositories/commons.git" "$GITOLITE_URL/commons"
}

@test "gitolite refuses a push from a user who may only read" {
	local ssh
	ssh=$(gitolite_ssh bob)
	GIT_SSH_COMMAND=$ssh git clone -q "$GITOLITE_URL/commons" b
	gitc -C b commit -q --allow-empty -m "bob's"
	GIT_SSH_COMMAND=$ssh run git -C b push origin HEAD:main
	[ "$status" -ne 0 ]
	[[ $output == *"DENIED by fallthru"* ]]
}

@test "gitolite refuses a user it does not know" {
	local ssh
	ssh=$(_ssh_command "$SSH_KEY" "$GITOLITE_PORT")
	GIT_SSH_COMMAND=$ssh run git ls-remote "$GITOLITE_URL/commons"
	[ "$status" -ne 0 ]
	[[ $output == *"Permission denied"* ]]
}

@test "gitolite_home: a user's key and a known_hosts that trusts gitolite" {
	local h=$BATS_TEST_TMPDIR/glhome/.ssh
	gitolite_home "$BATS_TEST_TMPDIR/glhome" bob
	cmp "$h/id_ed25519" "$GITOLITE_KEYS/bob"
	grep -q "^\[127\.0\.0\.1\]:$GITOLITE_PORT ssh-ed25519 " "$h/known_hosts"
	GIT_SSH_COMMAND="ssh -F /dev/null -i $h/id_ed25519 -o IdentitiesOnly=yes -o BatchMode=yes -o UserKnownHostsFile=$h/known_hosts -o StrictHostKeyChecking=yes" \
		git ls-remote "$GITOLITE_URL/commons"
}

@test "every server listens on 127.0.0.1 and nowhere else" {
	need_tool ss
	[ "$(listening "$GIT_DAEMON_PORT")" = "127.0.0.1:$GIT_DAEMON_PORT" ]
	[ "$(listening "$HTTP_PORT")" = "127.0.0.1:$HTTP_PORT" ]
	[ "$(listening "$SSH_PORT")" = "127.0.0.1:$SSH_PORT" ]
	[ "$(listening "$GITOLITE_PORT")" = "127.0.0.1:$GITOLITE_PORT" ]
}

@test "after stop_servers no server runs and no port answers" {
	local pids ports pid port
	# a set of this test's own: the file's serve the other tests (gitolite
	# is left out: it is slow to set up, and its sshd is start_sshd's)
	start_servers
	ports="$GIT_DAEMON_PORT $HTTP_PORT $SSH_PORT"
	pids="$GIT_DAEMON_PID $HTTP_PID $FCGI_PID $SSH_PID"
	for port in $ports; do
		port_open "$port" || fail "nothing answers on $port before stop_servers"
	done
	stop_servers
	for port in $ports; do
		! port_open "$port" || fail "$port still answers"
	done
	for pid in $pids; do
		_gone "$pid" || fail "process $pid still runs"
	done
}
