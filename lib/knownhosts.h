/*
 * knownhosts — an ssh server's host key checked against the user's
 * known_hosts files, as ssh itself checks it, for libgit2's ssh transport.
 *
 * libgit2 1.5.1 checks a host key itself, but only against
 * ~/.ssh/known_hosts and through libssh2 (1.10), which knows neither
 * /etc/ssh/ssh_known_hosts, nor wildcards and negations, nor @revoked (it
 * trusts a revoked key), takes a key known for "host" (port 22) as known
 * on every port, and says only "invalid or unknown remote ssh hostkey".
 * mutu-sync and mutu-clone therefore install a certificate_check callback
 * that calls mutu_knownhosts_check() for an ssh host key, whose answer
 * replaces libgit2's (and let libgit2 decide for anything else: it checks
 * HTTPS certificates itself).
 *
 * One thing only libgit2 decides: it reads ~/.ssh/known_hosts with
 * libssh2 before calling back, and a line libssh2 cannot parse (a line
 * of one or two words, broken base64, a key type it does not know, a very
 * long line) fails every ssh connection with "error loading known_hosts:
 * Failed to parse known hosts file", the callback never called.
 *
 * The files are read as sshd(8) describes them (SSH_KNOWN_HOSTS FILE
 * FORMAT): host patterns with *, ? and !, "[host]:port" for a port other
 * than 22, hashed names (|1|salt|hash), and @revoked keys, which are
 * refused wherever they appear. @cert-authority lines are skipped: host
 * certificates are not supported, so a host known only through its CA is
 * refused as unknown. A missing file is skipped; a file that cannot be
 * read, is not a regular file or is larger than 16 MB fails the check (a
 * @revoked line in it would go unseen); a line longer than 16 KB and
 * anything that is not an entry are skipped. The cost is linear in the
 * size of the files.
 *
 * The library reads no environment: the command passes the files.
 */
#ifndef MUTU_KNOWNHOSTS_H
#define MUTU_KNOWNHOSTS_H

#include <git2.h>
#include <stddef.h>

/* What mutu_knownhosts_check needs beyond what libgit2 gives it. */
typedef struct {
	const char *const *files; /* the files the user's ssh trusts, in order:
				   * the command passes ~/.ssh/known_hosts and
				   * /etc/ssh/ssh_known_hosts. Borrowed */
	size_t nfiles;
	int port; /* the port of the URL (mutu_knownhosts_port): libgit2
		   * gives the callback the host without it. 0 means 22 */
} mutu_knownhosts_opts;

/*
 * The port an ssh URL connects to: "ssh://[user@]host[:port]/path" (and
 * libgit2's other spellings, "ssh+git://" and "git+ssh://"; an IPv6
 * address in brackets), 22 if it names none; 22 for the scp-like
 * "[user@]host:path", which cannot name one. -1 if url is not an ssh URL
 * (another scheme, a local path) or its port is not a number from 1 to
 * 65535. Sets no error.
 */
int mutu_knownhosts_port(const char *url);

/*
 * The git_transport_certificate_check_cb for ssh (valid, libgit2's own
 * verdict, is ignored: this one is stricter and replaces it). payload is a const
 * mutu_knownhosts_opts *; libgit2 gives every callback the same
 * git_remote_callbacks.payload, so a command that sets credentials too
 * calls this from a callback of its own with its opts.
 *
 * 0 if a line of the files holds this key for host on opts->port.
 * GIT_ECERTIFICATE, the reason (naming the host, the key's type and
 * SHA-256 fingerprint, and what to do) set as both libgit2's last error
 * and mutu's (MUTU_EPERM), if:
 *   - the key is @revoked in any file (naming file:line);
 *   - a different key of the same type is known for host: its key
 *     CHANGED, loudly, someone may be in the middle (naming the file and
 *     line of the known key);
 *   - only keys of other types are known for host (naming them);
 *   - host is not in the files.
 * -1 if a file cannot be read (MUTU_EIO) or memory runs out (MUTU_ENOMEM),
 * with the same message for libgit2. GIT_PASSTHROUGH if cert is not an
 * ssh host key (libgit2 then decides, as without a callback).
 *
 * The key is compared whole when libgit2 gives it (GIT_CERT_SSH_RAW, as
 * 1.5.1 always does), by its SHA-256 otherwise.
 */
int mutu_knownhosts_check(git_cert *cert, int valid, const char *host, void *payload);

#endif
