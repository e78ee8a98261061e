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
#include "lib/schema.h"

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
			      UNIT_NAME, NULL, NULL, 0, NULL) != 0) {
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

/* A group teardown: the compiled schemas go, so LeakSanitizer sees none. */
UNIT_UNUSED static int unit_group_cleanup(void **state)
{
	(void)state;
	mutu_schema_cleanup();
	return 0;
}


/* --- added for the type-table modules (actions, find, list, catalog) --- */

#include "lib/actions.h"
#include "lib/types.h"

/* Warnings the library reports, collected in order (mutu_warn_handler). */
#define UNIT_MAX_WARNINGS 512
UNIT_UNUSED static char *unit_warnings[UNIT_MAX_WARNINGS];
UNIT_UNUSED static size_t unit_nwarnings;

UNIT_UNUSED static void unit_warnings_clear(void)
{
	size_t i;

	for (i = 0; i < unit_nwarnings; i++)
		free(unit_warnings[i]);
	unit_nwarnings = 0;
}

UNIT_UNUSED static void unit_warn_collect(const char *message)
{
	if (unit_nwarnings < UNIT_MAX_WARNINGS)
		unit_warnings[unit_nwarnings++] = strdup(message);
}

/* From now on, warnings are collected (and the old ones forgotten). */
UNIT_UNUSED static void unit_warnings_start(void)
{
	unit_warnings_clear();
	mutu_warn_handler(unit_warn_collect);
}

UNIT_UNUSED static void unit_warnings_stop(void)
{
	mutu_warn_handler(NULL);
	unit_warnings_clear();
}

/* How many collected warnings contain needle. */
UNIT_UNUSED static size_t unit_warnings_naming(const char *needle)
{
	size_t i, n = 0;

	for (i = 0; i < unit_nwarnings; i++)
		if (unit_warnings[i] && strstr(unit_warnings[i], needle))
			n++;
	return n;
}

/* The collected warnings, one a line, for failure messages (malloc'd). */
UNIT_UNUSED static char *unit_warnings_text(void)
{
	size_t i, len = 1;
	char *s;

	for (i = 0; i < unit_nwarnings; i++)
		len += strlen(unit_warnings[i] ? unit_warnings[i] : "") + 1;
	s = malloc(len);
	assert_non_null(s);
	s[0] = '\0';
	for (i = 0; i < unit_nwarnings; i++) {
		strcat(s, unit_warnings[i] ? unit_warnings[i] : "");
		strcat(s, "\n");
	}
	return s;
}

/* Exactly one collected warning names needle. */
#define assert_warned_once(needle) do { \
	const char *w_ = (needle); \
	if (unit_warnings_naming(w_) != 1) { \
		char *all_ = unit_warnings_text(); \
		fail_msg("%zu warnings name '%s', expected 1:\n%s", unit_warnings_naming(w_), w_, \
			 all_); \
	} \
} while (0)

/* The members the tests act as: alice founded the fixture's commons. */
UNIT_UNUSED static const mutu_actor unit_alice = { .handle = UNIT_HANDLE, .name = UNIT_NAME,
						   .email = UNIT_EMAIL };
UNIT_UNUSED static const mutu_actor unit_bob = { .handle = "bob", .name = "Bob",
						 .email = "bob@example.org" };

/* A new record of t (an offer or a need) by author, as mutu_action_new
 * makes it, with a chosen id (NULL: its fresh one) and title. */
UNIT_UNUSED static mutu_record *unit_item(const mutu_record_type *t, const char *id,
					  const char *author, const char *title)
{
	mutu_record *rec = NULL;

	if (mutu_action_new(&rec, t, author, NULL) != 0)
		fail_msg("mutu_action_new: %s", mutu_error_last());
	if (id)
		assert_int_equal(mutu_map_set_str(rec, t->key_field, id), 0);
	if (title)
		assert_int_equal(mutu_map_set_str(rec, t->title_field, title), 0);
	return rec;
}

/* Commit recs (n records of t) in one commit by who, then free them. */
UNIT_UNUSED static void unit_add(mutu_store *st, const mutu_actor *who, const mutu_record_type *t,
				 mutu_record **recs, size_t n)
{
	mutu_action_ctx ctx = { st, who };
	size_t i;

	if (mutu_action_add(&ctx, t, recs, n) != 0)
		fail_msg("mutu_action_add: %s", mutu_error_last());
	for (i = 0; i < n; i++)
		mutu_value_free(recs[i]);
}

UNIT_UNUSED static void unit_add1(mutu_store *st, const mutu_actor *who, const mutu_record_type *t,
				  mutu_record *rec)
{
	unit_add(st, who, t, &rec, 1);
}

/* Commit raw files, whatever their paths and contents, in one commit
 * (data NULL deletes the file at path, which must exist). */
UNIT_UNUSED static void unit_commit_files(mutu_store *st, const char *const *paths,
					  const char *const *data, size_t n)
{
	mutu_change *c = calloc(n ? n : 1, sizeof(*c));
	mutu_oid *bases = calloc(n ? n : 1, sizeof(*bases));
	size_t i;

	assert_non_null(c);
	assert_non_null(bases);
	for (i = 0; i < n; i++) {
		int found = mutu_store_lookup(&bases[i], st, paths[i]) == 0;

		mutu_error_clear();
		c[i] = (mutu_change){ paths[i], data[i], data[i] ? strlen(data[i]) : 0,
				      found ? &bases[i] : NULL };
	}
	if (mutu_store_commit(st, c, n, &(mutu_commit_info){ .name = UNIT_NAME, .email = UNIT_EMAIL, .message = "test: files" }) != 0)
		fail_msg("mutu_store_commit: %s", mutu_error_last());
	free(c);
	free(bases);
}

UNIT_UNUSED static void unit_commit_file(mutu_store *st, const char *path, const char *data)
{
	unit_commit_files(st, &path, &data, 1);
}

/*
 * Commit, with libgit2 and behind mutu's back, an entry of any mode at
 * path: GIT_FILEMODE_LINK (data is the target), GIT_FILEMODE_COMMIT (a
 * submodule: data is ignored, a made-up commit id is used) or a blob.
 * Then reopen *st, whose view of the tip is its own.
 */
UNIT_UNUSED static void unit_commit_entry(mutu_store **st, const char *dir, const char *path,
					  git_filemode_t mode, const char *data)
{
	git_repository *repo;
	git_reference *head;
	git_commit *parent;
	git_tree *tree, *newtree;
	git_signature *sig;
	git_tree_update up;
	git_oid id, tree_id, commit_id;

	assert_int_equal(git_repository_open_ext(&repo, dir, 0, NULL), 0);
	assert_int_equal(git_repository_head(&head, repo), 0);
	assert_int_equal(git_commit_lookup(&parent, repo, git_reference_target(head)), 0);
	assert_int_equal(git_commit_tree(&tree, parent), 0);
	if (mode == GIT_FILEMODE_COMMIT)
		assert_int_equal(git_oid_fromstr(&id, "0123456789abcdef0123456789abcdef01234567"), 0);
	else
		assert_int_equal(git_blob_create_from_buffer(&id, repo, data, strlen(data)), 0);
	memset(&up, 0, sizeof(up));
	up.action = GIT_TREE_UPDATE_UPSERT;
	up.id = id;
	up.filemode = mode;
	up.path = path;
	assert_int_equal(git_tree_create_updated(&tree_id, repo, tree, 1, &up), 0);
	assert_int_equal(git_tree_lookup(&newtree, repo, &tree_id), 0);
	assert_int_equal(git_signature_now(&sig, UNIT_NAME, UNIT_EMAIL), 0);
	assert_int_equal(git_commit_create_v(&commit_id, repo, "HEAD", sig, sig, NULL, "test: entry",
					     newtree, 1, parent), 0);
	git_signature_free(sig);
	git_tree_free(newtree);
	git_tree_free(tree);
	git_commit_free(parent);
	git_reference_free(head);
	git_repository_free(repo);
	mutu_store_free(*st);
	*st = NULL;
	if (mutu_store_open(st, dir, 0) != 0)
		fail_msg("mutu_store_open: %s", mutu_error_last());
}

/* The full message of the commit HEAD names (malloc'd). */
UNIT_UNUSED static char *unit_head_message(const char *dir)
{
	git_repository *repo;
	git_commit *c;
	git_oid head;
	char *msg;

	assert_int_equal(git_repository_open_ext(&repo, dir, 0, NULL), 0);
	assert_int_equal(git_reference_name_to_id(&head, repo, "HEAD"), 0);
	assert_int_equal(git_commit_lookup(&c, repo, &head), 0);
	msg = strdup(git_commit_message(c));
	assert_non_null(msg);
	git_commit_free(c);
	git_repository_free(repo);
	return msg;
}

/* Whether two commits are the same (HEAD did not move). */
UNIT_UNUSED static void unit_assert_head_is(const char *dir, const git_oid *want)
{
	git_oid now;

	unit_head(&now, dir);
	if (!git_oid_equal(&now, want))
		fail_msg("HEAD moved");
}


/* --- lists: one text for every row and warning, to compare whole lists --- */

#include "lib/list.h"

/* Everything a list of t answers to q (rows, in order, with every field
 * a row has, then the warnings), as text (malloc'd); fails the test if
 * the list fails. Warnings collected before are forgotten. */
UNIT_UNUSED static char *unit_list_text(mutu_store *st, const mutu_record_type *t,
					const mutu_query *q)
{
	mutu_buf b = MUTU_BUF_INIT;
	mutu_row *rows = NULL;
	size_t n = 0, i, k, nsummary = 0;
	char hex[41];

	unit_warnings_start();
	if (mutu_list(&rows, &n, st, t, q, NULL) != 0)
		fail_msg("mutu_list: %s", mutu_error_last());
	while (t->summary[nsummary])
		nsummary++;
	for (i = 0; i < n; i++) {
		mutu_oid_fmt(hex, &rows[i].blob);
		mutu_buf_printf(&b, "%s %s %s unique=%zu invalid=%d", rows[i].path, rows[i].key, hex,
				rows[i].unique, rows[i].invalid);
		for (k = 0; k < nsummary; k++)
			mutu_buf_printf(&b, " %s=[%s]", t->summary[k], rows[i].values[k]);
		mutu_buf_putc(&b, '\n');
	}
	for (i = 0; i < unit_nwarnings; i++)
		mutu_buf_printf(&b, "warning: %s\n", unit_warnings[i]);
	mutu_rows_free(rows, n);
	assert_int_equal(mutu_buf_check(&b), 0);
	return mutu_buf_detach(&b);
}

/* got must be want; on failure, the first line that differs is shown. */
UNIT_UNUSED static void unit_assert_same_text(const char *got, const char *want, const char *what)
{
	size_t line = 1;
	const char *g = got, *w = want;

	if (!strcmp(got, want))
		return;
	while (*g && *g == *w) {
		if (*g == '\n')
			line++;
		g++;
		w++;
	}
	while (g > got && g[-1] != '\n')
		g--, w--;
	fail_msg("%s: line %zu differs:\n got: %.300s\nwant: %.300s", what, line, g, w);
}

#endif
