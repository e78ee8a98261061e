/*
 * unit.h — shared helpers for libmutu's cmocka tests.
 *
 * Everything here is static and marked unused, so each test binary takes
 * only what it needs without warnings.
 */
#ifndef MUTU_TEST_UNIT_H
#define MUTU_TEST_UNIT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <git2.h>
#include "lib/clock.h"
#include "lib/commons.h"
#include "lib/error.h"

#define UNIT_UNUSED __attribute__((unused))

/* expr must return exactly code; on failure print the last error. */
#define assert_code(expr, code) do { \
	int rc_ = (expr); \
	if (rc_ != (code)) \
		fail_msg("%s returned %d, expected %d (last error: %s)", #expr, rc_, \
			 (int)(code), mutu_error_last()); \
} while (0)

#define assert_ok(expr) assert_code(expr, 0)

/* hay must contain needle. */
#define assert_contains(hay, needle) do { \
	const char *h_ = (hay), *n_ = (needle); \
	if (!h_ || !strstr(h_, n_)) \
		fail_msg("'%s' does not contain '%s'", h_ ? h_ : "(null)", n_); \
} while (0)

#define assert_not_contains(hay, needle) do { \
	const char *h_ = (hay), *n_ = (needle); \
	if (h_ && strstr(h_, n_)) \
		fail_msg("'%s' contains '%s'", h_, n_); \
} while (0)

/* msg must start with "NAME:LINE:COL: " (1-based numbers). */
UNIT_UNUSED static void unit_assert_position(const char *msg, const char *name)
{
	size_t n = strlen(name);
	const char *p = msg + n;
	unsigned line = 0, col = 0;
	int used = 0;

	if (strncmp(msg, name, n) != 0 || *p != ':' ||
	    sscanf(p, ":%u:%u:%n", &line, &col, &used) != 2 || used == 0 || line == 0 ||
	    col == 0 || p[used] != ' ')
		fail_msg("'%s' does not start with '%s:LINE:COLUMN: '", msg, name);
}

/* msg must start with "NAME:LINE:COL: " with these numbers (col 0: any). */
UNIT_UNUSED static void unit_assert_at(const char *msg, const char *name, unsigned line,
				       unsigned col)
{
	char want[256];

	if (col)
		snprintf(want, sizeof(want), "%s:%u:%u: ", name, line, col);
	else
		snprintf(want, sizeof(want), "%s:%u:", name, line);
	if (strncmp(msg, want, strlen(want)) != 0)
		fail_msg("'%s' does not start with '%s'", msg, want);
}

/* A fresh temporary directory (malloc'd path). */
UNIT_UNUSED static char *unit_tmpdir(void)
{
	const char *base = getenv("TMPDIR");
	char tmpl[4096];
	char *d;

	snprintf(tmpl, sizeof(tmpl), "%s/mutu-unit-XXXXXX", base && *base ? base : "/tmp");
	if (!mkdtemp(tmpl))
		fail_msg("mkdtemp: %s", strerror(errno));
	d = strdup(tmpl);
	assert_non_null(d);
	return d;
}

static int unit_rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	remove(path);
	return 0;
}

/* rm -rf dir, and free the path. */
UNIT_UNUSED static void unit_rmtree(char *dir)
{
	if (!dir)
		return;
	nftw(dir, unit_rm_one, 16, FTW_DEPTH | FTW_PHYS);
	free(dir);
}

/* The whole contents of a file (malloc'd), or NULL if it cannot be read. */
UNIT_UNUSED static char *unit_slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *data = NULL;
	size_t cap = 0, n = 0, got;

	if (!f)
		return NULL;
	for (;;) {
		if (n + 4096 + 1 > cap) {
			cap = (n + 4096 + 1) * 2;
			data = realloc(data, cap);
			assert_non_null(data);
		}
		got = fread(data + n, 1, cap - n - 1, f);
		n += got;
		if (got == 0)
			break;
	}
	fclose(f);
	data[n] = '\0';
	if (len)
		*len = n;
	return data;
}

UNIT_UNUSED static void unit_spit(const char *path, const char *data)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, strlen(data), f), strlen(data));
	assert_int_equal(fclose(f), 0);
}

/* A fixed, known identity and clock for tests that write. */
#define UNIT_NOW "2026-01-02T03:04:05Z"
#define UNIT_HANDLE "alice"
#define UNIT_EMAIL "alice@example.org"
#define UNIT_NAME "Alice"

UNIT_UNUSED static void unit_env(void)
{
	/* the library reads no environment: the clock is fixed by a call */
	mutu_clock_fix(UNIT_NOW, "UNIT_NOW");
	/* keep the user's own git configuration out of the tests */
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
}

/* The commit HEAD names in the repository at dir. */
UNIT_UNUSED static void unit_head(git_oid *out, const char *dir)
{
	git_repository *repo;

	assert_int_equal(git_repository_open_ext(&repo, dir, 0, NULL), 0);
	assert_int_equal(git_reference_name_to_id(out, repo, "HEAD"), 0);
	git_repository_free(repo);
}

/* Commits reachable from HEAD; fails unless every one has at most one parent. */
UNIT_UNUSED static size_t unit_linear_history(const char *dir)
{
	git_repository *repo;
	git_revwalk *walk;
	git_commit *c;
	git_oid id;
	size_t n = 0;

	assert_int_equal(git_repository_open_ext(&repo, dir, 0, NULL), 0);
	assert_int_equal(git_revwalk_new(&walk, repo), 0);
	assert_int_equal(git_revwalk_push_head(walk), 0);
	while (git_revwalk_next(&id, walk) == 0) {
		assert_int_equal(git_commit_lookup(&c, repo, &id), 0);
		if (git_commit_parentcount(c) > 1)
			fail_msg("merge commit in a history that should be linear");
		git_commit_free(c);
		n++;
	}
	git_revwalk_free(walk);
	git_repository_free(repo);
	return n;
}

/* A fresh commons in a temporary directory, for the tests that write. */
struct fixture {
	char *dir;
	mutu_store *st;
};

UNIT_UNUSED static int unit_commons_setup(void **state, int bare)
{
	struct fixture *fx = calloc(1, sizeof(*fx));

	unit_env();
	fx->dir = unit_tmpdir();
	if (mutu_commons_init(&fx->st, fx->dir, bare, "Test commons", UNIT_HANDLE, UNIT_EMAIL,
			      UNIT_NAME) != 0) {
		fprintf(stderr, "mutu_commons_init: %s\n", mutu_error_last());
		unit_rmtree(fx->dir);
		free(fx);
		return -1;
	}
	*state = fx;
	return 0;
}

UNIT_UNUSED static void unit_commons_free(struct fixture *fx)
{
	mutu_store_free(fx->st);
	unit_rmtree(fx->dir);
	free(fx);
}

#endif
