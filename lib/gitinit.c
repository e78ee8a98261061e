/*
 * Starting libgit2, once per process, at the cost git itself pays.
 *
 * Debian's libgit2 1.5 is built with mbedTLS, and git_libgit2_init()
 * parses the whole system CA bundle there (about 140 certificates): five
 * milliseconds, three quarters of a `mutu show`, for a bundle only an
 * HTTPS remote ever needs. mutu defers that parse to the first TLS
 * handshake. The executable defines mbedtls_x509_crt_parse_file() and
 * mbedtls_ssl_handshake(); libgit2 reaches mbedTLS through the dynamic
 * linker, which binds those calls to the executable's definitions first.
 * During git_libgit2_init() the parse is only noted; before the first
 * handshake the real parse fills the very chain libgit2 already gave to
 * its TLS configuration. Any other parse (a cert location set later by
 * configuration) goes straight to mbedTLS, and drops the deferred one,
 * whose chain libgit2 then replaces. With a libgit2 built on OpenSSL none
 * of this is ever called.
 *
 * Reads also skip libgit2's re-hashing of every object read (strict hash
 * verification), which git does not do either outside fsck: 6% of a cold
 * list; and libgit2 may cache trees as large as a fan-out directory.
 */
#include "gitinit.h"

#include "error.h"

#include <dlfcn.h>
#include <git2.h>
#include <stddef.h>

static int deferring;
static void *deferred_chain;
static const char *deferred_file;

typedef int (*parse_file_fn)(void *chain, const char *path);
typedef int (*handshake_fn)(void *ssl);

/* The definitions mbedTLS's own libraries hold (the next in link order). */
static void *real(const char *name)
{
	return dlsym(RTLD_NEXT, name);
}

int mbedtls_x509_crt_parse_file(void *chain, const char *path);
int mbedtls_ssl_handshake(void *ssl);

int mbedtls_x509_crt_parse_file(void *chain, const char *path)
{
	parse_file_fn parse = (parse_file_fn)real("mbedtls_x509_crt_parse_file");

	if (deferring) {
		deferred_chain = chain;
		deferred_file = path;  /* libgit2's compiled-in default: static */
		return 0;
	}
	deferred_chain = NULL;  /* libgit2 frees the old chain once this succeeds */
	return parse ? parse(chain, path) : -1;
}

int mbedtls_ssl_handshake(void *ssl)
{
	handshake_fn handshake = (handshake_fn)real("mbedtls_ssl_handshake");
	parse_file_fn parse;

	if (deferred_chain) {
		/* a bundle that will not parse leaves the chain empty, and the
		 * handshake then fails on the certificate, as it would have */
		if ((parse = (parse_file_fn)real("mbedtls_x509_crt_parse_file")))
			parse(deferred_chain, deferred_file);
		deferred_chain = NULL;
	}
	return handshake ? handshake(ssl) : -1;
}

int mutu_git_init(void)
{
	static int ready;

	if (ready)
		return 0;
	deferring = 1;
	if (git_libgit2_init() < 0) {
		deferring = 0;
		return mutu_error_git("libgit2");
	}
	deferring = 0;
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
	/* a fan-out directory of 100k records is a 20 KB tree, read again for
	 * every id a show resolves; a proposal's votes directory or the
	 * members directory, flat, is 400 KB at 10,000 members and read four
	 * times by one ballot's commit (a third of its time, inflating it
	 * again): keep trees up to 4 MB (100,000 entries) in libgit2's cache */
	git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, GIT_OBJECT_TREE, (size_t)4 << 20);
	/* but no more than 64 MB in all (libgit2's default is 256): a walk
	 * of history (an audit, a log) meets a new tree at every commit, and
	 * a cache that keeps them all only grows the process */
	git_libgit2_opts(GIT_OPT_SET_CACHE_MAX_SIZE, (ssize_t)64 << 20);
	ready = 1;
	return 0;
}
