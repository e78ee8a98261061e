/* credential — ssh keys and agent, credential helpers, and the bound on
 * attempts, driven through the callback as libgit2 drives it. */
#include "unit.h"

#include "lib/credential.h"

#include <git2/sys/credential.h>
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>

#define URL "https://example.com:8443/org/repo.git"
#define USERPASS GIT_CREDENTIAL_USERPASS_PLAINTEXT
/* what libgit2 1.5.1 allows once an OpenSSH server lists "publickey" */
#define SSH_KEYS (GIT_CREDENTIAL_SSH_KEY | GIT_CREDENTIAL_SSH_CUSTOM | GIT_CREDENTIAL_SSH_MEMORY)

/* The first base64 line of key files ssh-keygen writes: without a
 * passphrase (cipher "none") and with one (aes256-ctr). */
#define OPENSSH_PLAIN "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW"
#define OPENSSH_LOCKED "b3BlbnNzaC1rZXktdjEAAAAACmFlczI1Ni1jdHIAAAAGYmNyeXB0AAAAGAAAABA6WCspLt"

struct env {
	char *dir;
	git_config *cfg;
	mutu_credential *c;
	git_credential *cred;
	char path[4096]; /* scratch for paths under dir */
};

static int group_setup(void **state)
{
	(void)state;
	unit_env();
	return git_libgit2_init() < 0 ? -1 : 0;
}

static int group_teardown(void **state)
{
	(void)state;
	git_libgit2_shutdown();
	return 0;
}

static int setup(void **state)
{
	struct env *e = calloc(1, sizeof(*e));

	assert_non_null(e);
	e->dir = unit_tmpdir();
	unit_warnings_start();
	mutu_error_clear();
	*state = e;
	return 0;
}

static int teardown(void **state)
{
	struct env *e = *state;

	git_credential_free(e->cred);
	mutu_credential_free(e->c);
	git_config_free(e->cfg);
	unit_warnings_stop();
	unit_rmtree(e->dir);
	free(e);
	return 0;
}

/* dir/name (in e->path, valid until the next call). */
static const char *at(struct env *e, const char *name)
{
	snprintf(e->path, sizeof(e->path), "%s/%s", e->dir, name);
	return e->path;
}

/* An executable shell script dir/name; "$1" in body is the operation
 * ("get", "store", "erase") unless the helper was given words of its own. */
static void script(struct env *e, const char *name, const char *body)
{
	char text[8192];

	snprintf(text, sizeof(text), "#!/bin/sh\nD='%s'\n%s\n", e->dir, body);
	unit_spit(at(e, name), text);
	assert_int_equal(chmod(e->path, 0755), 0);
}

/* A helper that logs each call ("== op" then its stdin) to dir/name.log
 * and answers answer (a printf format of the lines it prints). */
static void logging_helper(struct env *e, const char *name, const char *answer)
{
	char body[4096];

	snprintf(body, sizeof(body),
		 "op=$1\n{ echo \"== $op\"; cat; } >> \"$D/%s.log\"\n"
		 "[ \"$op\" = get ] && printf '%s'\nexit 0",
		 name, answer);
	script(e, name, body);
}

/* The log of helper name ("" if it never ran; malloc'd). */
static char *helper_log(struct env *e, const char *name)
{
	char file[256], *text;

	snprintf(file, sizeof(file), "%s.log", name);
	text = unit_slurp(at(e, file), NULL);
	return text ? text : strdup("");
}

static void assert_log(struct env *e, const char *name, const char *want)
{
	char *got = helper_log(e, name);

	unit_assert_same_text(got, want, name);
	free(got);
}

/* The configuration in text (one file, the repository's level), and a
 * mutu_credential reading it. */
static void configure(struct env *e, const char *text)
{
	unit_spit(at(e, "config"), text);
	assert_int_equal(git_config_open_ondisk(&e->cfg, e->path), 0);
	assert_ok(mutu_credential_new(&e->c, &(mutu_credential_opts){ .config = e->cfg }));
}

/* One call of the callback, as libgit2 makes it; the credential it gave
 * replaces the last one. */
static int acquire(struct env *e, const char *url, const char *user, unsigned int allowed)
{
	git_credential_free(e->cred);
	e->cred = NULL;
	return mutu_credential_acquire(&e->cred, url, user, allowed, e->c);
}

static void assert_userpass(struct env *e, const char *user, const char *password)
{
	git_credential_userpass_plaintext *up = (git_credential_userpass_plaintext *)e->cred;

	assert_non_null(e->cred);
	assert_int_equal(e->cred->credtype, GIT_CREDENTIAL_USERPASS_PLAINTEXT);
	assert_string_equal(up->username, user);
	assert_string_equal(up->password, password);
}

/* The callback refuses, with a message holding want, the same for mutu
 * and for libgit2 (the fetch reports libgit2's). */
static void assert_refused(struct env *e, int rc, const char *want)
{
	const git_error *ge = git_error_last();

	if (rc != GIT_EAUTH)
		fail_msg("returned %d, expected GIT_EAUTH (last error: %s)", rc, mutu_error_last());
	assert_null(e->cred);
	assert_int_equal(mutu_error_last_code(), MUTU_EPERM);
	assert_contains(mutu_error_last(), want);
	assert_non_null(ge);
	assert_string_equal(ge->message, mutu_error_last());
}

/* How many descriptors this process has open. */
static int open_fds(void)
{
	int fd, n = 0;

	for (fd = 0; fd < 1024; fd++)
		if (fcntl(fd, F_GETFD) >= 0)
			n++;
	return n;
}

/* No child of this process is left unreaped. */
static void assert_no_zombie(void)
{
	errno = 0;
	assert_int_equal(waitpid(-1, NULL, WNOHANG), -1);
	assert_int_equal(errno, ECHILD);
}

/* --- credential helpers ---------------------------------------------------------- */

static void a_shell_helper_answers_with_git_protocol(void **state)
{
	struct env *e = *state;
	char cfg[4096];

	/* the "!" form, as people write it: a shell function; what follows
	 * the answer's empty line is not read (yes then dies of SIGPIPE) */
	snprintf(cfg, sizeof(cfg),
		 "[credential]\n\thelper = \"!f() { cat > %s/in; echo username=alice; "
		 "echo password=s3cret; echo; yes ignored=after the blank line; }; f\"\n",
		 e->dir);
	configure(e, cfg);
	assert_ok(acquire(e, URL, NULL, USERPASS));
	assert_userpass(e, "alice", "s3cret");
	/* git's request: the host keeps its port; the path is left out unless
	 * credential.useHttpPath says otherwise, as git does */
	{
		char *in = unit_slurp(at(e, "in"), NULL);

		assert_non_null(in);
		assert_string_equal(in, "protocol=https\nhost=example.com:8443\n\n");
		free(in);
	}
	assert_int_equal(unit_nwarnings, 0);
	assert_no_zombie();
}

static void a_helper_by_absolute_path_gets_its_words_and_the_path(void **state)
{
	struct env *e = *state;
	char cfg[4096];

	script(e, "h", "echo \"$@\" > \"$D/args\"; cat > \"$D/in\"\n"
		       "printf 'username=bob\\r\\npassword=pw with spaces=and equals\\r\\n'");
	snprintf(cfg, sizeof(cfg),
		 "[credential]\n\thelper = %s/h --flag  value\n\tuseHttpPath = true\n", e->dir);
	configure(e, cfg);
	assert_ok(acquire(e, "HTTPS://example.com/org/repo.git/?q=1", NULL, USERPASS));
	/* CRLF answers are read as git reads them; a value keeps its '=' */
	assert_userpass(e, "bob", "pw with spaces=and equals");
	{
		char *args = unit_slurp(at(e, "args"), NULL), *in = unit_slurp(at(e, "in"), NULL);

		assert_string_equal(args, "--flag value get\n");
		assert_string_equal(in, "protocol=https\nhost=example.com\npath=org/repo.git\n\n");
		free(args);
		free(in);
	}
}

static void a_helper_that_babbles_or_fails_is_skipped(void **state)
{
	struct env *e = *state;
	char cfg[4096];
	int fds = open_fds();

	script(e, "garbage", "echo 'Hello! I am not a credential helper.'");
	/* a failure's answer is not trusted, even a complete one */
	script(e, "failing", "echo username=mallory; echo password=wrong; exit 1");
	logging_helper(e, "good", "username=carol\\npassword=right\\n");
	snprintf(cfg, sizeof(cfg),
		 "[credential]\n\thelper = %s/garbage\n\thelper = %s/failing\n"
		 "\thelper = %s/missing\n\thelper = %s/good\n",
		 e->dir, e->dir, e->dir, e->dir);
	configure(e, cfg);
	assert_ok(acquire(e, URL, NULL, USERPASS));
	assert_userpass(e, "carol", "right");
	assert_int_equal(unit_nwarnings, 3);
	assert_contains(unit_warnings[0], "/garbage' is skipped: its answer is not key=value lines");
	assert_contains(unit_warnings[1], "/failing' is skipped: it exited with status 1");
	assert_contains(unit_warnings[2], "/missing' is skipped");
	assert_no_zombie();
	assert_int_equal(open_fds(), fds);
}

static void what_one_helper_gives_goes_to_the_next(void **state)
{
	struct env *e = *state;
	char cfg[4096];

	logging_helper(e, "user", "username=dave\\n");
	logging_helper(e, "pass", "password=secret\\n");
	snprintf(cfg, sizeof(cfg), "[credential]\n\thelper = %s/user\n\thelper = %s/pass\n", e->dir,
		 e->dir);
	configure(e, cfg);
	assert_ok(acquire(e, URL, NULL, USERPASS));
	assert_userpass(e, "dave", "secret");
	assert_log(e, "pass", "== get\nprotocol=https\nhost=example.com:8443\nusername=dave\n\n");
}

static void a_configured_user_name_is_told_to_the_helpers(void **state)
{
	struct env *e = *state;
	char cfg[4096];

	logging_helper(e, "h", "");
	snprintf(cfg, sizeof(cfg), "[credential]\n\tusername = zoe\n\thelper = %s/h\n", e->dir);
	configure(e, cfg);
	assert_refused(e, acquire(e, URL, NULL, USERPASS),
		       URL " asks for a user name and a password, and no credential helper gave them");
	assert_log(e, "h", "== get\nprotocol=https\nhost=example.com:8443\nusername=zoe\n\n");
}

static void an_empty_value_resets_the_list_across_files(void **state)
{
	struct env *e = *state;
	char global[4096], local[4096], global_path[4096];

	logging_helper(e, "old", "username=x\\npassword=old\\n");
	logging_helper(e, "new", "username=x\\npassword=new\\n");
	snprintf(global, sizeof(global), "[credential]\n\thelper = %s/old\n", e->dir);
	snprintf(local, sizeof(local), "[credential]\n\thelper =\n\thelper = %s/new\n", e->dir);
	unit_spit(at(e, "global"), global);
	snprintf(global_path, sizeof(global_path), "%s", e->path);
	unit_spit(at(e, "local"), local);
	assert_int_equal(git_config_new(&e->cfg), 0);
	assert_int_equal(git_config_add_file_ondisk(e->cfg, global_path, GIT_CONFIG_LEVEL_GLOBAL,
						    NULL, 0), 0);
	assert_int_equal(git_config_add_file_ondisk(e->cfg, at(e, "local"), GIT_CONFIG_LEVEL_LOCAL,
						    NULL, 0), 0);
	assert_ok(mutu_credential_new(&e->c, &(mutu_credential_opts){ .config = e->cfg }));
	assert_ok(acquire(e, URL, NULL, USERPASS));
	assert_userpass(e, "x", "new");
	assert_log(e, "old", "");
}

static void helpers_for_a_url_apply_to_that_url_only(void **state)
{
	struct env *e = *state;
	char cfg[4096];

	logging_helper(e, "exact", "username=a\\npassword=exact\\n");
	logging_helper(e, "wild", "username=a\\npassword=wild\\n");
	logging_helper(e, "other", "username=a\\npassword=other\\n");
	logging_helper(e, "deep", "username=a\\npassword=deep\\n");
	snprintf(cfg, sizeof(cfg),
		 "[credential \"https://example.com:8443\"]\n\thelper = %s/exact\n"
		 "[credential \"https://*.example.net\"]\n\thelper = %s/wild\n"
		 "[credential \"http://example.com:8443\"]\n\thelper = %s/other\n"
		 "[credential \"https://example.com:8443/org/repo.git/sub\"]\n\thelper = %s/deep\n",
		 e->dir, e->dir, e->dir, e->dir);
	configure(e, cfg);
	assert_ok(acquire(e, URL, NULL, USERPASS));
	assert_userpass(e, "a", "exact");
	assert_ok(acquire(e, "https://git.example.net/r", NULL, USERPASS));
	assert_userpass(e, "a", "wild");
	/* "*" is one label: neither the bare domain nor two labels */
	assert_refused(e, acquire(e, "https://example.net/r", NULL, USERPASS),
		       "no credential helper gave them");
	assert_refused(e, acquire(e, "https://a.b.example.net/r", NULL, USERPASS),
		       "no credential helper gave them");
	assert_log(e, "other", "");
	assert_log(e, "deep", "");
}

static void a_url_with_its_password_is_not_sent_twice(void **state)
{
	struct env *e = *state;
	char cfg[4096];

	/* libgit2 presents the URL's own user and password before calling
	 * back: being called means the server refused them */
	logging_helper(e, "h", "username=a\\npassword=b\\n");
	snprintf(cfg, sizeof(cfg), "[credential]\n\thelper = %s/h\n", e->dir);
	configure(e, cfg);
	assert_refused(e, acquire(e, "https://alice:s3cret@example.com/r.git", "alice", USERPASS),
		       "authentication failed for https://alice@example.com/r.git");
	assert_not_contains(mutu_error_last(), "s3cret");
	assert_log(e, "h", "");
	mutu_credential_done(e->c, 0);
	assert_log(e, "h", ""); /* nor stored nor erased: the helpers never had it */
}

static void a_user_without_password_needs_a_helper(void **state)
{
	struct env *e = *state;

	configure(e, "");
	assert_refused(e, acquire(e, "https://alice@example.com/r.git", "alice", USERPASS),
		       "https://alice@example.com/r.git names the user 'alice' but no password, and no credential helper gave one");
	assert_refused(e, acquire(e, "https://example.com/s.git", NULL, USERPASS),
		       "https://example.com/s.git asks for a user name and a password, and no credential helper gave them");
	/* and with no configuration at all */
	mutu_credential_free(e->c);
	assert_ok(mutu_credential_new(&e->c, &(mutu_credential_opts){ 0 }));
	assert_refused(e, acquire(e, "https://example.com/s.git", NULL, USERPASS),
		       "no credential helper gave them");
}

static void a_refused_password_is_not_offered_again_and_is_erased(void **state)
{
	struct env *e = *state;
	char cfg[4096];
	int i;

	logging_helper(e, "h", "username=erin\\npassword=old\\n");
	snprintf(cfg, sizeof(cfg), "[credential]\n\thelper = %s/h\n", e->dir);
	configure(e, cfg);
	assert_ok(acquire(e, URL, NULL, USERPASS));
	assert_userpass(e, "erin", "old");
	/* libgit2 calls back after each 401, up to fifteen times */
	for (i = 0; i < 15; i++)
		assert_refused(e, acquire(e, URL, NULL, USERPASS),
			       "authentication failed for " URL);
	assert_log(e, "h", "== get\nprotocol=https\nhost=example.com:8443\n\n");
	mutu_credential_done(e->c, 0);
	assert_log(e, "h", "== get\nprotocol=https\nhost=example.com:8443\n\n"
			   "== erase\nprotocol=https\nhost=example.com:8443\nusername=erin\n"
			   "password=old\n\n");
	/* the next connection starts over: the helper is asked again */
	assert_ok(acquire(e, URL, NULL, USERPASS));
	assert_userpass(e, "erin", "old");
	assert_no_zombie();
}

static void a_password_that_worked_is_stored_and_a_network_failure_says_nothing(void **state)
{
	struct env *e = *state;
	char cfg[4096];

	logging_helper(e, "one", "username=fay\\npassword=pw\\n");
	logging_helper(e, "two", "");
	snprintf(cfg, sizeof(cfg), "[credential]\n\thelper = %s/one\n\thelper = %s/two\n", e->dir,
		 e->dir);
	configure(e, cfg);
	assert_ok(acquire(e, URL, NULL, USERPASS));
	mutu_credential_done(e->c, 0); /* failed, but not refused: no erase */
	assert_log(e, "one", "== get\nprotocol=https\nhost=example.com:8443\n\n");
	assert_ok(acquire(e, URL, NULL, USERPASS));
	mutu_credential_done(e->c, 1);
	/* as git, every helper is told to store it */
	assert_log(e, "two", "== store\nprotocol=https\nhost=example.com:8443\nusername=fay\n"
			     "password=pw\n\n");
	mutu_credential_done(e->c, 1); /* nothing given since: nothing stored */
	assert_log(e, "two", "== store\nprotocol=https\nhost=example.com:8443\nusername=fay\n"
			     "password=pw\n\n");
}

static void a_helper_saying_quit_stops_the_search(void **state)
{
	struct env *e = *state;
	char cfg[4096];

	logging_helper(e, "stop", "quit=true\\n");
	logging_helper(e, "after", "username=a\\npassword=b\\n");
	snprintf(cfg, sizeof(cfg), "[credential]\n\thelper = %s/stop\n\thelper = %s/after\n", e->dir,
		 e->dir);
	configure(e, cfg);
	assert_refused(e, acquire(e, URL, NULL, USERPASS), "/stop' said to stop looking");
	assert_log(e, "after", "");
}

static void a_url_smuggling_lines_reaches_no_helper(void **state)
{
	struct env *e = *state;
	char cfg[4096];

	logging_helper(e, "h", "username=a\\npassword=b\\n");
	snprintf(cfg, sizeof(cfg), "[credential]\n\thelper = %s/h\n", e->dir);
	configure(e, cfg);
	assert_refused(e, acquire(e, "https://example.com/r%0ahost=evil.example/", NULL, USERPASS),
		       "cannot be given to a credential helper");
	assert_refused(e, acquire(e, "https://x%0d@example.com/r", "x\r", USERPASS),
		       "cannot be given to a credential helper");
	assert_log(e, "h", "");
}

static void a_helper_that_answers_forever_or_reads_nothing_cannot_hang_or_kill(void **state)
{
	struct env *e = *state;
	char *url;
	size_t n = 300 * 1024;

	/* endless output, never an empty line: cut at 64 KB, the helper
	 * reaped; a helper that never reads its stdin: no SIGPIPE here */
	configure(e, "[credential]\n\thelper = \"!yes password=y\"\n\thelper = \"!true\"\n");
	url = malloc(n + 64);
	assert_non_null(url);
	memcpy(url, "https://", 8);
	memset(url + 8, 'u', n);
	strcpy(url + 8 + n, "@example.com/r");
	assert_refused(e, acquire(e, url, NULL, USERPASS), "no credential helper gave one");
	assert_warned_once("'!yes' is skipped: it answered more than 64 KB");
	free(url);
	assert_no_zombie();
}

static void git_credential_store_is_run_as_git_runs_it(void **state)
{
	struct env *e = *state;
	char cfg[4096], *creds;

	if (system("git --version >/dev/null 2>&1") != 0)
		skip();
	unit_spit(at(e, "creds"), "https://gus:hunter2@example.com\n");
	snprintf(cfg, sizeof(cfg), "[credential]\n\thelper = store --file %s/creds\n", e->dir);
	configure(e, cfg);
	assert_ok(acquire(e, "https://example.com/org/repo.git", NULL, USERPASS));
	assert_userpass(e, "gus", "hunter2");
	/* refused: git-credential-store forgets it */
	assert_refused(e, acquire(e, "https://example.com/org/repo.git", NULL, USERPASS),
		       "authentication failed for https://example.com/org/repo.git");
	mutu_credential_done(e->c, 0);
	creds = unit_slurp(at(e, "creds"), NULL);
	assert_not_contains(creds, "hunter2");
	free(creds);
	/* a helper's new password that worked: git-credential-store keeps it */
	unit_spit(at(e, "creds"), "https://gus:newpass@example.com\n");
	assert_ok(acquire(e, "https://example.com/org/repo.git", NULL, USERPASS));
	unit_spit(at(e, "creds"), "");
	mutu_credential_done(e->c, 1);
	creds = unit_slurp(at(e, "creds"), NULL);
	assert_string_equal(creds, "https://gus:newpass@example.com\n");
	free(creds);
	assert_no_zombie();
}

static void negotiate_gets_the_default_credential_once(void **state)
{
	struct env *e = *state;

	configure(e, "");
	assert_ok(acquire(e, URL, NULL, GIT_CREDENTIAL_DEFAULT));
	assert_int_equal(e->cred->credtype, GIT_CREDENTIAL_DEFAULT);
	assert_refused(e, acquire(e, URL, NULL, GIT_CREDENTIAL_DEFAULT), "authentication failed");
}

/* --- ssh ----------------------------------------------------------------------------------- */

/* A fake key file: ssh-keygen's header, with or without a passphrase. */
static void key(struct env *e, const char *name, const char *first_line, int with_pub)
{
	char text[512], rel[256];

	snprintf(text, sizeof(text), "-----BEGIN OPENSSH PRIVATE KEY-----\n%s\nAAAA\n"
				     "-----END OPENSSH PRIVATE KEY-----\n", first_line);
	snprintf(rel, sizeof(rel), "home/.ssh/%s", name);
	unit_spit(at(e, rel), text);
	if (with_pub) {
		snprintf(rel, sizeof(rel), "home/.ssh/%s.pub", name);
		unit_spit(at(e, rel), "ssh-ed25519 AAAA test\n");
	}
}

static void ssh_user(struct env *e, const char *agent, const char *user)
{
	char home[4096];

	mkdir(at(e, "home"), 0700);
	mkdir(at(e, "home/.ssh"), 0700);
	snprintf(home, sizeof(home), "%s/home", e->dir);
	assert_ok(mutu_credential_new(&e->c, &(mutu_credential_opts){ home, agent, user, NULL }));
}

/* The credential given is key file name of home/.ssh (NULL: the agent),
 * with its .pub or not. */
static void assert_key(struct env *e, const char *user, const char *name, int with_pub)
{
	git_credential_ssh_key *k = (git_credential_ssh_key *)e->cred;
	char want[4096];

	assert_non_null(e->cred);
	assert_int_equal(e->cred->credtype, GIT_CREDENTIAL_SSH_KEY);
	assert_string_equal(k->username, user);
	assert_null(k->passphrase);
	if (!name) {
		assert_null(k->privatekey);
		return;
	}
	snprintf(want, sizeof(want), "%s/home/.ssh/%s", e->dir, name);
	assert_string_equal(k->privatekey, want);
	if (with_pub) {
		strcat(want, ".pub");
		assert_string_equal(k->publickey, want);
	} else {
		assert_null(k->publickey);
	}
}

static void ssh_asks_the_user_from_the_url_else_the_local_one(void **state)
{
	struct env *e = *state;

	ssh_user(e, NULL, "hal");
	/* no user in the URL: libgit2 asks for one first */
	assert_ok(acquire(e, "ssh://example.com/r.git", NULL, GIT_CREDENTIAL_USERNAME));
	assert_int_equal(e->cred->credtype, GIT_CREDENTIAL_USERNAME);
	assert_string_equal(((git_credential_username *)e->cred)->username, "hal");
	mutu_credential_free(e->c);
	e->c = NULL;
	ssh_user(e, NULL, NULL);
	assert_refused(e, acquire(e, "ssh://example.com/r.git", NULL, GIT_CREDENTIAL_USERNAME),
		       "ssh://example.com/r.git names no user");
}

static void ssh_offers_each_key_file_once_in_order_then_stops(void **state)
{
	struct env *e = *state;
	int i;

	ssh_user(e, NULL, "ida");
	key(e, "id_rsa", OPENSSH_PLAIN, 1);
	key(e, "id_ed25519", OPENSSH_PLAIN, 0); /* libssh2 derives the public key */
	unit_spit(at(e, "home/.ssh/id_ecdsa.pub"), "ecdsa-sha2-nistp256 AAAA lone .pub\n");
	assert_ok(acquire(e, "git@example.com:r.git", "git", SSH_KEYS));
	assert_key(e, "git", "id_ed25519", 0);
	assert_ok(acquire(e, "git@example.com:r.git", "git", SSH_KEYS));
	assert_key(e, "git", "id_rsa", 1);
	for (i = 0; i < 3; i++) {
		char want[4096];

		snprintf(want, sizeof(want),
			 "ssh authentication as 'git' failed for git@example.com:r.git: the server "
			 "refused every key offered (%s/home/.ssh/id_ed25519, %s/home/.ssh/id_rsa)",
			 e->dir, e->dir);
		assert_refused(e, acquire(e, "git@example.com:r.git", "git", SSH_KEYS), want);
	}
	/* the next connection starts over */
	mutu_credential_done(e->c, 0);
	assert_ok(acquire(e, "git@example.com:r.git", "git", SSH_KEYS));
	assert_key(e, "git", "id_ed25519", 0);
	/* so does a connection that begins by asking the user name */
	assert_ok(acquire(e, "ssh://example.com/r.git", NULL, GIT_CREDENTIAL_USERNAME));
	assert_ok(acquire(e, "ssh://example.com/r.git", "ida", SSH_KEYS));
	assert_key(e, "ida", "id_ed25519", 0);
}

static void ssh_asks_the_agent_first_if_it_answers(void **state)
{
	struct env *e = *state;
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	char sock[4096];
	int fd;

	/* a listening socket is all the probe needs */
	snprintf(sock, sizeof(sock), "%s", at(e, "agent.sock"));
	assert_true(strlen(sock) < sizeof(sa.sun_path));
	strcpy(sa.sun_path, sock);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	assert_true(fd >= 0);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(listen(fd, 4), 0);
	ssh_user(e, sock, "jo");
	key(e, "id_ecdsa", OPENSSH_PLAIN, 1);
	assert_ok(acquire(e, "ssh://jo@example.com/r.git", "jo", SSH_KEYS));
	assert_key(e, "jo", NULL, 0);
	assert_ok(acquire(e, "ssh://jo@example.com/r.git", "jo", SSH_KEYS));
	assert_key(e, "jo", "id_ecdsa", 1);
	assert_refused(e, acquire(e, "ssh://jo@example.com/r.git", "jo", SSH_KEYS),
		       "the server refused every key offered (ssh-agent, ");
	close(fd);
	/* an agent that does not answer is skipped, not a hard failure */
	mutu_credential_done(e->c, 0);
	assert_ok(acquire(e, "ssh://jo@example.com/r.git", "jo", SSH_KEYS));
	assert_key(e, "jo", "id_ecdsa", 1);
	assert_warned_once("ssh-agent does not answer at");
}

static void ssh_skips_keys_with_a_passphrase_and_says_so(void **state)
{
	struct env *e = *state;
	char want[4096];

	ssh_user(e, NULL, "kim");
	key(e, "id_ed25519", OPENSSH_LOCKED, 1);
	unit_spit(at(e, "home/.ssh/id_ecdsa"), "-----BEGIN EC PRIVATE KEY-----\n"
					       "Proc-Type: 4,ENCRYPTED\n"
					       "DEK-Info: AES-128-CBC,2644A070BC8C0174F31EC550785C8928\n"
					       "\nAAAA\n-----END EC PRIVATE KEY-----\n");
	unit_spit(at(e, "home/.ssh/id_rsa"), "-----BEGIN RSA PRIVATE KEY-----\nMIIEAAAA\n"
					     "-----END RSA PRIVATE KEY-----\n");
	assert_ok(acquire(e, "ssh://kim@example.com/r.git", "kim", SSH_KEYS));
	assert_key(e, "kim", "id_rsa", 0);
	snprintf(want, sizeof(want),
		 "%s/home/.ssh/id_ed25519 is protected by a passphrase, which mutu cannot ask for: "
		 "add it to ssh-agent (ssh-add %s/home/.ssh/id_ed25519)",
		 e->dir, e->dir);
	assert_refused(e, acquire(e, "ssh://kim@example.com/r.git", "kim", SSH_KEYS), want);
	assert_contains(mutu_error_last(), "/home/.ssh/id_ecdsa is protected by a passphrase");
}

static void ssh_without_agent_or_key_fails_at_once(void **state)
{
	struct env *e = *state;

	ssh_user(e, NULL, "lee");
	mkdir(at(e, "home/.ssh/id_rsa"), 0700); /* not a file: skipped with a warning */
	assert_refused(e, acquire(e, "ssh://example.com/r.git", "lee", SSH_KEYS),
		       "ssh authentication as 'lee' failed for ssh://example.com/r.git: there is no key to offer");
	assert_warned_once("/home/.ssh/id_rsa cannot be read");
	mutu_credential_free(e->c);
	assert_ok(mutu_credential_new(&e->c, &(mutu_credential_opts){ .user = "lee" }));
	assert_refused(e, acquire(e, "ssh://example.com/r.git", "lee", SSH_KEYS),
		       "no ssh-agent, and no home directory");
	/* a server that takes passwords only: mutu asks for none */
	assert_refused(e, acquire(e, "ssh://example.com/r.git", "lee",
				  USERPASS | GIT_CREDENTIAL_SSH_INTERACTIVE),
		       "takes no key, only a password");
}

static void another_url_starts_over(void **state)
{
	struct env *e = *state;

	ssh_user(e, NULL, "mo");
	key(e, "id_ed25519", OPENSSH_PLAIN, 0);
	assert_ok(acquire(e, "ssh://a.example/r.git", "mo", SSH_KEYS));
	assert_refused(e, acquire(e, "ssh://a.example/r.git", "mo", SSH_KEYS), "refused every key");
	assert_ok(acquire(e, "ssh://b.example/r.git", "mo", SSH_KEYS));
	assert_key(e, "mo", "id_ed25519", 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(a_shell_helper_answers_with_git_protocol, setup, teardown),
		cmocka_unit_test_setup_teardown(a_helper_by_absolute_path_gets_its_words_and_the_path, setup, teardown),
		cmocka_unit_test_setup_teardown(a_helper_that_babbles_or_fails_is_skipped, setup, teardown),
		cmocka_unit_test_setup_teardown(what_one_helper_gives_goes_to_the_next, setup, teardown),
		cmocka_unit_test_setup_teardown(a_configured_user_name_is_told_to_the_helpers, setup, teardown),
		cmocka_unit_test_setup_teardown(an_empty_value_resets_the_list_across_files, setup, teardown),
		cmocka_unit_test_setup_teardown(helpers_for_a_url_apply_to_that_url_only, setup, teardown),
		cmocka_unit_test_setup_teardown(a_url_with_its_password_is_not_sent_twice, setup, teardown),
		cmocka_unit_test_setup_teardown(a_user_without_password_needs_a_helper, setup, teardown),
		cmocka_unit_test_setup_teardown(a_refused_password_is_not_offered_again_and_is_erased, setup, teardown),
		cmocka_unit_test_setup_teardown(a_password_that_worked_is_stored_and_a_network_failure_says_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(a_helper_saying_quit_stops_the_search, setup, teardown),
		cmocka_unit_test_setup_teardown(a_url_smuggling_lines_reaches_no_helper, setup, teardown),
		cmocka_unit_test_setup_teardown(a_helper_that_answers_forever_or_reads_nothing_cannot_hang_or_kill, setup, teardown),
		cmocka_unit_test_setup_teardown(git_credential_store_is_run_as_git_runs_it, setup, teardown),
		cmocka_unit_test_setup_teardown(negotiate_gets_the_default_credential_once, setup, teardown),
		cmocka_unit_test_setup_teardown(ssh_asks_the_user_from_the_url_else_the_local_one, setup, teardown),
		cmocka_unit_test_setup_teardown(ssh_offers_each_key_file_once_in_order_then_stops, setup, teardown),
		cmocka_unit_test_setup_teardown(ssh_asks_the_agent_first_if_it_answers, setup, teardown),
		cmocka_unit_test_setup_teardown(ssh_skips_keys_with_a_passphrase_and_says_so, setup, teardown),
		cmocka_unit_test_setup_teardown(ssh_without_agent_or_key_fails_at_once, setup, teardown),
		cmocka_unit_test_setup_teardown(another_url_starts_over, setup, teardown),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
