/*
 * An ssh host key checked against known_hosts, as OpenSSH checks it.
 *
 * libgit2 1.5.1 hands the callback a git_cert_hostkey: the host key's raw
 * blob (the SSH wire encoding, the bytes a known_hosts line holds in
 * base64), its type, and its MD5, SHA-1 and SHA-256 hashes. Two of its
 * quirks shape this module:
 *
 *   - the host comes without the port, though known_hosts names a host on
 *     another port "[host]:port": the command passes the port;
 *   - an ecdsa-sha2-nistp521 key comes as GIT_CERT_SSH_RAW_TYPE_UNKNOWN
 *     (its switch tests a LIBSSH2_KNOWNHOST_ constant): a raw key's type
 *     is read from the blob itself when raw_type does not say it.
 *
 * Every line of every file is read once, in one pass, and what it says
 * about the key and the host collected (struct scan); the verdict comes
 * after the last line, so that a @revoked line anywhere wins over a line
 * that trusts the key. As for OpenSSH, a host is known if a line names it
 * with this very key, and several keys of one type may be known for a
 * host. What ssh calls "changed" is a line naming the host with a key of
 * the same type that is not this one; a line naming the host with a key
 * of another type only says which types the host has. libgit2 asks the
 * server for the type ~/.ssh/known_hosts holds for the host when libssh2
 * finds it there, and otherwise for libssh2's (1.10) first choice, ECDSA,
 * where OpenSSH records Ed25519: a host known only through
 * /etc/ssh/ssh_known_hosts or a pattern may well show a key of a type its
 * lines lack, and that message says how to add it.
 *
 * A @revoked key is refused whatever hosts its line names: sshd(8) says
 * such a key "must not ever be accepted".
 *
 * The files are the user's and the system's, so hostile only by mistake,
 * but a broken one must neither crash nor hang the command: lines are
 * handled as bytes with lengths (a NUL in one skips it), every field is
 * bounded, and a host pattern costs at most the length of the host name
 * per byte, the host name itself being bounded.
 */
#include "knownhosts.h"

#include "error.h"
#include "i18n.h"
#include "utf8.h"

#include <errno.h>
#include <fcntl.h>
#include <mbedtls/base64.h>
#include <mbedtls/md.h>
#include <mbedtls/sha256.h>
#include <mbedtls/version.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#if MBEDTLS_VERSION_MAJOR >= 3
#define sha256 mbedtls_sha256
#else
#define sha256 mbedtls_sha256_ret
#endif

#define FILE_MAX (16 * 1024 * 1024)	 /* a bigger file is refused */
#define LINE_MAX_BYTES (16 * 1024)	 /* a longer line is skipped */
#define KEY_MAX (LINE_MAX_BYTES / 4 * 3) /* the most a line's base64 decodes to */
#define PATTERN_MAX 1024		 /* OpenSSH's bound on one host pattern */
#define HOST_MAX 255			 /* a DNS name is at most 253 bytes */
#define NAME_MAX_BYTES (HOST_MAX + sizeof("[]:65535"))
#define TYPE_MAX 64    /* a key type name, "ecdsa-sha2-nistp521" */
#define TYPES_LISTED 8 /* other key types named in a message */
#define HASH_MAGIC "|1|"
#define SHA1_LEN 20

/* The key the server showed. */
struct offered {
	const unsigned char *raw; /* its blob, NULL if libgit2 gave only hashes */
	size_t raw_len;
	char type[TYPE_MAX];	   /* "ssh-ed25519"; "" if unknown */
	unsigned char hash[32];	   /* its SHA-256 */
	char fp[64];		   /* "SHA256:…", as ssh-keygen -l shows it */
	char shown[TYPE_MAX + 64]; /* "ssh-ed25519 SHA256:…", for messages */
};

/* What the lines said, collected for the verdict. */
struct scan {
	const struct offered *key;
	char name[NAME_MAX_BYTES]; /* "host" or "[host]:port", lower case */
	size_t name_len;

	int known;		  /* a line holds this key for the host */
	const char *revoked_file; /* the first line holding it @revoked */
	size_t revoked_line;
	const char *other_file; /* the first line of the host with another
				 * key of the same type (or of any type,
				 * when the type is unknown) */
	size_t other_line;
	char types[TYPES_LISTED][TYPE_MAX]; /* other types known for the host */
	size_t ntypes;

	unsigned char blob[KEY_MAX]; /* a line's key, decoded */
};

/* A field of a line: bytes and a length, never NUL-terminated. */
struct token {
	const char *s;
	size_t len;
};

/* --- failures ----------------------------------------------------------- */

/* Record why the connection is refused, as mutu's last error (code) and
 * libgit2's: the fetch that called back fails with libgit2's. */
__attribute__((format(printf, 2, 3))) static void fail_with(int code, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	mutu_error_set(code, "%s", msg);
	git_error_set_str(GIT_ERROR_SSH, mutu_error_last());
}

/* --- the offered key ------------------------------------------------------ */

static const char *raw_type_name(git_cert_ssh_raw_type_t t)
{
	switch (t) {
	case GIT_CERT_SSH_RAW_TYPE_RSA:
		return "ssh-rsa";
	case GIT_CERT_SSH_RAW_TYPE_DSS:
		return "ssh-dss";
	case GIT_CERT_SSH_RAW_TYPE_KEY_ECDSA_256:
		return "ecdsa-sha2-nistp256";
	case GIT_CERT_SSH_RAW_TYPE_KEY_ECDSA_384:
		return "ecdsa-sha2-nistp384";
	case GIT_CERT_SSH_RAW_TYPE_KEY_ECDSA_521:
		return "ecdsa-sha2-nistp521";
	case GIT_CERT_SSH_RAW_TYPE_KEY_ED25519:
		return "ssh-ed25519";
	default:
		return NULL;
	}
}

/* Whether a type name is one a message may quote: letters, digits, @ . - _ */
static int type_name_ok(const char *s, size_t len)
{
	size_t i;

	if (len == 0 || len >= TYPE_MAX)
		return 0;
	for (i = 0; i < len; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '@' || c == '.' || c == '-' || c == '_'))
			return 0;
	}
	return 1;
}

/* The type a key blob names in its first field (a 32-bit big-endian
 * length, then the name), into out; "" if it names none. */
static void blob_type(char out[TYPE_MAX], const unsigned char *blob, size_t len)
{
	uint32_t n;

	out[0] = '\0';
	if (len < 4)
		return;
	n = (uint32_t)blob[0] << 24 | (uint32_t)blob[1] << 16 | (uint32_t)blob[2] << 8 | blob[3];
	if (n > len - 4 || !type_name_ok((const char *)blob + 4, n))
		return;
	memcpy(out, blob + 4, n);
	out[n] = '\0';
}

/* "SHA256:" and the hash in unpadded base64, as ssh-keygen -l shows it. */
static void fingerprint(char out[64], const unsigned char hash[32])
{
	unsigned char text[48];
	size_t tlen = 0;

	if (mbedtls_base64_encode(text, sizeof(text), &tlen, hash, 32) != 0)
		tlen = 0;
	while (tlen && text[tlen - 1] == '=')
		tlen--;
	snprintf(out, 64, "SHA256:%.*s", (int)tlen, text);
}

/* The key of cert into k; -1 if libgit2 gave neither it nor its SHA-256. */
static int offered_init(struct offered *k, const git_cert_hostkey *cert)
{
	memset(k, 0, sizeof(*k));
	if ((cert->type & GIT_CERT_SSH_RAW) && cert->hostkey && cert->hostkey_len) {
		const char *name;

		k->raw = (const unsigned char *)cert->hostkey;
		k->raw_len = cert->hostkey_len;
		if ((name = raw_type_name(cert->raw_type)))
			snprintf(k->type, sizeof(k->type), "%s", name);
		else
			blob_type(k->type, k->raw, k->raw_len);
		if (sha256(k->raw, k->raw_len, k->hash, 0) != 0)
			return -1;
	} else if (cert->type & GIT_CERT_SSH_SHA256) {
		/* the type is unknown: no line can tell a changed key from
		 * one of another type */
		memcpy(k->hash, cert->hash_sha256, sizeof(k->hash));
	} else {
		return -1;
	}
	fingerprint(k->fp, k->hash);
	snprintf(k->shown, sizeof(k->shown), "%s%s%s", k->type, *k->type ? " " : "", k->fp);
	return 0;
}

/* The name ssh-keyscan -t knows a type by. */
static const char *keyscan_type(const char *type)
{
	if (!strcmp(type, "ssh-ed25519"))
		return "ed25519";
	if (!strncmp(type, "ecdsa-sha2-", 11))
		return "ecdsa";
	if (!strcmp(type, "ssh-rsa"))
		return "rsa";
	if (!strcmp(type, "ssh-dss"))
		return "dsa";
	return type;
}

/* --- host patterns ----------------------------------------------------- */

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/*
 * Whether pattern p (with * and ?) matches all of s, ignoring ASCII case,
 * as OpenSSH's match_pattern. Greedy, going back only to the last *: a
 * pattern made of segments between stars matches if each segment matches
 * at its leftmost place after the one before, so nothing before the last
 * star is ever retried. Cost: at most len(s) tries of each segment.
 */
static int glob_match(const char *p, size_t plen, const char *s, size_t slen)
{
	size_t pi = 0, si = 0, star = SIZE_MAX, star_s = 0, fixed = 0, i;

	/* more characters than the name has cannot match it */
	for (i = 0; i < plen; i++)
		if (p[i] != '*')
			fixed++;
	if (fixed > slen)
		return 0;
	while (si < slen) {
		if (pi < plen && p[pi] == '*') {
			star = ++pi;
			star_s = si;
		} else if (pi < plen && (p[pi] == '?' || lower(p[pi]) == lower(s[si]))) {
			pi++;
			si++;
		} else if (star != SIZE_MAX) {
			pi = star;
			si = ++star_s;
		} else {
			return 0;
		}
	}
	while (pi < plen && p[pi] == '*')
		pi++;
	return pi == plen;
}

/* Whether a hashed host field, |1|base64(salt)|base64(hash), names the
 * host: hash = HMAC-SHA1(salt, name), as ssh-keygen -H writes it. */
static int hashed_match(const struct scan *s, struct token f)
{
	const char *salt = f.s + strlen(HASH_MAGIC), *end = f.s + f.len, *bar;
	unsigned char key[64], want[64], got[SHA1_LEN];
	size_t klen, wlen;
	const mbedtls_md_info_t *md = mbedtls_md_info_from_type(MBEDTLS_MD_SHA1);

	if (!md || !(bar = memchr(salt, '|', (size_t)(end - salt))))
		return 0;
	if (mbedtls_base64_decode(key, sizeof(key), &klen, (const unsigned char *)salt,
				  (size_t)(bar - salt)) != 0 ||
	    klen != SHA1_LEN ||
	    mbedtls_base64_decode(want, sizeof(want), &wlen, (const unsigned char *)bar + 1,
				  (size_t)(end - bar - 1)) != 0 ||
	    wlen != SHA1_LEN)
		return 0;
	if (mbedtls_md_hmac(md, key, klen, (const unsigned char *)s->name, s->name_len, got) != 0)
		return 0;
	return !memcmp(got, want, SHA1_LEN);
}

/*
 * Whether a line's host field names the host: one hashed name, or
 * patterns separated by commas, a "!" one that matches excluding the
 * host whatever the others say (OpenSSH's match_hostname).
 */
static int host_match(const struct scan *s, struct token f)
{
	const char *p = f.s, *end = f.s + f.len, *comma;
	int matched = 0;

	if (f.len >= strlen(HASH_MAGIC) && !memcmp(f.s, HASH_MAGIC, strlen(HASH_MAGIC)))
		return hashed_match(s, f);
	for (; p < end; p = comma + 1) {
		int negated = *p == '!';
		size_t len;

		if (!(comma = memchr(p, ',', (size_t)(end - p))))
			comma = end;
		len = (size_t)(comma - p) - (negated ? 1 : 0);
		if (len == 0 || len > PATTERN_MAX)
			continue;
		if (glob_match(p + negated, len, s->name, s->name_len)) {
			if (negated)
				return 0;
			matched = 1;
		}
	}
	return matched;
}

/* --- lines --------------------------------------------------------------- */

/* The next field of [*p, end), separated by blanks; 0 if none is left. */
static int next_token(const char **p, const char *end, struct token *t)
{
	const char *q = *p;

	while (q < end && (*q == ' ' || *q == '\t' || *q == '\r'))
		q++;
	t->s = q;
	while (q < end && *q != ' ' && *q != '\t' && *q != '\r')
		q++;
	t->len = (size_t)(q - t->s);
	*p = q;
	return t->len > 0;
}

static int token_is(struct token t, const char *word)
{
	return t.len == strlen(word) && !memcmp(t.s, word, t.len);
}

/* Whether a line's key (type t, base64 b) is the offered one: 1, 0 if it
 * is another key of that type (or any, when the type is unknown), -1 if
 * its type differs or it is no key (broken base64, a blob that does not
 * start with the type the line says: ssh would not read it either). */
static int same_key(struct scan *s, struct token t, struct token b)
{
	unsigned char hash[32];
	char type[TYPE_MAX];
	size_t n;

	if (*s->key->type && !token_is(t, s->key->type))
		return -1;
	if (mbedtls_base64_decode(s->blob, sizeof(s->blob), &n, (const unsigned char *)b.s,
				  b.len) != 0)
		return -1;
	blob_type(type, s->blob, n);
	if (!*type || !token_is(t, type))
		return -1;
	if (s->key->raw)
		return n == s->key->raw_len && !memcmp(s->blob, s->key->raw, n);
	return sha256(s->blob, n, hash, 0) == 0 && !memcmp(hash, s->key->hash, sizeof(hash));
}

/* Note that type t is known for the host (listed once, if quotable). */
static void note_type(struct scan *s, struct token t)
{
	size_t i;

	if (!type_name_ok(t.s, t.len))
		return;
	for (i = 0; i < s->ntypes; i++)
		if (token_is(t, s->types[i]))
			return;
	if (s->ntypes < TYPES_LISTED) {
		memcpy(s->types[s->ntypes], t.s, t.len);
		s->types[s->ntypes++][t.len] = '\0';
	}
}

/* One line: [marker] hostpatterns keytype base64-key [comment]. */
static void scan_line(struct scan *s, const char *file, size_t lineno, const char *line, size_t len)
{
	const char *p = line, *end = line + len;
	struct token hosts, type, key;
	int revoked = 0, same;

	if (memchr(line, '\0', len) || !next_token(&p, end, &hosts) || hosts.s[0] == '#')
		return;
	if (hosts.s[0] == '@') {
		/* @cert-authority: host certificates are not supported (the
		 * key libgit2 shows is the plain key, never a certificate), so
		 * a CA vouches for nothing here; any other marker is skipped,
		 * as OpenSSH skips it */
		if (!token_is(hosts, "@revoked"))
			return;
		revoked = 1;
		if (!next_token(&p, end, &hosts))
			return;
	}
	if (!next_token(&p, end, &type) || !next_token(&p, end, &key))
		return;
	if (revoked) {
		if (same_key(s, type, key) == 1 && !s->revoked_file) {
			s->revoked_file = file;
			s->revoked_line = lineno;
		}
		return;
	}
	if (!host_match(s, hosts))
		return;
	if (*s->key->type && !token_is(type, s->key->type)) {
		note_type(s, type);
		return;
	}
	same = same_key(s, type, key);
	if (same == 1) {
		s->known = 1;
	} else if (same == 0 && !s->other_file) {
		s->other_file = file;
		s->other_line = lineno;
	}
}

/* Every line of data, a line longer than LINE_MAX_BYTES skipped. */
static void scan_text(struct scan *s, const char *file, const char *data, size_t len)
{
	const char *p = data, *end = data + len, *nl;
	size_t lineno = 0;

	for (; p < end; p = nl + 1) {
		if (!(nl = memchr(p, '\n', (size_t)(end - p))))
			nl = end;
		lineno++;
		if ((size_t)(nl - p) <= LINE_MAX_BYTES)
			scan_line(s, file, lineno, p, (size_t)(nl - p));
	}
}

/* --- files --------------------------------------------------------------- */

/*
 * The whole of path into *data (malloc'd) and *len; *data NULL if it does
 * not exist. A file that is not regular (a FIFO would block, a device
 * never end) or is larger than FILE_MAX fails, as one that cannot be read.
 */
static int slurp(char **data, size_t *len, const char *path)
{
	struct stat st;
	char *buf = NULL;
	size_t n = 0, cap;
	ssize_t got;
	int fd, err = 0;

	*data = NULL;
	*len = 0;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK)) < 0) {
		if (errno == ENOENT || errno == ENOTDIR)
			return 0;
		fail_with(MUTU_EIO, _("cannot read %s: %s"), mutu_utf8_clip(path, 300),
			  strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) != 0) {
		fail_with(MUTU_EIO, _("cannot read %s: %s"), mutu_utf8_clip(path, 300),
			  strerror(errno));
		close(fd);
		return -1;
	}
	if (!S_ISREG(st.st_mode) || st.st_size > FILE_MAX) {
		fail_with(MUTU_EIO, _("cannot read %s: it is not a regular file of at most 16 MB"),
			  mutu_utf8_clip(path, 300));
		close(fd);
		return -1;
	}
	/* the size may change under us: read to the end, within the bound */
	cap = (size_t)st.st_size + 1;
	if (!(buf = malloc(cap)))
		goto nomem;
	for (;;) {
		if (n == cap) {
			char *bigger;

			if (cap > FILE_MAX) {
				fail_with(
				    MUTU_EIO,
				    _("cannot read %s: it is not a regular file of at most 16 MB"),
				    mutu_utf8_clip(path, 300));
				err = -1;
				break;
			}
			cap = cap * 2 > (size_t)FILE_MAX + 1 ? (size_t)FILE_MAX + 1 : cap * 2;
			if (!(bigger = realloc(buf, cap)))
				goto nomem;
			buf = bigger;
		}
		got = read(fd, buf + n, cap - n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			fail_with(MUTU_EIO, _("cannot read %s: %s"), mutu_utf8_clip(path, 300),
				  strerror(errno));
			err = -1;
			break;
		}
		if (got == 0)
			break;
		n += (size_t)got;
	}
	close(fd);
	if (err < 0) {
		free(buf);
		return err;
	}
	*data = buf;
	*len = n;
	return 0;
nomem:
	free(buf);
	close(fd);
	mutu_error_nomem();
	git_error_set_oom();
	return -1;
}

/* --- the check ------------------------------------------------------------ */

/* "host" on port 22, "[host]:port" on another, lower case; -1 if too long. */
static int host_name(struct scan *s, const char *host, int port)
{
	size_t i, len = strlen(host);
	int n;

	if (len == 0 || len > HOST_MAX)
		return -1;
	if (port == 22)
		n = snprintf(s->name, sizeof(s->name), "%s", host);
	else
		n = snprintf(s->name, sizeof(s->name), "[%s]:%d", host, port);
	if (n < 0 || (size_t)n >= sizeof(s->name))
		return -1;
	s->name_len = (size_t)n;
	for (i = 0; i < s->name_len; i++)
		s->name[i] = lower(s->name[i]);
	return 0;
}

/* The types of s->types as "a, b, c" into out. */
static void list_types(char *out, size_t size, const struct scan *s)
{
	size_t i, used = 0;

	out[0] = '\0';
	for (i = 0; i < s->ntypes && used < size; i++) {
		int n = snprintf(out + used, size - used, "%s%s", i ? ", " : "", s->types[i]);

		if (n < 0)
			break;
		used += (size_t)n;
	}
}

/* The refusal the collected lines call for (GIT_ECERTIFICATE), or 0. */
static int verdict(const struct scan *s, const char *host, int port)
{
	const struct offered *k = s->key;
	const char *name = mutu_utf8_clip(s->name, sizeof(s->name));

	if (s->revoked_file) {
		fail_with(MUTU_EPERM,
			  _("the host key of %s (%s) is revoked: %s:%zu marks it @revoked, so it "
			    "is refused; someone may be in the middle, or the server still uses a "
			    "key its administrator retired"),
			  name, k->shown, mutu_utf8_clip(s->revoked_file, 200), s->revoked_line);
		return GIT_ECERTIFICATE;
	}
	if (s->known)
		return 0;
	if (s->other_file && *k->type) {
		fail_with(
		    MUTU_EPERM,
		    _("the host key of %s CHANGED: someone may be in the middle; it showed %s, not "
		      "the key %s:%zu holds for it. If its administrator did replace the key, "
		      "check the new one, then remove the old with ssh-keygen -f '%s' -R '%s'"),
		    name, k->shown, mutu_utf8_clip(s->other_file, 200), s->other_line,
		    mutu_utf8_clip(s->other_file, 200), name);
		return GIT_ECERTIFICATE;
	}
	if (s->other_file) {
		fail_with(MUTU_EPERM,
			  _("the host key of %s (%s) is none of the keys known_hosts holds for it "
			    "(%s:%zu holds one): it may have CHANGED, and someone may be in the "
			    "middle; check the server's keys"),
			  name, k->shown, mutu_utf8_clip(s->other_file, 200), s->other_line);
		return GIT_ECERTIFICATE;
	}
	if (s->ntypes) {
		char types[TYPES_LISTED * (TYPE_MAX + 2)];

		list_types(types, sizeof(types), s);
		fail_with(MUTU_EPERM,
			  _("%s is in known_hosts with keys of other types (%s), not with the %s "
			    "key it showed (%s): check that key and add it, e.g. with ssh-keyscan "
			    "-t %s -p %d %s >> ~/.ssh/known_hosts"),
			  name, types, k->type, k->fp, keyscan_type(k->type), port,
			  mutu_utf8_clip(host, 120));
		return GIT_ECERTIFICATE;
	}
	fail_with(MUTU_EPERM,
		  _("%s is not in known_hosts: check its key (%s) and add it, e.g. with "
		    "ssh-keyscan -p %d %s >> ~/.ssh/known_hosts"),
		  name, k->shown, port, mutu_utf8_clip(host, 120));
	return GIT_ECERTIFICATE;
}

int mutu_knownhosts_check(git_cert *cert, int valid, const char *host, void *payload)
{
	const mutu_knownhosts_opts *o = payload;
	struct offered key;
	struct scan *s;
	size_t i;
	int port, err = 0;

	(void)valid;
	if (!cert || cert->cert_type != GIT_CERT_HOSTKEY_LIBSSH2)
		return GIT_PASSTHROUGH;
	if (!o || !host) {
		fail_with(MUTU_EUSAGE, "%s",
			  _("the ssh host key cannot be checked: no host or no known_hosts files"));
		return GIT_ECERTIFICATE;
	}
	port = o->port ? o->port : 22;
	if (port < 1 || port > 65535) {
		fail_with(MUTU_EUSAGE,
			  _("the ssh host key of %s cannot be checked: %d is not a port"),
			  mutu_utf8_clip(host, 120), o->port);
		return GIT_ECERTIFICATE;
	}
	if (offered_init(&key, (const git_cert_hostkey *)cert) != 0) {
		fail_with(MUTU_EPERM,
			  _("the ssh host key of %s cannot be checked: libgit2 gave neither the "
			    "key nor its SHA-256 fingerprint"),
			  mutu_utf8_clip(host, 120));
		return GIT_ECERTIFICATE;
	}
	if (!(s = calloc(1, sizeof(*s)))) {
		mutu_error_nomem();
		git_error_set_oom();
		return -1;
	}
	s->key = &key;
	if (host_name(s, host, port) != 0) {
		/* no known_hosts line can name it */
		snprintf(s->name, sizeof(s->name), "%s", mutu_utf8_clip(host, 120));
		err = verdict(s, host, port);
		free(s);
		return err;
	}
	for (i = 0; i < o->nfiles && err == 0; i++) {
		char *data;
		size_t len;

		if (!o->files[i] || (err = slurp(&data, &len, o->files[i])) != 0 || !data)
			continue;
		scan_text(s, o->files[i], data, len);
		free(data);
	}
	if (err == 0)
		err = verdict(s, host, port);
	free(s);
	return err;
}

/* --- URLs ------------------------------------------------------------------ */

/* The port of "host[:port]" or "[v6][:port]" in [p, end): 22 if none. */
static int authority_port(const char *p, const char *end)
{
	const char *colon;
	long port = 0;

	if (p < end && *p == '[') {
		const char *close = memchr(p, ']', (size_t)(end - p));

		if (!close || close == p + 1)
			return -1;
		p = close + 1;
		if (p < end && *p != ':')
			return -1;
		colon = p < end ? p : NULL;
	} else {
		colon = memchr(p, ':', (size_t)(end - p));
		if ((colon ? colon : end) == p)
			return -1; /* no host */
	}
	if (!colon || colon + 1 == end)
		return 22;
	for (p = colon + 1; p < end; p++) {
		if (*p < '0' || *p > '9' || port > 65535)
			return -1;
		port = port * 10 + (*p - '0');
	}
	return port >= 1 && port <= 65535 ? (int)port : -1;
}

int mutu_knownhosts_port(const char *url)
{
	/* libgit2 1.5.1's ssh prefixes, as it compares them: case matters */
	static const char *const schemes[] = {"ssh://", "ssh+git://", "git+ssh://"};
	const char *colon, *slash, *auth, *end, *at;
	size_t i;

	if (!url)
		return -1;
	for (i = 0; i < sizeof(schemes) / sizeof(schemes[0]); i++) {
		if (strncmp(url, schemes[i], strlen(schemes[i])))
			continue;
		auth = url + strlen(schemes[i]);
		end = auth + strcspn(auth, "/?#");
		/* the user ends at the last '@' before the path */
		for (at = end; at > auth && at[-1] != '@'; at--)
			;
		return authority_port(at, end);
	}
	if (strstr(url, "://"))
		return -1; /* another scheme */
	/* scp-like: a host, then a colon before any slash */
	colon = strchr(url, ':');
	slash = strchr(url, '/');
	if (!colon || colon == url || (slash && slash < colon) || colon[-1] == '@')
		return -1;
	return 22;
}
