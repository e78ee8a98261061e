/* knownhosts — host keys checked against known_hosts files, through the
 * callback as libgit2 calls it, then against a real sshd. */
#include "unit.h"

#include "lib/knownhosts.h"

#include <fcntl.h>
#include <mbedtls/base64.h>
#include <mbedtls/sha256.h>
#include <mbedtls/version.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>

#if MBEDTLS_VERSION_MAJOR >= 3
#define sha256 mbedtls_sha256
#else
#define sha256 mbedtls_sha256_ret
#endif

/* Public keys made once with ssh-keygen -t ed25519 (two), -t ecdsa -b 256
 * and -b 521: their base64, which decodes to the raw blob libgit2 gives. */
#define ED_A "AAAAC3NzaC1lZDI1NTE5AAAAICvzenFjQr4dxtkBbFndz3o8BmCmu8MSeDpigWKk6YTA"
#define ED_A_FP "SHA256:kzQogqIkGavlrtI+H6MPCMrB438suVQ9dBBKJDYOp7c"
#define ED_B "AAAAC3NzaC1lZDI1NTE5AAAAIAk3UFy7cC9tJWtDzYz4JUuPiCxe1i8sbP9G1Gum7f6M"
#define EC256                                                                                      \
	"AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBDvL/"                                \
	"mtUUkCWHwekeutorNP2zlCjCEUhxWlGUIrMSqFr61pdmEKFJTbF2RSu5YA8wVRgLrXWt5l1jcL/2Vr3Ews="
#define EC256_FP "SHA256:M9cGukkLxqcsqM98qH8+nMdaxZu/J5EyDqpcUhnwfXc"
#define EC521                                                                                      \
	"AAAAE2VjZHNhLXNoYTItbmlzdHA1MjEAAAAIbmlzdHA1MjEAAACFBAFEo2C+nVz8wzlBo+9u8WLmj+"           \
	"vEMXpPbjzMrYP5GfBtzzdB06hX7BoFulBUXPcdOI+0WM2fPrKk83zsRX3N/"                              \
	"q1PHgBTkqN3H3TCLjQVt3NgRRwlZzJ3kKfAkSLDooLmf3aIr+S/tcWvBnY+sx/"                           \
	"YQXaLThHwYiGL9M2tPgzBm45GvZlmZw=="

/* ssh-keygen -H of "git.example.org ssh-ed25519 ED_A" and of
 * "[127.0.0.1]:2222 ssh-ed25519 ED_A": HMAC-SHA1 of the name, salted. */
#define HASHED_GIT "|1|WzMBBJ7GCWHByDJDmJx8k7rtq6k=|fQWKu7wE0a/nSXKW51HCV1HOMu4="
#define HASHED_LOCAL_2222 "|1|DHQyW29MOyAmGrohtQxtByFCdyo=|1Zzdg6+/BWrAliZwRurj2aYQJUQ="

#define HOST "git.example.org"

#define SSHD "/usr/sbin/sshd"

/* A throwaway sshd (the last test's). */
struct server {
	char *dir;
	pid_t pid;
	int port;
	char user[256];
	char host_key[1024]; /* the base64 of its ssh-ed25519 host key */
	char url[8192];
};

struct env {
	char *dir;
	char user_file[4096], system_file[4096]; /* ~/.ssh/known_hosts, /etc/ssh/… */
	const char *files[2];
	mutu_knownhosts_opts opts;
	char path[4096];  /* scratch for paths under dir */
	struct server sv; /* stopped by teardown, whatever failed */
};

/* A host key as libgit2 1.5.1 hands it to the callback. */
struct fake_cert {
	git_cert_hostkey c;
	unsigned char raw[1024];
};

#if defined(__SANITIZE_ADDRESS__)
/* libgit2 1.5.1 leaks on every ssh connection it makes (its libssh2
 * known_hosts and buffers: a program of ten lines calling
 * git_remote_connect shows them too). LeakSanitizer is told so, here
 * only, for the sshd test: what libgit2 itself allocated (its frames
 * have no frame pointers, so that is all a stack shows of them). */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libssh2_knownhost_init\nleak:libgit2.so.1.5\n";
}
#endif

/* The HOME libgit2 reads ~/.ssh/known_hosts from: its own check runs
 * before the callback, and the tests say what it finds there. */
static char *home;

static void stop_sshd(struct server *sv);

static int group_setup(void **state)
{
	char ssh[4096];

	(void)state;
	unit_env();
	/* before git_libgit2_init, which reads HOME */
	home = unit_tmpdir();
	snprintf(ssh, sizeof(ssh), "%s/.ssh", home);
	if (mkdir(ssh, 0700) != 0 || setenv("HOME", home, 1) != 0)
		return -1;
	return git_libgit2_init() < 0 ? -1 : 0;
}

static int group_teardown(void **state)
{
	(void)state;
	git_libgit2_shutdown();
	unit_rmtree(home);
	home = NULL;
	return 0;
}

/* What libgit2's own check reads: $HOME/.ssh/known_hosts. */
static void libgit2_known_hosts(const char *text)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/.ssh/known_hosts", home);
	unit_spit(path, text);
}

static int setup(void **state)
{
	struct env *e = calloc(1, sizeof(*e));

	assert_non_null(e);
	e->dir = unit_tmpdir();
	snprintf(e->user_file, sizeof(e->user_file), "%s/known_hosts", e->dir);
	snprintf(e->system_file, sizeof(e->system_file), "%s/ssh_known_hosts", e->dir);
	e->files[0] = e->user_file;
	e->files[1] = e->system_file;
	e->opts = (mutu_knownhosts_opts){e->files, 2, 22};
	mutu_error_clear();
	git_error_clear();
	*state = e;
	return 0;
}

static int teardown(void **state)
{
	struct env *e = *state;

	stop_sshd(&e->sv);
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

/* Write len bytes, NULs and all, to path. */
static void spit_bytes(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

/* The raw key of type t whose base64 is b64, with every field libgit2
 * 1.5.1 fills (RAW and the SHA-256; MD5 and SHA-1 are not looked at). */
static git_cert *fake(struct fake_cert *f, git_cert_ssh_raw_type_t t, const char *b64)
{
	size_t n = 0;

	memset(f, 0, sizeof(*f));
	assert_int_equal(mbedtls_base64_decode(f->raw, sizeof(f->raw), &n,
					       (const unsigned char *)b64, strlen(b64)),
			 0);
	f->c.parent.cert_type = GIT_CERT_HOSTKEY_LIBSSH2;
	f->c.type = GIT_CERT_SSH_RAW | GIT_CERT_SSH_SHA256;
	f->c.raw_type = t;
	f->c.hostkey = (const char *)f->raw;
	f->c.hostkey_len = n;
	assert_int_equal(sha256(f->raw, n, f->c.hash_sha256, 0), 0);
	return &f->c.parent;
}

static git_cert *ed(struct fake_cert *f, const char *b64)
{
	return fake(f, GIT_CERT_SSH_RAW_TYPE_KEY_ED25519, b64);
}

/* One call of the callback, as libgit2 makes it, for host on port. */
static int check(struct env *e, git_cert *cert, const char *host, int port)
{
	mutu_error_clear();
	git_error_clear();
	e->opts.port = port;
	return mutu_knownhosts_check(cert, 0, host, &e->opts);
}

static void assert_known(struct env *e, git_cert *cert, const char *host, int port)
{
	int rc = check(e, cert, host, port);

	if (rc != 0)
		fail_msg("%s port %d: returned %d, expected 0 (last error: %s)", host, port, rc,
			 mutu_error_last());
}

/* The callback refuses, with a message holding want, the same for mutu
 * and for libgit2 (the fetch reports libgit2's). */
static void assert_refused(struct env *e, git_cert *cert, const char *host, int port,
			   const char *want)
{
	int rc = check(e, cert, host, port);
	const git_error *ge = git_error_last();

	if (rc != GIT_ECERTIFICATE)
		fail_msg("%s port %d: returned %d, expected GIT_ECERTIFICATE (last error: %s)",
			 host, port, rc, mutu_error_last());
	assert_int_equal(mutu_error_last_code(), MUTU_EPERM);
	assert_contains(mutu_error_last(), want);
	assert_non_null(ge);
	assert_string_equal(ge->message, mutu_error_last());
}

/* --- hosts and ports -------------------------------------------------------- */

static void a_host_on_port_22_is_known_by_its_plain_name(void **state)
{
	struct env *e = *state;
	struct fake_cert f;

	unit_spit(e->user_file, "other.example.org ssh-ed25519 " ED_B "\n" HOST " ssh-ed25519 " ED_A
				" a comment\n");
	assert_known(e, ed(&f, ED_A), HOST, 22);
	/* names are compared without case, as ssh compares them */
	assert_known(e, ed(&f, ED_A), "Git.Example.ORG", 22);
	/* port 0 is the default */
	assert_known(e, ed(&f, ED_A), HOST, 0);
	/* the same name on another port is another host */
	assert_refused(e, ed(&f, ED_A), HOST, 2222, "[git.example.org]:2222 is not in known_hosts");
	assert_contains(mutu_error_last(),
			"ssh-keyscan -p 2222 git.example.org >> ~/.ssh/known_hosts");
	assert_contains(mutu_error_last(), "ssh-ed25519 " ED_A_FP);
}

static void another_port_is_known_as_bracketed_host_and_port(void **state)
{
	struct env *e = *state;
	struct fake_cert f;

	unit_spit(e->user_file, "[127.0.0.1]:2222 ssh-ed25519 " ED_A "\n"
				"[::1]:2200 ssh-ed25519 " ED_A "\n"
				"192.0.2.7 ssh-ed25519 " ED_A "\n");
	assert_known(e, ed(&f, ED_A), "127.0.0.1", 2222);
	assert_known(e, ed(&f, ED_A), "::1", 2200);
	/* [host]:2222 says nothing of port 22, nor of another port */
	assert_refused(e, ed(&f, ED_A), "127.0.0.1", 22, "127.0.0.1 is not in known_hosts");
	assert_refused(e, ed(&f, ED_A), "127.0.0.1", 2223,
		       "[127.0.0.1]:2223 is not in known_hosts");
	/* and a plain name says nothing of another port */
	assert_known(e, ed(&f, ED_A), "192.0.2.7", 22);
	assert_refused(e, ed(&f, ED_A), "192.0.2.7", 2222,
		       "[192.0.2.7]:2222 is not in known_hosts");
}

static void hashed_names_are_matched_by_their_hmac(void **state)
{
	struct env *e = *state;
	struct fake_cert f;

	unit_spit(e->user_file,
		  HASHED_GIT " ssh-ed25519 " ED_A "\n" HASHED_LOCAL_2222 " ssh-ed25519 " ED_A "\n");
	assert_known(e, ed(&f, ED_A), HOST, 22);
	assert_known(e, ed(&f, ED_A), "GIT.example.org", 22);
	assert_known(e, ed(&f, ED_A), "127.0.0.1", 2222);
	assert_refused(e, ed(&f, ED_A), HOST, 2222, "[git.example.org]:2222 is not in known_hosts");
	assert_refused(e, ed(&f, ED_A), "127.0.0.1", 22, "127.0.0.1 is not in known_hosts");
	assert_refused(e, ed(&f, ED_A), "git.example.net", 22, "is not in known_hosts");
	/* a hashed line knows its host's key as well as a plain one */
	assert_refused(e, ed(&f, ED_B), HOST, 22, "CHANGED");
	assert_contains(mutu_error_last(), "known_hosts:1");
	/* a hashed field is never a pattern, nor a list */
	unit_spit(e->user_file, HASHED_GIT
		  ",* ssh-ed25519 " ED_A "\n"
		  "|1|garbage|more ssh-ed25519 " ED_A "\n"
		  "|1|WzMBBJ7GCWHByDJDmJx8k7rtq6k=|fQWKu7wE0a/nSXKW51HCV1HOMu4 ssh-ed25519 " ED_A
		  "\n");
	assert_refused(e, ed(&f, ED_A), HOST, 22, "is not in known_hosts");
	assert_refused(e, ed(&f, ED_A), "*", 22, "is not in known_hosts");
}

static void wildcards_and_negation_follow_ssh(void **state)
{
	struct env *e = *state;
	struct fake_cert f;

	unit_spit(e->user_file, "*.example.org,!evil.example.org ssh-ed25519 " ED_A "\n"
				"git?.example.net ssh-ed25519 " ED_A "\n"
				"[10.0.0.*]:2222 ssh-ed25519 " ED_A "\n"
				"**a*b*c** ssh-ed25519 " ED_A "\n");
	assert_known(e, ed(&f, ED_A), HOST, 22);
	assert_known(e, ed(&f, ED_A), "a.b.example.org", 22);
	/* a negated pattern that matches wins over any other */
	assert_refused(e, ed(&f, ED_A), "evil.example.org", 22,
		       "evil.example.org is not in known_hosts");
	assert_refused(e, ed(&f, ED_A), "example.org", 22, "is not in known_hosts");
	/* *.example.org is one name, not "[name]:port" */
	assert_refused(e, ed(&f, ED_A), HOST, 2222, "is not in known_hosts");
	/* ? is exactly one character */
	assert_known(e, ed(&f, ED_A), "git1.example.net", 22);
	assert_refused(e, ed(&f, ED_A), "git.example.net", 22, "is not in known_hosts");
	assert_refused(e, ed(&f, ED_A), "git12.example.net", 22, "is not in known_hosts");
	assert_known(e, ed(&f, ED_A), "10.0.0.42", 2222);
	assert_refused(e, ed(&f, ED_A), "10.0.0.42", 22, "is not in known_hosts");
	/* stars, leading and trailing and many */
	assert_known(e, ed(&f, ED_A), "xaybzc", 22);
	assert_known(e, ed(&f, ED_A), "abc", 22);
	assert_refused(e, ed(&f, ED_A), "acb", 22, "is not in known_hosts");

	/* "*" names every host on every port; a negation still excludes */
	unit_spit(e->user_file, "*,!*.internal ssh-ed25519 " ED_A "\n");
	assert_known(e, ed(&f, ED_A), "anything.example", 22);
	assert_known(e, ed(&f, ED_A), "127.0.0.1", 2222);
	assert_refused(e, ed(&f, ED_A), "db.internal", 22, "is not in known_hosts");
}

/* --- keys ------------------------------------------------------------------- */

static void a_revoked_key_is_refused_wherever_it_is(void **state)
{
	struct env *e = *state;
	struct fake_cert f;

	unit_spit(e->user_file, HOST " ssh-ed25519 " ED_A "\n");
	unit_spit(e->system_file, "# retired keys\n@revoked * ssh-ed25519 " ED_A "\n");
	assert_refused(e, ed(&f, ED_A), HOST, 22, "is revoked");
	assert_contains(mutu_error_last(), e->system_file);
	assert_contains(mutu_error_last(), "ssh_known_hosts:2 marks it @revoked");
	assert_contains(mutu_error_last(), ED_A_FP);
	/* whatever host the @revoked line names: the key is never trusted */
	unit_spit(e->system_file, "@revoked some.other.host ssh-ed25519 " ED_A "\n");
	assert_refused(e, ed(&f, ED_A), HOST, 22, "is revoked");
	/* another key revoked says nothing of this one */
	unit_spit(e->system_file, "@revoked * ssh-ed25519 " ED_B "\n");
	assert_known(e, ed(&f, ED_A), HOST, 22);
	assert_refused(e, ed(&f, ED_B), HOST, 22, "is revoked");
}

static void a_changed_key_is_refused_loudly_naming_the_known_one(void **state)
{
	struct env *e = *state;
	struct fake_cert f;

	unit_spit(e->system_file, "# the system's\n\n" HOST " ssh-ed25519 " ED_B "\n");
	assert_refused(e, ed(&f, ED_A), HOST, 22,
		       "the host key of git.example.org CHANGED: someone may be in the middle");
	assert_contains(mutu_error_last(), "ssh_known_hosts:3 holds for it");
	assert_contains(mutu_error_last(), "it showed ssh-ed25519 " ED_A_FP);
	assert_contains(mutu_error_last(), "ssh-keygen -f '");
	assert_contains(mutu_error_last(), "-R 'git.example.org'");
	/* several keys of one type may be known for a host: one is enough */
	unit_spit(e->user_file, HOST " ssh-ed25519 " ED_A "\n");
	assert_known(e, ed(&f, ED_A), HOST, 22);
	/* on another port, the name to remove is "[host]:port" */
	unit_spit(e->user_file, "[127.0.0.1]:2222 ssh-ed25519 " ED_B "\n");
	assert_refused(e, ed(&f, ED_A), "127.0.0.1", 2222, "-R '[127.0.0.1]:2222'");
	assert_contains(mutu_error_last(), "known_hosts:1 holds for it");
}

static void an_unknown_host_is_refused_with_how_to_add_it(void **state)
{
	struct env *e = *state;
	struct fake_cert f;

	unit_spit(e->user_file, "other.example.org ssh-ed25519 " ED_A "\n");
	unit_spit(e->system_file, "");
	assert_refused(
	    e, ed(&f, ED_A), HOST, 22,
	    "git.example.org is not in known_hosts: check its key (ssh-ed25519 " ED_A_FP
	    ") and add it, e.g. with ssh-keyscan -p 22 git.example.org >> ~/.ssh/known_hosts");
}

static void a_host_known_with_other_key_types_only_is_refused_naming_them(void **state)
{
	struct env *e = *state;
	struct fake_cert f;

	/* what OpenSSH records (Ed25519) while libssh2 asks for ECDSA */
	unit_spit(e->user_file, HOST " ssh-ed25519 " ED_A "\n" HOST
				     " ssh-rsa AAAAB3NzaC1yc2E=\n" HOST " ssh-ed25519 " ED_B "\n");
	assert_refused(e, fake(&f, GIT_CERT_SSH_RAW_TYPE_KEY_ECDSA_256, EC256), HOST, 22,
		       "git.example.org is in known_hosts with keys of other types (ssh-ed25519, "
		       "ssh-rsa), not with the ecdsa-sha2-nistp256 key it showed (" EC256_FP ")");
	assert_contains(mutu_error_last(),
			"ssh-keyscan -t ecdsa -p 22 git.example.org >> ~/.ssh/known_hosts");
	assert_not_contains(mutu_error_last(), "CHANGED");
	/* and once the ECDSA key is added, it is known */
	unit_spit(e->system_file, HOST " ecdsa-sha2-nistp256 " EC256 "\n");
	assert_known(e, fake(&f, GIT_CERT_SSH_RAW_TYPE_KEY_ECDSA_256, EC256), HOST, 22);
}

static void an_ecdsa_521_key_libgit2_calls_unknown_is_typed_by_its_blob(void **state)
{
	struct env *e = *state;
	struct fake_cert f;

	/* libgit2 1.5.1 gives an ecdsa-sha2-nistp521 key raw_type UNKNOWN */
	unit_spit(e->user_file, HOST " ssh-ed25519 " ED_A "\n");
	assert_refused(e, fake(&f, GIT_CERT_SSH_RAW_TYPE_UNKNOWN, EC521), HOST, 22,
		       "not with the ecdsa-sha2-nistp521 key it showed");
	unit_spit(e->user_file, HOST " ecdsa-sha2-nistp521 " EC521 "\n");
	assert_known(e, fake(&f, GIT_CERT_SSH_RAW_TYPE_UNKNOWN, EC521), HOST, 22);
	assert_known(e, fake(&f, GIT_CERT_SSH_RAW_TYPE_KEY_ECDSA_521, EC521), HOST, 22);
}

static void without_the_raw_key_the_sha256_fingerprint_is_compared(void **state)
{
	struct env *e = *state;
	struct fake_cert f;
	git_cert *cert = ed(&f, ED_A);

	f.c.type = GIT_CERT_SSH_SHA256;
	f.c.hostkey = NULL;
	f.c.hostkey_len = 0;
	unit_spit(e->user_file, HOST " ssh-ed25519 " ED_A "\n");
	assert_known(e, cert, HOST, 22);
	/* the type unknown, another key for the host may or may not be a
	 * changed one: refused, saying both */
	unit_spit(e->user_file, HOST " ssh-ed25519 " ED_B "\n");
	assert_refused(e, cert, HOST, 22, "is none of the keys known_hosts holds for it");
	assert_contains(mutu_error_last(), "known_hosts:1 holds one");
	assert_contains(mutu_error_last(), "(" ED_A_FP ")");
	unit_spit(e->user_file, HOST " ssh-ed25519 " ED_B "\n@revoked * ssh-ed25519 " ED_A "\n");
	assert_refused(e, cert, HOST, 22, "known_hosts:2 marks it @revoked");
	unit_spit(e->user_file, "");
	assert_refused(e, cert, HOST, 22, "git.example.org is not in known_hosts");
	/* nothing to compare: refused */
	f.c.type = GIT_CERT_SSH_MD5 | GIT_CERT_SSH_SHA1;
	assert_refused(e, cert, HOST, 22,
		       "libgit2 gave neither the key nor its SHA-256 fingerprint");
}

static void a_certificate_that_is_no_ssh_host_key_is_passed_through(void **state)
{
	struct env *e = *state;
	git_cert_x509 x509 = {{GIT_CERT_X509}, NULL, 0};
	git_cert none = {GIT_CERT_NONE};
	git_cert strarray = {GIT_CERT_STRARRAY};

	unit_spit(e->user_file, "");
	assert_int_equal(check(e, &x509.parent, HOST, 443), GIT_PASSTHROUGH);
	assert_int_equal(check(e, &none, HOST, 443), GIT_PASSTHROUGH);
	assert_int_equal(check(e, &strarray, HOST, 443), GIT_PASSTHROUGH);
	assert_string_equal(mutu_error_last(), "");
}

/* --- files ------------------------------------------------------------------- */

static void missing_files_are_skipped(void **state)
{
	struct env *e = *state;
	struct fake_cert f;
	const char *files[3];

	/* neither file exists */
	assert_refused(e, ed(&f, ED_A), HOST, 22, "is not in known_hosts");
	unit_spit(e->system_file, HOST " ssh-ed25519 " ED_A "\n");
	assert_known(e, ed(&f, ED_A), HOST, 22);
	/* nor does a file whose directory is a file */
	files[0] = at(e, "known_hosts/nested");
	files[1] = e->system_file;
	files[2] = NULL;
	e->opts.files = files;
	e->opts.nfiles = 3;
	assert_known(e, ed(&f, ED_A), HOST, 22);
	e->opts.nfiles = 0;
	assert_refused(e, ed(&f, ED_A), HOST, 22, "is not in known_hosts");
}

static void garbage_lines_are_skipped(void **state)
{
	struct env *e = *state;
	struct fake_cert f;
	static const char nul_line[] = HOST " ssh-ed25519 " ED_A "\0 after a NUL\n";
	char *text, *long_line;
	size_t n;

	/* lines that are no entry of this key, each skipped: the host stays
	 * unknown, none is taken for a changed key */
	unit_spit(e->user_file,
		  "garbage\n"
		  "   \t  \n"
		  "# " HOST " ssh-ed25519 " ED_A "\n" HOST "\n" HOST " ssh-ed25519\n" HOST
		  " ssh-ed25519 !!!not-base64!!!\n" HOST " ssh-ed25519 ====\n" HOST
		  " ssh-ed25519 AAAA\n"		  /* three NULs: base64, but no key */
		  HOST " ssh-ed25519 " EC256 "\n" /* a key of another type than it says */
		  "@cert-authority *.example.org ssh-ed25519 " ED_A "\n"
		  "@bogus " HOST " ssh-ed25519 " ED_A "\n"
		  "@revoked\n"
		  "@revoked " HOST "\n"
		  ",,,, ssh-ed25519 " ED_A "\n"
		  "!,! ssh-ed25519 " ED_A "\n"
		  "| ssh-ed25519 " ED_A "\n"
		  "|1| ssh-ed25519 " ED_A "\n"
		  "|1|| ssh-ed25519 " ED_A "\n"
		  "\xff\xfe\x01 \x02 \x03\n");
	assert_refused(e, ed(&f, ED_A), HOST, 22, "git.example.org is not in known_hosts");
	assert_refused(e, ed(&f, ED_B), HOST, 22, "git.example.org is not in known_hosts");

	/* a NUL inside a line skips that line */
	spit_bytes(e->user_file, nul_line, sizeof(nul_line) - 1);
	assert_refused(e, ed(&f, ED_A), HOST, 22, "is not in known_hosts");

	/* a line longer than 16 KB is skipped, and the count of lines goes on */
	n = 17 * 1024;
	long_line = malloc(n + 1);
	assert_non_null(long_line);
	memset(long_line, 'x', n);
	memcpy(long_line, HOST " ssh-ed25519 " ED_A " ", strlen(HOST " ssh-ed25519 " ED_A " "));
	long_line[n] = '\0';
	text = malloc(2 * n + 256);
	assert_non_null(text);
	snprintf(text, 2 * n + 256, "%s\n%s\r\n" HOST " ssh-ed25519 " ED_B "\n", long_line,
		 long_line);
	unit_spit(e->user_file, text);
	assert_refused(e, ed(&f, ED_A), HOST, 22, "known_hosts:3 holds for it");

	/* garbage before a good line, CRLF line ends, tabs, no final newline */
	snprintf(text, 2 * n + 256, "%s\n\x01\x02\r\n\t" HOST "\tssh-ed25519\t" ED_A "\r",
		 long_line);
	unit_spit(e->user_file, text);
	assert_known(e, ed(&f, ED_A), HOST, 22);
	free(text);
	free(long_line);
}

static void unreadable_or_huge_files_fail_the_check(void **state)
{
	struct env *e = *state;
	struct fake_cert f;
	int fd;

	unit_spit(e->system_file, HOST " ssh-ed25519 " ED_A "\n");
	/* a directory */
	assert_int_equal(mkdir(e->user_file, 0700), 0);
	assert_int_equal(check(e, ed(&f, ED_A), HOST, 22), -1);
	assert_int_equal(mutu_error_last_code(), MUTU_EIO);
	assert_contains(mutu_error_last(), "it is not a regular file of at most 16 MB");
	assert_contains(mutu_error_last(), e->user_file);
	assert_string_equal(git_error_last()->message, mutu_error_last());
	assert_int_equal(rmdir(e->user_file), 0);

	/* more than 16 MB (sparse: nothing is written) */
	fd = open(e->user_file, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, 16 * 1024 * 1024 + 1), 0);
	assert_int_equal(close(fd), 0);
	assert_int_equal(check(e, ed(&f, ED_A), HOST, 22), -1);
	assert_int_equal(mutu_error_last_code(), MUTU_EIO);
	assert_contains(mutu_error_last(), "16 MB");

	/* exactly 16 MB of NULs is read, and is no entry */
	fd = open(e->user_file, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, 16 * 1024 * 1024), 0);
	assert_int_equal(close(fd), 0);
	assert_known(e, ed(&f, ED_A), HOST, 22);

	/* a FIFO, which would block a reader, is refused at once */
	assert_int_equal(unlink(e->user_file), 0);
	assert_int_equal(mkfifo(e->user_file, 0600), 0);
	assert_int_equal(check(e, ed(&f, ED_A), HOST, 22), -1);
	assert_contains(mutu_error_last(), "not a regular file");
}

/* 16 MB of patterns made to make a matcher backtrack, against the longest
 * host name: read in linear time (a few seconds at worst unoptimised,
 * under sanitizers), not hung. */
static void hostile_patterns_cost_linear_time(void **state)
{
	struct env *e = *state;
	struct fake_cert f;
	char host[254], *text, *p;
	size_t size = 16 * 1024 * 1024 - 1, i;
	time_t start = time(NULL);

	memset(host, 'a', sizeof(host) - 1);
	host[sizeof(host) - 1] = '\0';
	text = malloc(size + 1);
	assert_non_null(text);
	for (p = text; (size_t)(p - text) + 1200 < size;) {
		/* *aaa…ab, as long as half the name: every start tried,
		 * each for the length of the segment */
		*p++ = '*';
		memset(p, 'a', 126);
		p += 126;
		*p++ = 'b';
		/* *a*a*a…*c: stars, each a place to go back to */
		*p++ = ',';
		for (i = 0; i < 100; i++) {
			*p++ = '*';
			*p++ = 'a';
		}
		*p++ = '*';
		*p++ = 'c';
		memcpy(p, " ssh-ed25519 " ED_B "\n", strlen(" ssh-ed25519 " ED_B "\n"));
		p += strlen(" ssh-ed25519 " ED_B "\n");
	}
	memset(p, '\n', size - (size_t)(p - text));
	spit_bytes(e->user_file, text, size);
	free(text);
	assert_refused(e, ed(&f, ED_A), host, 22, "is not in known_hosts");
	if (time(NULL) - start > 60)
		fail_msg("16 MB of patterns took %ld s", (long)(time(NULL) - start));
}

/* --- URLs -------------------------------------------------------------------- */

static void the_port_comes_from_the_url(void **state)
{
	(void)state;
	assert_int_equal(mutu_knownhosts_port("ssh://git@example.org/org/repo.git"), 22);
	assert_int_equal(mutu_knownhosts_port("ssh://example.org/repo"), 22);
	assert_int_equal(mutu_knownhosts_port("ssh://example.org"), 22);
	assert_int_equal(mutu_knownhosts_port("ssh://git@127.0.0.1:2222/srv/repo.git"), 2222);
	assert_int_equal(mutu_knownhosts_port("ssh://127.0.0.1:22/srv/repo.git"), 22);
	assert_int_equal(mutu_knownhosts_port("ssh://example.org:/repo"), 22);
	assert_int_equal(mutu_knownhosts_port("ssh://u@[::1]:2200/repo"), 2200);
	assert_int_equal(mutu_knownhosts_port("ssh://[::1]/repo"), 22);
	assert_int_equal(mutu_knownhosts_port("ssh://a@b@host:7/repo"), 7);
	assert_int_equal(mutu_knownhosts_port("ssh+git://host:1/repo"), 1);
	assert_int_equal(mutu_knownhosts_port("git+ssh://host:65535/repo"), 65535);
	/* scp-like: always 22 */
	assert_int_equal(mutu_knownhosts_port("git@github.com:org/repo.git"), 22);
	assert_int_equal(mutu_knownhosts_port("host:repo"), 22);
	assert_int_equal(mutu_knownhosts_port("host:2222/repo"), 22);
	/* not a port */
	assert_int_equal(mutu_knownhosts_port("ssh://host:0/repo"), -1);
	assert_int_equal(mutu_knownhosts_port("ssh://host:65536/repo"), -1);
	assert_int_equal(mutu_knownhosts_port("ssh://host:99999999999999999999999/repo"), -1);
	assert_int_equal(mutu_knownhosts_port("ssh://host:22a/repo"), -1);
	assert_int_equal(mutu_knownhosts_port("ssh://host:-1/repo"), -1);
	assert_int_equal(mutu_knownhosts_port("ssh://[::1/repo"), -1);
	assert_int_equal(mutu_knownhosts_port("ssh://[::1]x/repo"), -1);
	/* no host */
	assert_int_equal(mutu_knownhosts_port("ssh:///repo"), -1);
	assert_int_equal(mutu_knownhosts_port("ssh://git@:22/repo"), -1);
	assert_int_equal(mutu_knownhosts_port(":repo"), -1);
	assert_int_equal(mutu_knownhosts_port("git@:repo"), -1);
	/* not ssh */
	assert_int_equal(mutu_knownhosts_port("https://example.org/repo.git"), -1);
	assert_int_equal(mutu_knownhosts_port("http://example.org:22/repo.git"), -1);
	assert_int_equal(mutu_knownhosts_port("git://example.org/repo.git"), -1);
	assert_int_equal(mutu_knownhosts_port("file:///srv/repo.git"), -1);
	assert_int_equal(mutu_knownhosts_port("/srv/repo.git"), -1);
	assert_int_equal(mutu_knownhosts_port("./a:b"), -1);
	assert_int_equal(mutu_knownhosts_port("repo"), -1);
	assert_int_equal(mutu_knownhosts_port(""), -1);
	assert_int_equal(mutu_knownhosts_port(NULL), -1);
}

/* --- against a real sshd --------------------------------------------------- */

/* Run argv, its output to dir/log; its exit status. */
static int run(const char *dir, char *const argv[])
{
	posix_spawn_file_actions_t fa;
	char log[4096];
	pid_t pid;
	int status;

	snprintf(log, sizeof(log), "%s/log", dir);
	assert_int_equal(posix_spawn_file_actions_init(&fa), 0);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, log, O_WRONLY | O_CREAT | O_APPEND, 0600);
	posix_spawn_file_actions_adddup2(&fa, 1, 2);
	if (posix_spawn(&pid, argv[0], &fa, NULL, argv, environ) != 0)
		fail_msg("cannot run %s", argv[0]);
	posix_spawn_file_actions_destroy(&fa);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void new_key(struct server *sv, const char *name)
{
	char path[4096];
	char *argv[] = {
	    "/usr/bin/ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "", "-f", path, NULL};

	snprintf(path, sizeof(path), "%s/%s", sv->dir, name);
	assert_int_equal(run(sv->dir, argv), 0);
}

/* A port of 127.0.0.1 nobody listens on now. */
static int free_port(void)
{
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t len = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM, 0), port;

	assert_true(fd >= 0);
	assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &len), 0);
	port = ntohs(a.sin_port);
	close(fd);
	return port;
}

static int port_open(int port)
{
	struct sockaddr_in a = {.sin_family = AF_INET,
				.sin_port = htons((uint16_t)port),
				.sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	int fd = socket(AF_INET, SOCK_STREAM, 0), ok;

	assert_true(fd >= 0);
	ok = connect(fd, (struct sockaddr *)&a, sizeof(a)) == 0;
	close(fd);
	return ok;
}

/* A bare repository dir/repo.git whose main holds one empty commit. */
static void new_repo(struct server *sv)
{
	git_repository *repo;
	git_treebuilder *tb;
	git_signature *sig;
	git_tree *tree;
	git_oid tree_id, commit_id;
	char path[4096];

	snprintf(path, sizeof(path), "%s/repo.git", sv->dir);
	assert_int_equal(git_repository_init(&repo, path, 1), 0);
	assert_int_equal(git_treebuilder_new(&tb, repo, NULL), 0);
	assert_int_equal(git_treebuilder_write(&tree_id, tb), 0);
	assert_int_equal(git_tree_lookup(&tree, repo, &tree_id), 0);
	assert_int_equal(git_signature_now(&sig, UNIT_NAME, UNIT_EMAIL), 0);
	assert_int_equal(git_commit_create_v(&commit_id, repo, "refs/heads/main", sig, sig, NULL,
					     "empty", tree, 0),
			 0);
	git_signature_free(sig);
	git_tree_free(tree);
	git_treebuilder_free(tb);
	git_repository_free(repo);
	snprintf(sv->url, sizeof(sv->url), "ssh://%s@127.0.0.1:%d%s", sv->user, sv->port, path);
}

/* An sshd for this user on 127.0.0.1 with a host key of its own, letting
 * in dir/client; 0 if one cannot be run here. */
static int start_sshd(struct server *sv)
{
	posix_spawn_file_actions_t fa;
	struct passwd *pw = getpwuid(getuid());
	char config[4096], text[8192], log[4096], *pub, *sp;
	char *argv[] = {SSHD, "-D", "-e", "-f", config, NULL};
	int i;

	if (access(SSHD, X_OK) != 0 || access("/usr/bin/ssh-keygen", X_OK) != 0 ||
	    system("git upload-pack --help >/dev/null 2>&1 </dev/null; git --version >/dev/null "
		   "2>&1") != 0 ||
	    !pw)
		return 0;
	/* as root, sshd wants its privilege separation directory */
	if (getuid() == 0)
		mkdir("/run/sshd", 0755);
	memset(sv, 0, sizeof(*sv));
	sv->dir = unit_tmpdir();
	snprintf(sv->user, sizeof(sv->user), "%s", pw->pw_name);
	sv->port = free_port();
	new_key(sv, "host");
	new_key(sv, "client");
	snprintf(config, sizeof(config), "%s/client.pub", sv->dir);
	pub = unit_slurp(config, NULL);
	assert_non_null(pub);
	snprintf(config, sizeof(config), "%s/authorized_keys", sv->dir);
	unit_spit(config, pub);
	free(pub);
	snprintf(config, sizeof(config), "%s/host.pub", sv->dir);
	pub = unit_slurp(config, NULL);
	assert_non_null(pub);
	assert_true(!strncmp(pub, "ssh-ed25519 ", 12));
	sp = strpbrk(pub + 12, " \n");
	if (sp)
		*sp = '\0';
	snprintf(sv->host_key, sizeof(sv->host_key), "%s", pub + 12);
	free(pub);
	/* as tests/cli/remote-helper.bash configures its sshd */
	snprintf(text, sizeof(text),
		 "ListenAddress 127.0.0.1\nPort %d\nAddressFamily inet\nHostKey %s/host\n"
		 "PidFile %s/sshd.pid\nAuthorizedKeysFile %s/authorized_keys\n"
		 "AuthenticationMethods publickey\nPubkeyAuthentication yes\n"
		 "PasswordAuthentication no\nKbdInteractiveAuthentication no\n"
		 "PermitRootLogin prohibit-password\nAllowUsers %s\nStrictModes no\nUsePAM no\n"
		 "PermitUserRC no\nPermitUserEnvironment no\nAllowTcpForwarding no\n"
		 "X11Forwarding no\nPrintMotd no\nUseDNS no\n"
		 "SetEnv GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null\n",
		 sv->port, sv->dir, sv->dir, sv->dir, sv->user);
	snprintf(config, sizeof(config), "%s/sshd_config", sv->dir);
	unit_spit(config, text);
	snprintf(log, sizeof(log), "%s/sshd.log", sv->dir);
	assert_int_equal(posix_spawn_file_actions_init(&fa), 0);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	posix_spawn_file_actions_adddup2(&fa, 1, 2);
	if (posix_spawn(&sv->pid, SSHD, &fa, NULL, argv, environ) != 0)
		fail_msg("cannot run %s", SSHD);
	posix_spawn_file_actions_destroy(&fa);
	for (i = 0; i < 200 && !port_open(sv->port); i++) {
		if (waitpid(sv->pid, NULL, WNOHANG) == sv->pid) {
			char *why = unit_slurp(log, NULL);

			sv->pid = 0;
			fail_msg("sshd exited at start: %s", why ? why : "");
		}
		usleep(50 * 1000);
	}
	if (!port_open(sv->port))
		fail_msg("sshd did not answer on port %d", sv->port);
	new_repo(sv);
	return 1;
}

static void stop_sshd(struct server *sv)
{
	if (sv->pid > 0) {
		kill(sv->pid, SIGTERM);
		waitpid(sv->pid, NULL, 0);
		sv->pid = 0;
	}
	unit_rmtree(sv->dir);
	sv->dir = NULL;
}

/* What the callbacks of one connection share (libgit2 gives them one
 * payload), as mutu-sync's wrappers do. */
struct conn {
	const mutu_knownhosts_opts *opts;
	const struct server *sv;
	int checked, creds;
	int valid; /* libgit2's own verdict */
	char host[256];
};

static int conn_check(git_cert *cert, int valid, const char *host, void *payload)
{
	struct conn *c = payload;

	c->checked++;
	c->valid = valid;
	snprintf(c->host, sizeof(c->host), "%s", host);
	return mutu_knownhosts_check(cert, valid, host, (void *)c->opts);
}

static int conn_credentials(git_credential **out, const char *url, const char *user,
			    unsigned int allowed, void *payload)
{
	struct conn *c = payload;
	char pub[4096], priv[4096];

	(void)url;
	(void)allowed;
	if (c->creds++)
		return GIT_EAUTH; /* the one key was refused: no loop */
	snprintf(pub, sizeof(pub), "%s/client.pub", c->sv->dir);
	snprintf(priv, sizeof(priv), "%s/client", c->sv->dir);
	return git_credential_ssh_key_new(out, user, pub, priv, NULL);
}

/* Connect to sv's repository and list its references, the host key
 * checked against e's files; what git_remote_connect returned. */
static int connect_and_ls(struct env *e, const struct server *sv, struct conn *c, size_t *nrefs)
{
	git_remote_callbacks cb;
	const git_remote_head **heads;
	git_remote *remote;
	int rc;

	assert_int_equal(git_remote_init_callbacks(&cb, GIT_REMOTE_CALLBACKS_VERSION), 0);
	memset(c, 0, sizeof(*c));
	c->opts = &e->opts;
	c->sv = sv;
	e->opts.port = mutu_knownhosts_port(sv->url);
	assert_int_equal(e->opts.port, sv->port);
	cb.certificate_check = conn_check;
	cb.credentials = conn_credentials;
	cb.payload = c;
	mutu_error_clear();
	git_error_clear();
	assert_int_equal(git_remote_create_anonymous(&remote, NULL, sv->url), 0);
	rc = git_remote_connect(remote, GIT_DIRECTION_FETCH, &cb, NULL, NULL);
	*nrefs = 0;
	if (rc == 0) {
		assert_int_equal(git_remote_ls(&heads, nrefs, remote), 0);
		git_remote_disconnect(remote);
	}
	git_remote_free(remote);
	return rc;
}

static void a_real_sshd_is_reached_only_when_its_key_is_known(void **state)
{
	struct env *e = *state;
	struct server *sv = &e->sv;
	struct conn c;
	char text[4096], want[256];
	size_t nrefs;
	int rc;

	/* never skipped: make check installs openssh-server (tools/deps.sh) */
	if (!start_sshd(sv))
		fail_msg("cannot start a throwaway sshd (is openssh-server installed? make deps installs it)");

	/* known, for its port: connects and lists main, though libgit2's
	 * own check (an empty ~/.ssh/known_hosts) would have refused it */
	libgit2_known_hosts("");
	snprintf(text, sizeof(text), "# the system's\n[127.0.0.1]:%d ssh-ed25519 %s\n", sv->port,
		 sv->host_key);
	unit_spit(e->system_file, text);
	rc = connect_and_ls(e, sv, &c, &nrefs);
	if (rc != 0)
		fail_msg("connect: %d: %s", rc, git_error_last() ? git_error_last()->message : "?");
	assert_int_equal(c.checked, 1);
	assert_int_equal(c.valid, 0);
	assert_string_equal(c.host, "127.0.0.1");
	assert_int_equal(c.creds, 1);
	assert_true(nrefs >= 1);

	/* unknown: refused before any credential is offered */
	unit_spit(e->system_file, "");
	rc = connect_and_ls(e, sv, &c, &nrefs);
	assert_int_equal(rc, GIT_ECERTIFICATE);
	assert_int_equal(c.checked, 1);
	assert_int_equal(c.creds, 0);
	snprintf(want, sizeof(want), "[127.0.0.1]:%d is not in known_hosts", sv->port);
	assert_contains(git_error_last()->message, want);
	assert_string_equal(git_error_last()->message, mutu_error_last());

	/* known on port 22 only: another host, though libssh2 takes it for
	 * this one (libgit2 says valid) */
	snprintf(text, sizeof(text), "127.0.0.1 ssh-ed25519 %s\n", sv->host_key);
	unit_spit(e->user_file, text);
	libgit2_known_hosts(text);
	assert_int_equal(connect_and_ls(e, sv, &c, &nrefs), GIT_ECERTIFICATE);
	assert_int_equal(c.valid, 1);
	assert_contains(git_error_last()->message, want);

	/* revoked: refused, though libssh2 ignores the marker and trusts it */
	snprintf(text, sizeof(text), "@revoked * ssh-ed25519 %s\n[127.0.0.1]:%d ssh-ed25519 %s\n",
		 sv->host_key, sv->port, sv->host_key);
	unit_spit(e->user_file, text);
	libgit2_known_hosts(text);
	assert_int_equal(connect_and_ls(e, sv, &c, &nrefs), GIT_ECERTIFICATE);
	assert_int_equal(c.valid, 1);
	assert_int_equal(c.creds, 0);
	assert_contains(git_error_last()->message, "known_hosts:1 marks it @revoked");

	/* another key known for it: changed */
	libgit2_known_hosts("");
	snprintf(text, sizeof(text), "[127.0.0.1]:%d ssh-ed25519 %s\n", sv->port, ED_A);
	unit_spit(e->user_file, text);
	assert_int_equal(connect_and_ls(e, sv, &c, &nrefs), GIT_ECERTIFICATE);
	assert_int_equal(c.creds, 0);
	assert_contains(git_error_last()->message, "CHANGED: someone may be in the middle");

	stop_sshd(sv);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(a_host_on_port_22_is_known_by_its_plain_name, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(another_port_is_known_as_bracketed_host_and_port, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(hashed_names_are_matched_by_their_hmac, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(wildcards_and_negation_follow_ssh, setup, teardown),
	    cmocka_unit_test_setup_teardown(a_revoked_key_is_refused_wherever_it_is, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(a_changed_key_is_refused_loudly_naming_the_known_one,
					    setup, teardown),
	    cmocka_unit_test_setup_teardown(an_unknown_host_is_refused_with_how_to_add_it, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(
		a_host_known_with_other_key_types_only_is_refused_naming_them, setup, teardown),
	    cmocka_unit_test_setup_teardown(
		an_ecdsa_521_key_libgit2_calls_unknown_is_typed_by_its_blob, setup, teardown),
	    cmocka_unit_test_setup_teardown(without_the_raw_key_the_sha256_fingerprint_is_compared,
					    setup, teardown),
	    cmocka_unit_test_setup_teardown(a_certificate_that_is_no_ssh_host_key_is_passed_through,
					    setup, teardown),
	    cmocka_unit_test_setup_teardown(missing_files_are_skipped, setup, teardown),
	    cmocka_unit_test_setup_teardown(garbage_lines_are_skipped, setup, teardown),
	    cmocka_unit_test_setup_teardown(unreadable_or_huge_files_fail_the_check, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(hostile_patterns_cost_linear_time, setup, teardown),
	    cmocka_unit_test(the_port_comes_from_the_url),
	    cmocka_unit_test_setup_teardown(a_real_sshd_is_reached_only_when_its_key_is_known,
					    setup, teardown),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
