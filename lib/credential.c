/*
 * Credentials for libgit2's transports, found as git finds them.
 *
 * libgit2 (1.5.1) calls the credential callback once per attempt, and
 * again each time the server refuses what it returned, with no bound of
 * its own over ssh (and fifteen replays over HTTP). So the state lives in
 * the mutu_credential, and every call moves on: over ssh to the next
 * source of keys, over HTTP from the helpers' answer to failure. Once
 * nothing is left the callback fails, and keeps failing, with the reason.
 *
 * What libgit2 does itself, and this module therefore does not:
 *
 *   - A user name in the URL is libgit2's: over ssh it is never asked for
 *     (the callback gets it as username_from_url), and over HTTP the
 *     URL's user and password, or the user and an empty password, are
 *     presented before the callback is ever called. Being called for a
 *     URL that holds a password thus means the server refused it: the
 *     callback fails at once rather than send it a second time (a refused
 *     password counts towards a server's lockout).
 *
 * What libssh2 (1.10) does that shapes the ssh side:
 *
 *   - It derives the public key from the private key file, so a key
 *     without its .pub works; the .pub is passed when it exists.
 *   - A private key it cannot open, or one protected by a passphrase
 *     without its .pub, is not a refusal but a hard error that ends the
 *     whole authentication, the remaining keys untried. So each file is
 *     opened and its header read first: missing, unreadable or encrypted
 *     keys are never offered.
 *   - An agent whose socket does not answer is a hard error too: the
 *     socket is tried first.
 *   - RSA keys are signed with SHA-1 only, which OpenSSH 8.8 and later
 *     refuse by default. OpenSSH's own order (id_rsa, id_ecdsa,
 *     id_ed25519) would spend a try on a key that mostly fails, and every
 *     refused key counts towards the server's MaxAuthTries (six by
 *     default, the agent's keys included): the keys most likely to work
 *     go first. DSA keys, disabled on both sides since OpenSSH 7.0, and
 *     security keys (_sk), which libssh2 cannot use, are left out.
 *
 * Credential helpers are run as git runs them (gitcredentials(7)): the
 * values of credential.helper and of credential.<url>.helper for every
 * <url> that matches, in the order git reads its configuration (system,
 * global, repository; libgit2 iterates in that order too), an empty
 * value clearing the list so far. "!cmd" runs `sh -c "cmd get"`; an
 * absolute path runs that program, and a name runs `git credential-name`,
 * both with the words that follow as arguments and without a shell (git
 * uses one; here quotes, ~ and $ need the "!" form). Their stdin gets
 * git's key=value lines, their stdout is read for username= and
 * password=, their stderr is the user's. A helper that cannot be run,
 * fails, or answers anything but key=value lines is skipped with a
 * warning, nothing it said used (git would keep what it had read). No
 * helper is ever given a value holding a line break: that would let a
 * crafted URL add lines of its own (CVE-2020-5260).
 */
#include "credential.h"

#include "buf.h"
#include "error.h"
#include "gitinit.h"
#include "i18n.h"
#include "store_git.h"
#include "utf8.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* The most a helper may answer: git's protocol needs a few hundred bytes. */
#define ANSWER_MAX (64 * 1024)

/* ~/.ssh's key files, in the order they are offered (see above). */
static const char *const key_names[] = { "id_ed25519", "id_ecdsa", "id_rsa" };
#define NKEYS (sizeof(key_names) / sizeof(key_names[0]))

/* What git's protocol carries; every string malloc'd or NULL. */
struct request {
	char *protocol, *host, *path, *username, *password;
};

enum http_state {
	HTTP_NONE,         /* nothing given on this connection yet */
	HTTP_HELPER_GIVEN, /* a helper's user and password were given */
	HTTP_DEFAULT_GIVEN, /* the default (Negotiate, NTLM) credential was given */
	HTTP_REFUSED,      /* the server refused the helper's: erase it */
	HTTP_FAILED,       /* nothing (more) to give: the callback fails */
};

struct mutu_credential {
	char *home, *agent, *user;
	git_config *config;
	git_config *owned;  /* the configuration opened for the user: freed with c */
	char *url; /* the URL of this connection, to notice a new one */

	/* ssh: the next source to offer (0 the agent, then key i + 1), and
	 * what happened to each, for the final message */
	size_t ssh_next;
	int agent_offered;
	int key_offered[NKEYS], key_locked[NKEYS];

	enum http_state http;
	struct request req;
	char **helpers;
	size_t nhelpers;
};

/* Free and forget a secret, its bytes wiped first. */
static void wipe(char **s)
{
	if (*s) {
		explicit_bzero(*s, strlen(*s));
		free(*s);
		*s = NULL;
	}
}

static void request_clear(struct request *r)
{
	free(r->protocol);
	free(r->host);
	free(r->path);
	free(r->username);
	wipe(&r->password);
	memset(r, 0, sizeof(*r));
}

static void helpers_clear(mutu_credential *c)
{
	size_t i;

	for (i = 0; i < c->nhelpers; i++)
		free(c->helpers[i]);
	free(c->helpers);
	c->helpers = NULL;
	c->nhelpers = 0;
}

/* Forget this connection's attempts: the next call starts over. */
static void start_over(mutu_credential *c)
{
	c->ssh_next = 0;
	c->agent_offered = 0;
	memset(c->key_offered, 0, sizeof(c->key_offered));
	memset(c->key_locked, 0, sizeof(c->key_locked));
	c->http = HTTP_NONE;
	request_clear(&c->req);
	helpers_clear(c);
}

static char *dup_or_null(const char *s, int *failed)
{
	char *d;

	if (!s)
		return NULL;
	if (!(d = strdup(s)))
		*failed = 1;
	return d;
}

int mutu_credential_new(mutu_credential **out, const mutu_credential_opts *opts)
{
	mutu_credential *c;
	int failed = 0;

	*out = NULL;
	if (!(c = calloc(1, sizeof(*c))))
		return mutu_error_nomem();
	c->home = dup_or_null(opts->home && *opts->home ? opts->home : NULL, &failed);
	c->agent = dup_or_null(opts->agent && *opts->agent ? opts->agent : NULL, &failed);
	c->user = dup_or_null(opts->user && *opts->user ? opts->user : NULL, &failed);
	c->config = opts->config;
	if (failed) {
		mutu_credential_free(c);
		return mutu_error_nomem();
	}
	*out = c;
	return 0;
}

int mutu_credential_for_user(mutu_credential **out, mutu_store *st, const mutu_credential_opts *opts)
{
	mutu_credential_opts o = *opts;
	git_config *config = NULL;
	int err;

	*out = NULL;
	if ((err = mutu_git_init()) < 0)
		return err;
	/* the repository's configuration includes the user's and the system's */
	if (st ? git_repository_config(&config, mutu_store_repository(st)) < 0
	       : git_config_open_default(&config) < 0) {
		git_error_clear();
		config = NULL;   /* no helper then: a path or git:// needs none */
	}
	o.config = config;
	if ((err = mutu_credential_new(out, &o)) < 0) {
		git_config_free(config);
		return err;
	}
	(*out)->owned = config;
	return 0;
}

void mutu_credential_free(mutu_credential *c)
{
	if (!c)
		return;
	start_over(c);
	git_config_free(c->owned);
	free(c->home);
	free(c->agent);
	free(c->user);
	free(c->url);
	free(c);
}

/* --- failures ----------------------------------------------------------- */

/* Record why no credential is given, as mutu's last error and libgit2's
 * (the fetch that called back fails with libgit2's): GIT_EAUTH. */
__attribute__((format(printf, 1, 2))) static int refuse(const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	mutu_error_set(MUTU_EPERM, "%s", msg);
	git_error_set_str(GIT_ERROR_CALLBACK, mutu_error_last());
	return GIT_EAUTH;
}

static int out_of_memory(void)
{
	mutu_error_nomem();
	git_error_set_oom();
	return -1;
}

/*
 * The URL as messages show it: without the password it may hold
 * ("https://alice:s3cret@host/" is shown "https://alice@host/"), and cut
 * to fit a message. A thread-local buffer: a message quotes one URL.
 */
static const char *shown(const char *url)
{
	static _Thread_local char buf[512];
	const char *auth = strstr(url, "://"), *end, *at, *colon;
	size_t keep;

	if (!auth)
		return mutu_utf8_clip(url, 300);
	auth += 3;
	end = auth + strcspn(auth, "/?#");
	at = memchr(auth, '@', (size_t)(end - auth));
	colon = at ? memchr(auth, ':', (size_t)(at - auth)) : NULL;
	if (!colon)
		return mutu_utf8_clip(url, 300);
	keep = mutu_utf8_cut(url, (size_t)(colon - url) < 150 ? (size_t)(colon - url) : 150);
	snprintf(buf, sizeof(buf), "%.*s%s%s", (int)keep, url,
		 keep < (size_t)(colon - url) ? "…" : "", mutu_utf8_clip(at, 300));
	return buf;
}

/* The first word of a helper, to name it in a message: the rest may hold
 * a token ("!f() { echo password=…; }; f"). */
static const char *helper_name(const char *helper)
{
	static _Thread_local char buf[80];
	size_t n = strcspn(helper, " \t");

	snprintf(buf, sizeof(buf), "%.*s", (int)(n < 60 ? n : 60), helper);
	return buf;
}

/* --- URLs ----------------------------------------------------------------- */

static int is_http(const char *url)
{
	return !strncasecmp(url, "http://", 7) || !strncasecmp(url, "https://", 8);
}

static int hexval(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

/*
 * len bytes at s, %XX decoded (a % that starts no escape stays, as git
 * leaves it), into a new string; *bad set if it holds what no helper may
 * receive: NUL, CR or LF, decoded or not.
 */
static char *url_decode(const char *s, size_t len, int *bad, int *failed)
{
	char *d = malloc(len + 1), *p = d;
	size_t i;

	if (!d) {
		*failed = 1;
		return NULL;
	}
	for (i = 0; i < len; i++) {
		char ch = s[i];

		if (ch == '%' && i + 2 < len && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
			ch = (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
			i += 2;
		}
		if (ch == '\0' || ch == '\n' || ch == '\r')
			*bad = 1;
		*p++ = ch;
	}
	*p = '\0';
	return d;
}

/*
 * The parts of an http(s) URL (is_http) git's protocol names, split as git
 * splits them (credential_from_url): the user info ends at the first '@'
 * before the path, the host keeps its ":port", the path loses its leading
 * and trailing slashes and anything from '?' or '#'.
 */
static int parse_url(struct request *r, const char *url)
{
	const char *scheme_end = strstr(url, "://"), *auth, *end, *at, *colon, *path;
	int bad = 0, failed = 0;
	size_t n;

	memset(r, 0, sizeof(*r));
	auth = scheme_end + 3;
	end = auth + strcspn(auth, "/?#");
	at = memchr(auth, '@', (size_t)(end - auth));
	/* "http" or "https", as git writes it whatever the URL's case */
	if (!(r->protocol = strdup(tolower((unsigned char)url[4]) == 's' ? "https" : "http")))
		failed = 1;
	if (at) {
		colon = memchr(auth, ':', (size_t)(at - auth));
		r->username = url_decode(auth, (size_t)((colon ? colon : at) - auth), &bad, &failed);
		if (colon)
			r->password = url_decode(colon + 1, (size_t)(at - colon - 1), &bad, &failed);
		auth = at + 1;
	}
	r->host = url_decode(auth, (size_t)(end - auth), &bad, &failed);
	if (*end == '/') {
		path = end + 1;
		n = strcspn(path, "?#");
		while (n && path[n - 1] == '/')
			n--;
		if (n)
			r->path = url_decode(path, n, &bad, &failed);
	}
	if (failed) {
		request_clear(r);
		return out_of_memory();
	}
	if (bad || !*r->host) {
		request_clear(r);
		refuse(_("%s cannot be given to a credential helper: it holds a line break or a NUL, or no host"),
		       shown(url));
		return GIT_EAUTH;
	}
	return 0;
}

/* --- configuration ---------------------------------------------------- */

/* A URL split for matching a credential.<url>.* pattern against it. */
struct url_parts {
	const char *scheme, *user, *host, *port, *path; /* not NUL-terminated */
	size_t scheme_len; /* 0: any scheme (a partial URL, "example.com") */
	size_t user_len;   /* user NULL: none given */
	size_t host_len;
	size_t port_len;   /* 0: the scheme's default */
	size_t path_len;   /* without leading or trailing '/' */
};

static void split_url(struct url_parts *u, const char *s)
{
	const char *p = strstr(s, "://"), *end, *at, *colon;

	memset(u, 0, sizeof(*u));
	if (p) {
		u->scheme = s;
		u->scheme_len = (size_t)(p - s);
		s = p + 3;
	}
	end = s + strcspn(s, "/?#");
	if ((at = memchr(s, '@', (size_t)(end - s)))) {
		u->user = s;
		colon = memchr(s, ':', (size_t)(at - s));
		u->user_len = (size_t)((colon ? colon : at) - s);
		s = at + 1;
	}
	u->host = s;
	/* a port follows the last ':' outside an IPv6 address's brackets */
	for (p = end; p > s && p[-1] != ':' && p[-1] != ']'; p--)
		;
	if (p > s && p[-1] == ':') {
		u->host_len = (size_t)(p - 1 - s);
		u->port = p;
		u->port_len = (size_t)(end - p);
	} else {
		u->host_len = (size_t)(end - s);
	}
	if (*end == '/') {
		u->path = end + 1;
		u->path_len = strcspn(u->path, "?#");
		while (u->path_len && u->path[u->path_len - 1] == '/')
			u->path_len--;
	}
}

static int port_of(const struct url_parts *u, const struct url_parts *scheme_from)
{
	if (u->port_len)
		return atoi(u->port);
	if (scheme_from->scheme_len == 5 && !strncasecmp(scheme_from->scheme, "https", 5))
		return 443;
	return 80;
}

/* Whether a host pattern matches a host, case aside, a "*" standing for
 * one whole label ("*.example.com" matches a.example.com only). */
static int host_matches(const char *pat, size_t plen, const char *host, size_t hlen)
{
	while (plen && hlen) {
		size_t pl = 0, hl = 0;

		while (pl < plen && pat[pl] != '.')
			pl++;
		while (hl < hlen && host[hl] != '.')
			hl++;
		if (!(pl == 1 && pat[0] == '*') && (pl != hl || strncasecmp(pat, host, pl)))
			return 0;
		pat += pl;
		plen -= pl;
		host += hl;
		hlen -= hl;
		if (plen && hlen) { /* both at a '.' */
			pat++, plen--, host++, hlen--;
			if (!plen || !hlen)
				return 0;
		}
	}
	return !plen && !hlen;
}

/*
 * Whether the <url> of a credential.<url>.* entry applies to url, as git's
 * urlmatch decides: same scheme (any, for a pattern without one), same
 * user if the pattern names one, same host (with "*" labels), same port,
 * and a path the pattern's is a prefix of, segment by segment.
 */
static int pattern_matches(const char *pattern, const char *url)
{
	struct url_parts p, u;

	split_url(&p, pattern);
	split_url(&u, url);
	if (p.scheme_len && (p.scheme_len != u.scheme_len || strncasecmp(p.scheme, u.scheme, p.scheme_len)))
		return 0;
	if (p.user && (!u.user || p.user_len != u.user_len || memcmp(p.user, u.user, p.user_len)))
		return 0;
	if (!host_matches(p.host, p.host_len, u.host, u.host_len))
		return 0;
	if (port_of(&p, &u) != port_of(&u, &u))
		return 0;
	if (p.path_len && (p.path_len > u.path_len || memcmp(p.path, u.path, p.path_len) ||
			   (u.path_len > p.path_len && u.path[p.path_len] != '/')))
		return 0;
	return 1;
}

static int helpers_add(mutu_credential *c, const char *value)
{
	char **grown, *copy;

	if (!(copy = strdup(value)))
		return -1;
	if (!(grown = reallocarray(c->helpers, c->nhelpers + 1, sizeof(*grown)))) {
		free(copy);
		return -1;
	}
	c->helpers = grown;
	c->helpers[c->nhelpers++] = copy;
	return 0;
}

/*
 * Read credential.* for url: the helpers to run, in order, and whether the
 * path is part of what they are told (credential.useHttpPath, off by
 * default as in git: a helper then keeps one password per host), and the
 * user name to use when the URL names none (credential.username).
 */
static int read_config(mutu_credential *c, const char *url)
{
	git_config_iterator *it;
	git_config_entry *e;
	int use_path = 0, b, err;
	char *username = NULL;

	if (!c->config)
		return 0;
	/* every entry, filtered here: libgit2 1.5.1's glob iterator leaks
	 * its pcre2 match data on each entry */
	if (git_config_iterator_new(&it, c->config) < 0)
		return refuse(_("cannot read the credential settings: %s"),
			      git_error_last() ? git_error_last()->message : "?");
	while ((err = git_config_next(&e, it)) == 0) {
		const char *name = e->name + strlen("credential."), *key;
		char *sub = NULL;

		if (strncmp(e->name, "credential.", strlen("credential.")) != 0)
			continue;
		key = strrchr(name, '.');

		if (key) {
			if (!(sub = strndup(name, (size_t)(key - name))))
				goto nomem;
			key++;
			if (!pattern_matches(sub, url)) {
				free(sub);
				continue;
			}
			free(sub);
		} else {
			key = name;
		}
		if (!strcmp(key, "helper") && e->value) {
			if (!*e->value)
				helpers_clear(c); /* an empty value resets the list */
			else if (e->value[strspn(e->value, " \t")] && helpers_add(c, e->value) < 0)
				goto nomem;
		} else if (!strcmp(key, "usehttppath") && git_config_parse_bool(&b, e->value) == 0) {
			use_path = b;
		} else if (!strcmp(key, "username") && e->value && *e->value) {
			free(username);
			if (!(username = strdup(e->value)))
				goto nomem;
		}
	}
	git_config_iterator_free(it);
	if (err != GIT_ITEROVER) {
		free(username);
		return refuse(_("cannot read the credential settings: %s"),
			      git_error_last() ? git_error_last()->message : "?");
	}
	if (!use_path) {
		free(c->req.path);
		c->req.path = NULL;
	}
	if (!c->req.username && username && !strpbrk(username, "\r\n"))
		c->req.username = username;
	else
		free(username);
	return 0;
nomem:
	git_config_iterator_free(it);
	free(username);
	return out_of_memory();
}

/* --- running a helper --------------------------------------------------- */

/* A pipe whose ends are close-on-exec (no other child inherits them) and
 * above stderr: an end that landed on 0 or 1, because the command runs
 * with them closed, would be clobbered by the dup2 giving the child its
 * stdin and stdout. */
static int pipe_above_stderr(int fds[2])
{
	int i, moved;

	if (pipe2(fds, O_CLOEXEC) < 0)
		return -1;
	for (i = 0; i < 2; i++) {
		if (fds[i] > 2)
			continue;
		if ((moved = fcntl(fds[i], F_DUPFD_CLOEXEC, 3)) < 0) {
			close(fds[0]);
			close(fds[1]);
			return -1;
		}
		close(fds[i]);
		fds[i] = moved;
	}
	return 0;
}

/* The argument vector of a helper for an operation (see the top): a
 * malloc'd vector of malloc'd strings, or NULL. */
static char **helper_argv(const char *helper, const char *op)
{
	char **argv, *words, *w, *save = NULL;
	size_t i, n = 0, max = strlen(helper) / 2 + 5;

	if (!(argv = calloc(max, sizeof(*argv))))
		return NULL;
	if (helper[0] == '!') {
		argv[n++] = strdup("/bin/sh");
		argv[n++] = strdup("-c");
		if (asprintf(&argv[n++], "%s %s", helper + 1, op) < 0)
			argv[n - 1] = NULL;
		goto check;
	}
	if (!(words = strdup(helper)))
		goto check;
	for (w = strtok_r(words, " \t", &save); w; w = strtok_r(NULL, " \t", &save)) {
		if (n == 0 && w[0] != '/') {
			argv[n++] = strdup("git");
			if (asprintf(&argv[n++], "credential-%s", w) < 0)
				argv[n - 1] = NULL;
		} else {
			argv[n++] = strdup(w);
		}
	}
	free(words);
	argv[n++] = strdup(op);
check:
	for (i = 0; i < n && argv[i]; i++)
		;
	if (i < n || n < 2) { /* a strdup failed: free the others */
		for (i = 0; i < n; i++)
			free(argv[i]);
		free(argv);
		return NULL;
	}
	return argv;
}

static void argv_free(char **argv)
{
	size_t i;

	for (i = 0; argv && argv[i]; i++)
		free(argv[i]);
	free(argv);
}

/* Whether the answer so far holds its end: an empty line. */
static int answer_complete(const mutu_buf *b)
{
	return (b->len && b->ptr[0] == '\n') || (b->len >= 2 && b->ptr[0] == '\r' && b->ptr[1] == '\n') ||
	       memmem(b->ptr ? b->ptr : "", b->len, "\n\n", 2) ||
	       memmem(b->ptr ? b->ptr : "", b->len, "\n\r\n", 3);
}

/*
 * Write input to fd to and read fd from (-1: no output) into out at the
 * same time, so that neither side can block the other, until the answer
 * is complete (*complete: its empty line came), the helper closes its
 * stdout, or it answered more than ANSWER_MAX (*overflow). Closes both.
 * *broken if the helper closed its stdin before reading it all: a helper
 * that does not need it may.
 */
static void exchange(int to, int from, const char *input, mutu_buf *out, int *complete,
		     int *overflow, int *broken)
{
	size_t off = 0, len = strlen(input);
	char chunk[4096];

	fcntl(to, F_SETFL, fcntl(to, F_GETFL) | O_NONBLOCK);
	while (to >= 0 || from >= 0) {
		struct pollfd pfd[2];
		nfds_t n = 0;
		ssize_t got;

		if (to >= 0)
			pfd[n++] = (struct pollfd){ to, POLLOUT, 0 };
		if (from >= 0)
			pfd[n++] = (struct pollfd){ from, POLLIN, 0 };
		if (poll(pfd, n, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (to >= 0 && pfd[0].revents) {
			got = write(to, input + off, len - off);
			if (got < 0 && (errno == EINTR || errno == EAGAIN))
				continue;
			if (got < 0)
				*broken = 1;
			else
				off += (size_t)got;
			if (got < 0 || off == len) {
				close(to);
				to = -1;
			}
			continue;
		}
		if (from < 0 || !pfd[n - 1].revents)
			continue;
		got = read(from, chunk, sizeof(chunk));
		if (got < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (got > 0)
			mutu_buf_put(out, chunk, (size_t)got);
		if (out->len > ANSWER_MAX)
			*overflow = 1;
		if (got > 0 && !*overflow)
			*complete = answer_complete(out);
		if (got <= 0 || *overflow || *complete) {
			close(from);
			from = -1;
		}
	}
	if (to >= 0)
		close(to);
	if (from >= 0)
		close(from);
}

/*
 * Run helper for op with input on its stdin, its stdout into out (NULL:
 * to /dev/null). Returns 0, or a reason for a warning in why: it could not
 * be run, it failed, or it answered too much.
 */
static int run_helper(const char *helper, const char *op, const char *input, mutu_buf *out,
		      char *why, size_t whylen)
{
	char **argv = helper_argv(helper, op);
	int in[2] = { -1, -1 }, outp[2] = { -1, -1 }, err, status;
	int complete = 0, overflow = 0, broken = 0;
	int pipe_was_pending;
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	sigset_t none, dflt, pipe_only, old, pending;
	mutu_buf unused = MUTU_BUF_INIT;
	pid_t pid;

	if (!argv || pipe_above_stderr(in) < 0 || (out && pipe_above_stderr(outp) < 0)) {
		snprintf(why, whylen, "%s", strerror(argv ? errno : ENOMEM));
		if (in[0] >= 0) {
			close(in[0]);
			close(in[1]);
		}
		argv_free(argv);
		return -1;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, in[0], 0);
	if (out)
		posix_spawn_file_actions_adddup2(&fa, outp[1], 1);
	else
		posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	/* the helper starts as a program expects to: nothing blocked, and
	 * SIGPIPE not ignored even if this process ignores it */
	posix_spawnattr_init(&attr);
	sigemptyset(&none);
	sigemptyset(&dflt);
	sigaddset(&dflt, SIGPIPE);
	posix_spawnattr_setsigmask(&attr, &none);
	posix_spawnattr_setsigdefault(&attr, &dflt);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
	/* "git" is found on PATH, as git finds its own helpers */
	err = (argv[0][0] == '/' ? posix_spawn : posix_spawnp)(&pid, argv[0], &fa, &attr, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&attr);
	close(in[0]);
	if (out)
		close(outp[1]);
	if (err) {
		snprintf(why, whylen, "%s", strerror(err));
		close(in[1]);
		if (out)
			close(outp[0]);
		argv_free(argv);
		return -1;
	}
	argv_free(argv);

	/* A helper that exits without reading its stdin must not kill this
	 * process with SIGPIPE: block it for this thread while writing, and
	 * take back the one the write raised (unless one was already
	 * pending, which is then the caller's). */
	sigemptyset(&pipe_only);
	sigaddset(&pipe_only, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &pipe_only, &old);
	sigpending(&pending);
	pipe_was_pending = sigismember(&pending, SIGPIPE);
	exchange(in[1], out ? outp[0] : -1, input, out ? out : &unused, &complete, &overflow,
		 &broken);
	if (broken && !pipe_was_pending)
		sigtimedwait(&pipe_only, NULL, &(struct timespec){ 0, 0 });
	pthread_sigmask(SIG_SETMASK, &old, NULL);

	/* always reaped, whatever it said: no zombie */
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			status = 0; /* SIGCHLD ignored by the caller: no status to read */
			break;
		}
	if (overflow) {
		snprintf(why, whylen, _("it answered more than %d KB"), ANSWER_MAX / 1024);
		return -1;
	}
	/* an answer ended by its empty line stands, whatever the helper did
	 * next: git stops reading there too, so what it wrote after met a
	 * closed pipe (SIGPIPE, or a shell's status 141) */
	if (complete)
		return 0;
	if (WIFSIGNALED(status)) {
		snprintf(why, whylen, _("it was killed by signal %d"), WTERMSIG(status));
		return -1;
	}
	if (WIFEXITED(status) && WEXITSTATUS(status)) {
		snprintf(why, whylen, _("it exited with status %d"), WEXITSTATUS(status));
		return -1;
	}
	return 0;
}

/* git's key=value lines for r (the password only for store and erase),
 * ended by an empty line; NULL if out of memory. */
static char *request_text(const struct request *r, int with_password)
{
	mutu_buf b = MUTU_BUF_INIT;

	mutu_buf_printf(&b, "protocol=%s\nhost=%s\n", r->protocol, r->host);
	if (r->path)
		mutu_buf_printf(&b, "path=%s\n", r->path);
	if (r->username)
		mutu_buf_printf(&b, "username=%s\n", r->username);
	if (with_password && r->password)
		mutu_buf_printf(&b, "password=%s\n", r->password);
	mutu_buf_putc(&b, '\n');
	if (mutu_buf_check(&b) < 0) {
		mutu_buf_free(&b);
		return NULL;
	}
	return mutu_buf_detach(&b);
}

static void buf_wipe(mutu_buf *b)
{
	if (b->ptr)
		explicit_bzero(b->ptr, b->cap);
	mutu_buf_free(b);
}

/* What a helper answered. */
struct answer {
	char *username, *password;
	int quit;
};

static void answer_clear(struct answer *a)
{
	free(a->username);
	wipe(&a->password);
	a->quit = 0;
}

static int key_is(const char *start, const char *eq, const char *key)
{
	return (size_t)(eq - start) == strlen(key) && !memcmp(start, key, (size_t)(eq - start));
}

/* *slot takes *value's string (a repeated key: the last wins). */
static void swap_in(char **slot, char **value)
{
	wipe(slot);
	*slot = *value;
	*value = NULL;
}

/*
 * Read a helper's answer: key=value lines up to an empty line or the end,
 * a final CR dropped from each (a helper may write CRLF), unknown keys
 * ignored. -1 if a line is no key=value or the answer holds a NUL: the
 * helper is not speaking git's protocol, and nothing it said is used.
 */
static int parse_answer(struct answer *a, const mutu_buf *b)
{
	const char *p = b->ptr ? b->ptr : "", *end = p + b->len;

	memset(a, 0, sizeof(*a));
	if (memchr(p, '\0', b->len))
		return -1;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p)), *eol = nl ? nl : end, *eq;
		size_t len = (size_t)(eol - p);
		char *value;
		int quit;

		if (len && p[len - 1] == '\r')
			len--;
		if (!len)
			break;
		if (!(eq = memchr(p, '=', len)))
			goto bad;
		if (!(value = strndup(eq + 1, len - (size_t)(eq + 1 - p))))
			goto bad;
		if (key_is(p, eq, "username"))
			swap_in(&a->username, &value);
		else if (key_is(p, eq, "password"))
			swap_in(&a->password, &value);
		else if (key_is(p, eq, "quit") && git_config_parse_bool(&quit, value) == 0)
			a->quit = quit;
		wipe(&value);
		p = nl ? nl + 1 : end;
	}
	return 0;
bad:
	answer_clear(a);
	return -1;
}

/*
 * Ask each helper in turn, as git's credential_fill does: what one gives
 * (a user name alone, say) goes into what the next is told, and the first
 * answer holding both a user name and a password ends the search. 1 if
 * one did, 0 if none did, or a GIT_EAUTH failure (a helper said quit).
 */
static int ask_helpers(mutu_credential *c, const char *url)
{
	size_t i;

	for (i = 0; i < c->nhelpers; i++) {
		const char *h = c->helpers[i];
		mutu_buf out = MUTU_BUF_INIT;
		struct answer a;
		char why[128], *input;
		int rc;

		if (!(input = request_text(&c->req, 0)))
			return out_of_memory();
		rc = run_helper(h, "get", input, &out, why, sizeof(why));
		free(input);
		if (rc == 0 && mutu_buf_check(&out) < 0) {
			buf_wipe(&out);
			return out_of_memory();
		}
		if (rc < 0) {
			mutu_warn(_("credential helper '%s' is skipped: %s"), helper_name(h), why);
			buf_wipe(&out);
			continue;
		}
		rc = parse_answer(&a, &out);
		buf_wipe(&out);
		if (rc < 0) {
			mutu_warn(_("credential helper '%s' is skipped: its answer is not key=value lines"),
				  helper_name(h));
			continue;
		}
		if (a.username) {
			free(c->req.username);
			c->req.username = a.username;
			a.username = NULL;
		}
		if (a.password) {
			wipe(&c->req.password);
			c->req.password = a.password;
			a.password = NULL;
		}
		if (c->req.username && c->req.password)
			return 1;
		if (a.quit)
			return refuse(_("credential helper '%s' said to stop looking for a password for %s"),
				      helper_name(h), shown(url));
	}
	return 0;
}

/* Tell every helper op ("store" or "erase") about the credential given. */
static void tell_helpers(mutu_credential *c, const char *op)
{
	char *input, why[128];
	size_t i;

	/* a value with a line break would add lines of its own */
	if (!c->req.username || !c->req.password || strpbrk(c->req.username, "\r\n") ||
	    strpbrk(c->req.password, "\r\n"))
		return;
	if (!(input = request_text(&c->req, 1)))
		return;
	for (i = 0; i < c->nhelpers; i++) {
		if (run_helper(c->helpers[i], op, input, NULL, why, sizeof(why)) == 0)
			continue;
		if (!strcmp(op, "store"))
			mutu_warn(_("credential helper '%s' could not store the password: %s"),
				  helper_name(c->helpers[i]), why);
		else
			mutu_warn(_("credential helper '%s' could not erase the password: %s"),
				  helper_name(c->helpers[i]), why);
	}
	wipe(&input);
}

/* --- HTTP ------------------------------------------------------------------ */

static int http_acquire(mutu_credential *c, git_credential **out, const char *url,
			unsigned int allowed)
{
	int rc, url_user;

	switch (c->http) {
	case HTTP_NONE:
		break;
	case HTTP_HELPER_GIVEN:
		/* called back after the helper's password: the server refused it */
		c->http = HTTP_REFUSED;
		/* fall through */
	case HTTP_REFUSED:
	case HTTP_DEFAULT_GIVEN:
	case HTTP_FAILED:
		return refuse(_("authentication failed for %s"), shown(url));
	}
	c->http = HTTP_FAILED; /* whatever happens below, this is the last try */
	if (!(allowed & GIT_CREDENTIAL_USERPASS_PLAINTEXT)) {
		/* Negotiate or NTLM only: the system's own credential, once */
		if (allowed & GIT_CREDENTIAL_DEFAULT) {
			c->http = HTTP_DEFAULT_GIVEN;
			return git_credential_default_new(out) < 0 ? out_of_memory() : 0;
		}
		return refuse(_("%s asks for a kind of authentication mutu does not support"), shown(url));
	}
	if ((rc = parse_url(&c->req, url)) < 0)
		return rc;
	if (c->req.password) /* libgit2 presented it: see the top of this file */
		return refuse(_("authentication failed for %s"), shown(url));
	url_user = c->req.username != NULL;
	if ((rc = read_config(c, url)) < 0 || (rc = ask_helpers(c, url)) < 0)
		return rc;
	if (rc == 0) {
		if (url_user)
			return refuse(_("%s names the user '%s' but no password, and no credential helper gave one (see git config credential.helper)"),
				      shown(url), mutu_utf8_clip(c->req.username, 60));
		return refuse(_("%s asks for a user name and a password, and no credential helper gave them (see git config credential.helper)"),
			      shown(url));
	}
	if (git_credential_userpass_plaintext_new(out, c->req.username, c->req.password) < 0)
		return out_of_memory();
	c->http = HTTP_HELPER_GIVEN;
	return 0;
}

/* --- ssh ---------------------------------------------------------------- */

/* Whether ssh-agent answers at sock: libssh2 fails the whole
 * authentication, not just the agent's turn, if it does not. */
static int agent_answers(const char *sock)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd, ok;

	if (strlen(sock) >= sizeof(sa.sun_path))
		return 0;
	memcpy(sa.sun_path, sock, strlen(sock) + 1);
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0)
		return 0;
	ok = connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0;
	close(fd);
	return ok;
}

/* Up to max bytes decoded from the base64 at s (blanks skipped); the count. */
static size_t base64_prefix(unsigned char *out, size_t max, const char *s)
{
	static const char alphabet[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	unsigned long bits = 0;
	size_t n = 0;
	int nbits = 0;
	const char *p;

	for (; *s && *s != '=' && *s != '-' && n < max; s++) {
		if (*s == '\n' || *s == '\r' || *s == ' ' || *s == '\t')
			continue;
		if (!(p = strchr(alphabet, *s)))
			break;
		bits = (bits << 6) | (unsigned long)(p - alphabet);
		if ((nbits += 6) >= 8) {
			nbits -= 8;
			out[n++] = (unsigned char)(bits >> nbits);
			bits &= (1ul << nbits) - 1;
		}
	}
	return n;
}

enum key_state { KEY_ABSENT, KEY_UNREADABLE, KEY_LOCKED, KEY_USABLE };

/*
 * What the private key file at path is to libssh2, from its first 4 KB: an
 * OpenSSH key names its cipher ("none" when there is no passphrase) right
 * after its magic; a PEM key says "Proc-Type: 4,ENCRYPTED"; a PKCS#8 key
 * says ENCRYPTED in its first line. Any other content is left to libssh2.
 */
static enum key_state key_state(const char *path)
{
	static const char openssh[] = "-----BEGIN OPENSSH PRIVATE KEY-----";
	static const char magic[] = "openssh-key-v1"; /* and its NUL */
	char head[4096];
	unsigned char bin[64];
	const char *body;
	struct stat st;
	ssize_t got;
	size_t n, cipher_len;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) < 0)
		return errno == ENOENT || errno == ENOTDIR ? KEY_ABSENT : KEY_UNREADABLE;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) ||
	    (got = read(fd, head, sizeof(head) - 1)) < 0) {
		close(fd);
		return KEY_UNREADABLE;
	}
	close(fd);
	head[got] = '\0';
	if (strstr(head, "-----BEGIN ENCRYPTED PRIVATE KEY-----") ||
	    strstr(head, "Proc-Type: 4,ENCRYPTED"))
		return KEY_LOCKED;
	if (!(body = strstr(head, openssh)))
		return KEY_USABLE;
	n = base64_prefix(bin, sizeof(bin), body + sizeof(openssh) - 1);
	if (n < sizeof(magic) + 4 || memcmp(bin, magic, sizeof(magic)))
		return KEY_USABLE;
	cipher_len = (size_t)bin[sizeof(magic)] << 24 | (size_t)bin[sizeof(magic) + 1] << 16 |
		     (size_t)bin[sizeof(magic) + 2] << 8 | bin[sizeof(magic) + 3];
	if (cipher_len == 4 && n >= sizeof(magic) + 8 && !memcmp(bin + sizeof(magic) + 4, "none", 4))
		return KEY_USABLE;
	return KEY_LOCKED;
}

/* The path of key i, and of its .pub (malloc'd); -1 if out of memory. */
static int key_paths(const mutu_credential *c, size_t i, char **priv, char **pub)
{
	*pub = NULL;
	if (asprintf(priv, "%s/.ssh/%s", c->home, key_names[i]) < 0) {
		*priv = NULL;
		return -1;
	}
	if (asprintf(pub, "%s.pub", *priv) < 0) {
		free(*priv);
		*priv = *pub = NULL;
		return -1;
	}
	return 0;
}

/* The final failure over ssh: what was offered, what was skipped and why. */
static int ssh_exhausted(const mutu_credential *c, const char *url, const char *user)
{
	mutu_buf offered = MUTU_BUF_INIT, msg = MUTU_BUF_INIT;
	char *priv, *pub;
	size_t i;
	int rc;

	if (c->agent_offered)
		mutu_buf_puts(&offered, "ssh-agent");
	for (i = 0; i < NKEYS; i++)
		if (c->key_offered[i] && key_paths(c, i, &priv, &pub) == 0) {
			mutu_buf_printf(&offered, "%s%s", offered.len ? ", " : "", priv);
			free(priv);
			free(pub);
		}
	if (offered.len)
		mutu_buf_printf(&msg, _("ssh authentication as '%s' failed for %s: the server refused every key offered (%s)"),
				user, shown(url), mutu_buf_cstr(&offered));
	else if (c->home)
		mutu_buf_printf(&msg, _("ssh authentication as '%s' failed for %s: there is no key to offer (no ssh-agent, and none of id_ed25519, id_ecdsa or id_rsa usable in %s/.ssh)"),
				user, shown(url), c->home);
	else
		mutu_buf_printf(&msg, _("ssh authentication as '%s' failed for %s: there is no key to offer (no ssh-agent, and no home directory)"),
				user, shown(url));
	for (i = 0; i < NKEYS; i++)
		if (c->key_locked[i] && key_paths(c, i, &priv, &pub) == 0) {
			mutu_buf_puts(&msg, "; ");
			mutu_buf_printf(&msg, _("%s is protected by a passphrase, which mutu cannot ask for: add it to ssh-agent (ssh-add %s)"),
					priv, priv);
			free(priv);
			free(pub);
		}
	rc = mutu_buf_check(&msg) < 0 || mutu_buf_check(&offered) < 0
		     ? out_of_memory()
		     : refuse("%s", mutu_buf_cstr(&msg));
	mutu_buf_free(&offered);
	mutu_buf_free(&msg);
	return rc;
}

static int ssh_acquire(mutu_credential *c, git_credential **out, const char *url,
		       const char *username_from_url, unsigned int allowed)
{
	const char *user = username_from_url && *username_from_url ? username_from_url : c->user;
	char *priv, *pub;
	int rc;

	if (!(allowed & GIT_CREDENTIAL_SSH_KEY)) {
		if (allowed & GIT_CREDENTIAL_USERNAME) {
			/* asked first, on a new connection, when the URL has no user */
			start_over(c);
			if (!c->user)
				return refuse(_("%s names no user, and the local user name is unknown: write one in the URL, as in ssh://git@host/path"),
					      shown(url));
			return git_credential_username_new(out, c->user) < 0 ? out_of_memory() : 0;
		}
		return refuse(_("the ssh server of %s takes no key, only a password, which mutu does not ask for"),
			      shown(url));
	}
	if (!user)
		return refuse(_("%s names no user, and the local user name is unknown: write one in the URL, as in ssh://git@host/path"),
			      shown(url));
	while (c->ssh_next <= NKEYS) {
		size_t step = c->ssh_next++, i = step - 1;
		enum key_state st;

		if (step == 0) {
			if (!c->agent)
				continue;
			if (!agent_answers(c->agent)) {
				mutu_warn(_("ssh-agent does not answer at %s: its keys are not offered"),
					  c->agent);
				continue;
			}
			c->agent_offered = 1;
			return git_credential_ssh_key_from_agent(out, user) < 0 ? out_of_memory() : 0;
		}
		if (!c->home)
			break;
		if (key_paths(c, i, &priv, &pub) < 0)
			return out_of_memory();
		st = key_state(priv);
		if (st == KEY_UNREADABLE)
			mutu_warn(_("%s cannot be read: it is not offered"), priv);
		c->key_locked[i] = st == KEY_LOCKED;
		if (st == KEY_USABLE) {
			c->key_offered[i] = 1;
			rc = git_credential_ssh_key_new(out, user, access(pub, R_OK) == 0 ? pub : NULL,
							priv, NULL);
			free(priv);
			free(pub);
			return rc < 0 ? out_of_memory() : 0;
		}
		free(priv);
		free(pub);
	}
	c->ssh_next = NKEYS + 1;
	return ssh_exhausted(c, url, user);
}

/* --- the callback ------------------------------------------------------- */

int mutu_credential_acquire(git_credential **out, const char *url, const char *username_from_url,
			    unsigned int allowed_types, void *payload)
{
	mutu_credential *c = payload;

	*out = NULL;
	if (!url)
		url = "";
	/* another remote: nothing of the last one's attempts applies */
	if (!c->url || strcmp(c->url, url)) {
		start_over(c);
		free(c->url);
		if (!(c->url = strdup(url)))
			return out_of_memory();
	}
	if (is_http(url))
		return http_acquire(c, out, url, allowed_types);
	return ssh_acquire(c, out, url, username_from_url, allowed_types);
}

void mutu_credential_done(mutu_credential *c, int ok)
{
	if (!c)
		return;
	if (c->http == HTTP_REFUSED)
		tell_helpers(c, "erase");
	else if (c->http == HTTP_HELPER_GIVEN && ok)
		tell_helpers(c, "store");
	start_over(c);
}
