/*
 * unit_merge — two copies of one commons that parted at a tip and wrote
 * apart, and their merge made both ways round, for the tests of merges
 * (test_mergetree.c, test_librarycheck.c). Include after unit.h; the
 * helpers are static, for one test file each.
 */
#ifndef MUTU_UNIT_MERGE_H
#define MUTU_UNIT_MERGE_H

#include "unit.h"

#include "lib/mergetree.h"
#include "lib/store_git.h"

#include <git2.h>

struct two {
	struct fixture *fx;
	mutu_oid base, a, b;
};

UNIT_UNUSED static void tip(mutu_oid *out, mutu_store *st)
{
	assert_ok(mutu_store_tip(out, st));
}

/* Move the branch back to c, as another copy would have it. */
UNIT_UNUSED static void rewind_to(mutu_store *st, const mutu_oid *c)
{
	git_reference *ref = NULL;

	assert_int_equal(git_reference_create(&ref, mutu_store_repository(st), "refs/heads/main",
					      mutu_git_oid(c), 1, "test"),
			 0);
	git_reference_free(ref);
	tip(&(mutu_oid){ { 0 } }, st);   /* the store reads the tip again */
}

/* Two copies that parted at the current tip: a writes its files, b its. */
UNIT_UNUSED static void part(struct two *t, const char *const *pa, const char *const *da, size_t na,
		 const char *const *pb, const char *const *db, size_t nb)
{
	mutu_store *st = t->fx->st;

	tip(&t->base, st);
	unit_commit_files(st, pa, da, na);
	tip(&t->a, st);
	rewind_to(st, &t->base);
	unit_commit_files(st, pb, db, nb);
	tip(&t->b, st);
}

UNIT_UNUSED static int setup(void **state)
{
	struct two *t = calloc(1, sizeof(*t));

	if (unit_commons_setup((void **)&t->fx, 1) != 0)
		return -1;
	*state = t;
	return 0;
}

UNIT_UNUSED static int teardown(void **state)
{
	struct two *t = *state;

	unit_commons_free(t->fx);
	free(t);
	return 0;
}

UNIT_UNUSED static char *read_in(mutu_store *st, const mutu_oid *tree, const char *path)
{
	mutu_oid blob;
	char *data = NULL;
	size_t len;

	if (mutu_store_lookup_in(&blob, st, tree, path, 0) != 0) {
		mutu_error_clear();
		return NULL;
	}
	assert_ok(mutu_store_read_blob(&data, &len, st, &blob, 1 << 20));
	return data;
}

/* Merge both ways: the same tree, the same notes (and findings). */
UNIT_UNUSED static void merge_both(struct two *t, mutu_merged *ab)
{
	mutu_merged ba;

	assert_ok(mutu_mergetree(ab, t->fx->st, &t->a, &t->b, 0));
	assert_ok(mutu_mergetree(&ba, t->fx->st, &t->b, &t->a, 0));
	assert_true(mutu_oid_equal(&ab->tree, &ba.tree));
	assert_int_equal(ab->nnotes, ba.nnotes);
	mutu_merged_free(&ba);
}

#endif
