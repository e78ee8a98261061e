# Real Git servers on 127.0.0.1 for the tests of what mutu sends and
# fetches: git daemon (git://), nginx + fcgiwrap + git http-backend
# (smart HTTP with basic auth), sshd (ssh://) and gitolite3 behind an sshd
# of its own (rules of who may read and write what, for the tests of a
# server that refuses a push). Load after helper.bash.
#
# Every server is started by the test file itself, as the current user,
# from a configuration written into a temporary directory: no system
# service, no system configuration, no user's ~/.ssh is involved, and
# every one listens on 127.0.0.1 only, on a port the kernel just handed
# out. A server started in setup_file is the file's and stop_servers in
# teardown_file ends it; one started in a test is the test's and
# stop_servers in teardown ends it. Starting nginx per test is slow: start
# servers in setup_file when the tests can share them.
#
#   setup_file()    { start_servers; }
#   teardown_file() { stop_servers; }
#   teardown()      { stop_servers; }
#
# Every server serves the same directory of bare repositories, $REMOTE_ROOT:
# new_bare NAME makes $REMOTE_ROOT/NAME.git, which is then
#   $REMOTE_ROOT/NAME.git             as a path
#   $GIT_DAEMON_URL/NAME.git          through git daemon
#   $HTTP_URL/NAME.git                over HTTP, anonymous (refused: 401)
#   $HTTP_AUTH_URL/NAME.git           over HTTP as $HTTP_USER:$HTTP_PASSWORD
#   $SSH_URL$REMOTE_ROOT/NAME.git     over SSH, with GIT_SSH_COMMAND=$SSH_COMMAND
#                                     or a home made by ssh_home
# start_gitolite is apart: gitolite makes and keeps its own repositories
# (gitolite_conf), $GITOLITE_HOME/repositories/NAME.git, at
# $GITOLITE_URL/NAME.
#
# A missing server program fails the test, never skips it: tools/deps.sh
# (make deps) installs every one.

# The host every server binds to. Never anything else.
REMOTE_HOST=127.0.0.1

# How long a server gets to start answering, in seconds.
REMOTE_START_SECONDS=10

# free_port: print a TCP port on 127.0.0.1 that nobody listens on now.
# The kernel picks it from the ephemeral range (never 22 or 80); another
# process could take it before the server binds it, which start_* then
# reports as a server that did not start.
free_port() {
	python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])' || fail "free_port: python3 could not find a free port"
}

# port_open PORT: something accepts connections on 127.0.0.1:PORT.
port_open() {
	(: <>"/dev/tcp/$REMOTE_HOST/$1") 2>/dev/null
}

# The directory the servers' configurations, keys and logs go to: the
# test's when a test starts them, the file's in setup_file.
_remote_scope() {
	echo "${BATS_TEST_TMPDIR:-$BATS_FILE_TMPDIR}"
}

# _remote_init: $REMOTE_ROOT exists (exported, so that the tests of a file
# see the one setup_file made), and ps, which stop_servers finds the
# servers' children with, is there.
_remote_init() {
	_need_program - procps ps || return
	export REMOTE_ROOT=${REMOTE_ROOT:-$BATS_FILE_TMPDIR/srv}
	mkdir -p "$REMOTE_ROOT" || fail "cannot make $REMOTE_ROOT"
}

# _need_program VAR PACKAGE NAME…: set VAR (unless it is -) to the first
# NAME that can run (a name is looked up in PATH then in /usr/sbin, where
# Debian puts daemons that a non-root PATH lacks), or fail naming PACKAGE.
_need_program() {
	local var=$1 pkg=$2 name found=
	shift 2
	for name in "$@"; do
		if [[ $name == /* ]]; then
			[ -x "$name" ] && found=$name
		else
			found=$(command -v "$name" 2>/dev/null) ||
				{ [ -x "/usr/sbin/$name" ] && found=/usr/sbin/$name; }
		fi
		[ -n "$found" ] && break
	done
	[ -n "$found" ] ||
		fail "$1 is not installed (package $pkg): tools/deps.sh (make deps) installs it" ||
		return
	[ "$var" = - ] || printf -v "$var" %s "$found"
}

# _started PID: when PID started, as one word ("-" if it is gone).
_started() {
	local t
	t=$(ps -o lstart= -p "$1" 2>/dev/null) || t=-
	echo "${t// /_}"
}

# _register PID NAME: stop_servers will end PID (and its children).
_register() {
	echo "$1 $(_started "$1") $2" >>"$(_remote_scope)/.remote-servers"
}

# _spawn LOG CMD…: start CMD in the background, its output in LOG, its
# PID in $SPAWNED. It does not hold bats's file descriptor 3 (bats would
# wait for it to close before going on), and it is disowned: a bare
# `wait` in a test must not wait for the servers forever. The shell
# still reaps it, so that a stopped server leaves no zombie.
_spawn() {
	local log=$1
	shift
	"$@" </dev/null >"$log" 2>&1 3>&- &
	SPAWNED=$!
	disown "$SPAWNED"
}

# _wait_ready PID NAME LOG TEST…: wait until TEST… succeeds while PID
# lives; fail with the server's log if PID dies or time runs out.
_wait_ready() {
	local pid=$1 name=$2 log=$3 i
	shift 3
	for ((i = 0; i < REMOTE_START_SECONDS * 20; i++)); do
		if ! kill -0 "$pid" 2>/dev/null; then
			fail "$name exited at start:" "$(tail -n 20 "$log" 2>/dev/null)"
			return
		fi
		"$@" && return 0
		sleep 0.05
	done
	fail "$name did not answer within $REMOTE_START_SECONDS s:" \
		"$(tail -n 20 "$log" 2>/dev/null)"
}

# The environment every server runs git with: no system or user
# configuration of the machine the tests run on.
_git_server_env=(GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null)

# new_bare NAME: an empty bare repository $REMOTE_ROOT/NAME.git whose HEAD
# is main; prints its path.
new_bare() {
	_remote_init || return
	git init -q --bare --initial-branch=main "$REMOTE_ROOT/$1.git" ||
		fail "cannot make the bare repository $1"
	echo "$REMOTE_ROOT/$1.git"
}

# start_git_daemon: git:// on $GIT_DAEMON_URL, pushes allowed.
# Exports GIT_DAEMON_PORT, GIT_DAEMON_PID, GIT_DAEMON_URL.
start_git_daemon() {
	local daemon port dir log pid
	_remote_init || return
	# git-daemon itself, not `git daemon`: the git wrapper would fork it
	# and $! would be the wrapper's PID
	daemon=$(git --exec-path)/git-daemon
	_need_program daemon git "$daemon" || return
	port=$(free_port) || return
	dir=$(_remote_scope)/git-daemon.$port
	log=$dir/daemon.log
	mkdir -p "$dir" || fail "cannot make $dir" || return
	_spawn "$log" env "${_git_server_env[@]}" "$daemon" \
		--listen="$REMOTE_HOST" --port="$port" --reuseaddr --export-all \
		--enable=receive-pack --informative-errors --base-path="$REMOTE_ROOT" \
		"$REMOTE_ROOT"
	pid=$SPAWNED
	_register "$pid" git-daemon
	_wait_ready "$pid" "git daemon" "$log" port_open "$port" || return
	export GIT_DAEMON_PORT=$port GIT_DAEMON_PID=$pid
	export GIT_DAEMON_URL=git://$REMOTE_HOST:$port
}

# start_http: smart HTTP on $HTTP_URL, every request behind basic auth
# for $HTTP_USER with the password $HTTP_PASSWORD (made afresh).
# Exports HTTP_PORT, HTTP_PID (nginx), FCGI_PID (fcgiwrap), HTTP_URL,
# HTTP_USER, HTTP_PASSWORD and HTTP_AUTH_URL (the credentials in it).
start_http() {
	local nginx fcgiwrap openssl backend port dir sock pid fpid user=alice password
	_remote_init || return
	_need_program nginx nginx nginx || return
	_need_program fcgiwrap fcgiwrap fcgiwrap || return
	_need_program openssl openssl openssl || return
	backend=$(git --exec-path)/git-http-backend
	_need_program backend git "$backend" || return
	port=$(free_port) || return
	dir=$(_remote_scope)/http.$port
	sock=$dir/fcgi.sock
	mkdir -p "$dir/tmp" || fail "cannot make $dir" || return
	# a Unix socket in the test's own (0700) directory: fcgiwrap runs
	# whatever program a client names, it must not be reachable over TCP
	[ ${#sock} -lt 100 ] ||
		fail "$sock is too long for a Unix socket: set TMPDIR to a shorter directory" || return

	password=$("$openssl" rand -hex 12) || fail "openssl rand failed" || return
	printf '%s:%s\n' "$user" "$("$openssl" passwd -apr1 "$password")" >"$dir/htpasswd" ||
		fail "cannot write $dir/htpasswd" || return

	# One process (no master, no workers): it runs as the current user even
	# as root (a worker would switch to nobody, who cannot read this
	# directory), and its PID is the whole server. Every path nginx writes
	# to is here, so that it never touches /var/lib/nginx or /run.
	cat >"$dir/nginx.conf" <<-EOF || fail "cannot write $dir/nginx.conf" || return
		daemon off;
		master_process off;
		worker_processes 1;
		pid $dir/nginx.pid;
		error_log $dir/error.log info;
		events {
			worker_connections 64;
		}
		http {
			access_log $dir/access.log;
			client_body_temp_path $dir/tmp/body;
			fastcgi_temp_path $dir/tmp/fastcgi;
			proxy_temp_path $dir/tmp/proxy;
			uwsgi_temp_path $dir/tmp/uwsgi;
			scgi_temp_path $dir/tmp/scgi;
			# pushes carry whole packs
			client_max_body_size 0;
			server {
				listen $REMOTE_HOST:$port;
				server_name localhost;
				location / {
					auth_basic "mutu tests";
					auth_basic_user_file $dir/htpasswd;
					fastcgi_pass unix:$sock;
					fastcgi_param SCRIPT_FILENAME $backend;
					fastcgi_param GIT_PROJECT_ROOT $REMOTE_ROOT;
					fastcgi_param GIT_HTTP_EXPORT_ALL 1;
					# http-backend allows receive-pack to an authenticated user
					fastcgi_param REMOTE_USER \$remote_user;
					fastcgi_param REMOTE_ADDR \$remote_addr;
					fastcgi_param PATH_INFO \$uri;
					fastcgi_param QUERY_STRING \$query_string;
					fastcgi_param REQUEST_METHOD \$request_method;
					fastcgi_param CONTENT_TYPE \$content_type;
					fastcgi_param CONTENT_LENGTH \$content_length;
					fastcgi_param GIT_PROTOCOL \$http_git_protocol;
					fastcgi_param SERVER_PROTOCOL \$server_protocol;
					fastcgi_param GATEWAY_INTERFACE CGI/1.1;
					fastcgi_param GIT_CONFIG_NOSYSTEM 1;
					fastcgi_param GIT_CONFIG_GLOBAL /dev/null;
				}
			}
		}
	EOF

	# -p: fcgiwrap runs git-http-backend and nothing else. No -c: preforked
	# workers outlive a TERMed parent and are respawned when killed first;
	# one process serves requests one at a time, which git's requests
	# (each complete in itself) never wait on each other for.
	_spawn "$dir/fcgiwrap.log" "$fcgiwrap" -s "unix:$sock" -p "$backend"
	fpid=$SPAWNED
	_register "$fpid" fcgiwrap
	_wait_ready "$fpid" fcgiwrap "$dir/fcgiwrap.log" test -S "$sock" || return

	# -e: the error log before the configuration is read (the default is
	# /var/log/nginx, which a non-root user cannot open)
	_spawn "$dir/nginx.log" "$nginx" -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log"
	pid=$SPAWNED
	_register "$pid" nginx
	_wait_ready "$pid" nginx "$dir/error.log" port_open "$port" || return

	export HTTP_PORT=$port HTTP_PID=$pid FCGI_PID=$fpid
	export HTTP_USER=$user HTTP_PASSWORD=$password
	export HTTP_URL=http://$REMOTE_HOST:$port
	export HTTP_AUTH_URL=http://$user:$password@$REMOTE_HOST:$port
}

# http_status URL [USER PASSWORD]: print the HTTP status of a GET of URL.
http_status() {
	python3 - "$@" <<-'EOF'
		import base64, sys, urllib.error, urllib.request
		req = urllib.request.Request(sys.argv[1])
		if len(sys.argv) > 3:
		    cred = base64.b64encode(f"{sys.argv[2]}:{sys.argv[3]}".encode()).decode()
		    req.add_header("Authorization", "Basic " + cred)
		try:
		    print(urllib.request.urlopen(req, timeout=10).status)
		except urllib.error.HTTPError as e:
		    print(e.code)
	EOF
}

# _ssh_command KEY PORT: a GIT_SSH_COMMAND that logs in with KEY alone
# and reads nothing of ~/.ssh (nor asks anything: the host key of a
# throwaway server is taken as it comes).
_ssh_command() {
	echo "ssh -F /dev/null -i $1 -o IdentitiesOnly=yes -o BatchMode=yes -o UserKnownHostsFile=/dev/null -o StrictHostKeyChecking=no -o LogLevel=ERROR -p $2"
}

# _new_key FILE COMMENT: an ed25519 key pair without a passphrase.
_new_key() {
	local keygen
	_need_program keygen openssh-client ssh-keygen || return
	"$keygen" -q -t ed25519 -N '' -C "$2" -f "$1" </dev/null ||
		fail "cannot make the key $1"
}

# _start_sshd_in DIR PORT AUTHORIZED_KEYS ENV…: an sshd for the current
# user on PORT, its files in DIR (DIR/host_ed25519 its host key, made
# here), the keys AUTHORIZED_KEYS lists let in, and the logins run with
# ENV (NAME=VALUE…) on top of what sshd sets. Sets SPAWNED to its PID.
_start_sshd_in() {
	local dir=$1 port=$2 keys=$3 sshd user
	shift 3
	# sshd re-executes itself and insists on an absolute path
	_need_program sshd openssh-server /usr/sbin/sshd || return
	# the client the tests log in with
	_need_program - openssh-client ssh || return
	user=$(id -un) || fail "id -un failed" || return
	_new_key "$dir/host_ed25519" mutu-test-host || return
	# As root, sshd wants its privilege separation directory (the system
	# sshd's, which an installed but never started openssh-server lacks).
	if [ "$(id -u)" -eq 0 ] && [ ! -d /run/sshd ]; then
		mkdir -m 0755 /run/sshd 2>/dev/null || [ -d /run/sshd ] ||
			fail "cannot make /run/sshd" || return
	fi
	# StrictModes no: the temporary directories are not the home layout
	# sshd checks. PermitUserRC no: nothing of the user's ~/.ssh/rc runs.
	cat >"$dir/sshd_config" <<-EOF || fail "cannot write $dir/sshd_config" || return
		ListenAddress $REMOTE_HOST
		Port $port
		AddressFamily inet
		HostKey $dir/host_ed25519
		PidFile $dir/sshd.pid
		AuthorizedKeysFile $keys
		AuthenticationMethods publickey
		PubkeyAuthentication yes
		PasswordAuthentication no
		KbdInteractiveAuthentication no
		PermitRootLogin prohibit-password
		AllowUsers $user
		StrictModes no
		UsePAM no
		PermitUserRC no
		PermitUserEnvironment no
		AllowTcpForwarding no
		X11Forwarding no
		PrintMotd no
		UseDNS no
		SetEnv $*
		LogLevel VERBOSE
	EOF
	"$sshd" -t -f "$dir/sshd_config" >"$dir/sshd.log" 2>&1 ||
		fail "sshd rejects its configuration:" "$(cat "$dir/sshd.log")" || return
	_spawn "$dir/sshd.log" "$sshd" -D -e -f "$dir/sshd_config"
	_register "$SPAWNED" sshd
	_wait_ready "$SPAWNED" sshd "$dir/sshd.log" port_open "$port"
}

# start_sshd: ssh:// on $SSH_URL for the current user, who logs in with a
# key made for the test. Exports SSH_PORT, SSH_PID, SSH_USER, SSH_URL
# (ssh://USER@127.0.0.1:PORT, to which a repository's absolute path is
# appended), SSH_KEY (the client's private key), SSH_HOST_KEY_PUB (the
# server's public host key) and SSH_COMMAND, a GIT_SSH_COMMAND that uses
# that key and nothing of ~/.ssh.
start_sshd() {
	local port dir
	_remote_init || return
	port=$(free_port) || return
	dir=$(_remote_scope)/sshd.$port
	mkdir -p "$dir" || fail "cannot make $dir" || return
	_new_key "$dir/client_ed25519" mutu-test-client || return
	cp "$dir/client_ed25519.pub" "$dir/authorized_keys" || return
	# the logins run git with nothing of the user's ~/.gitconfig
	_start_sshd_in "$dir" "$port" "$dir/authorized_keys" "${_git_server_env[@]}" || return

	SSH_USER=$(id -un) || fail "id -un failed" || return
	SSH_COMMAND=$(_ssh_command "$dir/client_ed25519" "$port")
	export SSH_PORT=$port SSH_PID=$SPAWNED SSH_USER SSH_COMMAND
	export SSH_URL=ssh://$SSH_USER@$REMOTE_HOST:$port
	export SSH_KEY=$dir/client_ed25519 SSH_HOST_KEY_PUB=$dir/host_ed25519.pub
}

# ssh_home DIR [KEY PORT HOST_KEY_PUB]: DIR/.ssh as a client that reads
# ~/.ssh (libgit2) finds it: KEY (the client key of start_sshd) as
# id_ed25519{,.pub} and a known_hosts that trusts the host key
# HOST_KEY_PUB on [127.0.0.1]:PORT (start_sshd's). Use as HOME=DIR.
ssh_home() {
	local d=$1/.ssh key=${2-${SSH_KEY-}} port=${3-${SSH_PORT-}} host=${4-${SSH_HOST_KEY_PUB-}}
	[ -n "$key" ] && [ -n "$port" ] && [ -n "$host" ] ||
		fail "ssh_home: start_sshd first, or name a key, a port and a host key" || return
	mkdir -p "$d" || fail "cannot make $d" || return
	chmod 700 "$d" || return
	install -m 600 "$key" "$d/id_ed25519" || fail "cannot copy $key" || return
	install -m 600 "$key.pub" "$d/id_ed25519.pub" || fail "cannot copy $key.pub" || return
	# the host key's comment stays out: type and key only
	printf '[%s]:%s %s\n' "$REMOTE_HOST" "$port" "$(cut -d' ' -f1,2 "$host")" \
		>"$d/known_hosts" || fail "cannot write $d/known_hosts" || return
	chmod 600 "$d/known_hosts"
}

# start_gitolite: gitolite3 behind an sshd of its own, for the current
# user, with $GITOLITE_HOME as the home gitolite keeps its repositories
# (repositories/) and its rules in: every login runs gitolite-shell for
# the key it came with, as gitolite's own ~/.ssh/authorized_keys says.
# The administrator is "admin"; gitolite_conf sets the rules, gitolite_ssh
# and gitolite_home give a user's key to a client. Exports GITOLITE_PORT,
# GITOLITE_PID, GITOLITE_HOME, GITOLITE_KEYS (the users' key pairs, NAME
# and NAME.pub), GITOLITE_HOST_KEY_PUB and GITOLITE_URL
# (ssh://USER@127.0.0.1:PORT, to which /REPO is appended: gitolite names
# repositories, not paths).
#
# gitolite is meant to own a user of its own; here it owns a home instead:
# sshd sets HOME to it for every login (SetEnv), which is all gitolite
# reads, so it runs as the current user, root or not, and no system user
# is made or left behind.
start_gitolite() {
	local gitolite port dir home user
	_remote_init || return
	_need_program gitolite gitolite3 gitolite || return
	port=$(free_port) || return
	dir=$(_remote_scope)/gitolite.$port
	home=$dir/home
	mkdir -p "$home" "$dir/keys" || fail "cannot make $dir" || return
	_new_key "$dir/keys/admin" gitolite-admin || return
	# gitolite makes its repositories with git init, and commits to
	# gitolite-admin at setup. gitolite-admin's branch must be master:
	# gitolite reads the rules pushed there only.
	printf '[user]\n\tname = gitolite\n\temail = gitolite@example.org\n' >"$home/.gitconfig" || return
	git config -f "$home/.gitconfig" init.defaultBranch master || return
	# the key's file name is the user's name: admin
	env -u GIT_CONFIG_GLOBAL HOME="$home" GIT_CONFIG_NOSYSTEM=1 \
		"$gitolite" setup -pk "$dir/keys/admin.pub" >"$dir/setup.log" 2>&1 ||
		fail "gitolite setup failed:" "$(cat "$dir/setup.log")" || return
	# the repositories the tests have it make: main, as new_bare's
	git config -f "$home/.gitconfig" init.defaultBranch main || return
	_start_sshd_in "$dir" "$port" "$home/.ssh/authorized_keys" \
		HOME="$home" GIT_CONFIG_NOSYSTEM=1 || return

	export GITOLITE_PORT=$port GITOLITE_PID=$SPAWNED GITOLITE_HOME=$home
	export GITOLITE_KEYS=$dir/keys GITOLITE_HOST_KEY_PUB=$dir/host_ed25519.pub
	user=$(id -un) || fail "id -un failed" || return
	export GITOLITE_URL=ssh://$user@$REMOTE_HOST:$port
}

# gitolite_key NAME: print the private key of gitolite's user NAME, made
# on first use (gitolite knows it after the next gitolite_conf).
gitolite_key() {
	[ -n "${GITOLITE_KEYS-}" ] || fail "gitolite_key: start_gitolite first" || return
	[ -f "$GITOLITE_KEYS/$1" ] || _new_key "$GITOLITE_KEYS/$1" "gitolite-$1" || return
	echo "$GITOLITE_KEYS/$1"
}

# gitolite_ssh NAME: a GIT_SSH_COMMAND that logs in to gitolite as NAME.
gitolite_ssh() {
	local key
	key=$(gitolite_key "$1") || return
	_ssh_command "$key" "$GITOLITE_PORT"
}

# gitolite_home DIR NAME: ssh_home for gitolite's user NAME.
gitolite_home() {
	local key
	key=$(gitolite_key "$2") || return
	ssh_home "$1" "$key" "$GITOLITE_PORT" "$GITOLITE_HOST_KEY_PUB"
}

# gitolite_conf < RULES: gitolite.conf becomes RULES (after the rule that
# keeps gitolite-admin the admin's), every key gitolite_key made is
# registered, and the whole is pushed, as gitolite wants, by the admin to
# gitolite-admin. New repositories named in RULES are made there and then.
gitolite_conf() {
	local admin=${GITOLITE_KEYS%/keys}/admin out
	[ -n "${GITOLITE_KEYS-}" ] || fail "gitolite_conf: start_gitolite first" || return
	# the admin's clone is the helper's: nothing of the test's Git
	# configuration or identity
	local -x GIT_SSH_COMMAND GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
	local -x GIT_AUTHOR_NAME=admin GIT_AUTHOR_EMAIL=admin@example.org
	local -x GIT_COMMITTER_NAME=admin GIT_COMMITTER_EMAIL=admin@example.org
	GIT_SSH_COMMAND=$(gitolite_ssh admin) || return
	if [ ! -d "$admin" ]; then
		out=$(git clone -q "$GITOLITE_URL/gitolite-admin" "$admin" 2>&1) ||
			fail "cannot clone gitolite-admin:" "$out" || return
	fi
	{
		printf 'repo gitolite-admin\n    RW+ = admin\n\n'
		cat
	} >"$admin/conf/gitolite.conf" || return
	cp "$GITOLITE_KEYS"/*.pub "$admin/keydir/" || return
	git -C "$admin" add -A || return
	git -C "$admin" commit -qm rules --allow-empty || return
	# gitolite reads the rules after the push (post-update): a rule it
	# cannot read does not fail the push, only says so
	out=$(git -C "$admin" push -q origin HEAD:master 2>&1) ||
		fail "cannot push gitolite-admin:" "$out" || return
	[[ $out != *FATAL* ]] || fail "gitolite refuses the rules:" "$out"
}

# start_servers: git daemon, HTTP and sshd, all serving $REMOTE_ROOT.
start_servers() {
	start_git_daemon || return
	start_http || return
	start_sshd
}

# _descendants PID: print every descendant of PID, children first.
_descendants() {
	local child
	for child in $(ps -o pid= --ppid "$1" 2>/dev/null); do
		echo "$child"
		_descendants "$child"
	done
}

# _gone PID: PID has exited (a zombie has: its parent reaps it).
_gone() {
	local state
	kill -0 "$1" 2>/dev/null || return 0
	state=$(ps -o stat= -p "$1" 2>/dev/null) || return 0
	[[ $state == Z* ]]
}

# _end PID…: SIGTERM to every PID, SIGKILL to those still there after
# 5 s; fails naming any that survives even that.
_end() {
	local pid i left=("$@")
	[ $# -gt 0 ] || return 0
	kill -TERM "$@" 2>/dev/null || true
	for ((i = 0; i < 120; i++)); do
		[ "$i" -eq 100 ] && { kill -KILL "${left[@]}" 2>/dev/null || true; }
		set -- "${left[@]}"
		left=()
		for pid in "$@"; do
			_gone "$pid" || left+=("$pid")
		done
		[ ${#left[@]} -eq 0 ] && return 0
		sleep 0.05
	done
	fail "stop_servers: still running: ${left[*]}"
}

# stop_servers: end every server this scope (the test, or in
# teardown_file the file) started and wait until each has exited. Their
# children (sshd's and git daemon's connections, http-backend under
# fcgiwrap) go first, while the server still lives to reap them.
stop_servers() {
	local reg pid start name servers=() children=() more status=0
	reg=$(_remote_scope)/.remote-servers
	[ -f "$reg" ] || return 0
	while read -r pid start name; do
		# a server that died long ago may have left its PID to another
		# process: only the one started at the registered time is ours
		[ "$(_started "$pid")" = "$start" ] || continue
		servers+=("$pid")
		mapfile -t more < <(_descendants "$pid")
		children+=("${more[@]}")
	done <"$reg"
	rm -f "$reg"
	_end "${children[@]}" || status=1
	_end "${servers[@]}" || status=1
	return $status
}
