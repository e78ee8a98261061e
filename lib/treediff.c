/*
 * treediff — two trees side by side. See treediff.h.
 */
#include "treediff.h"

#include "buf.h"
#include "error.h"
#include "i18n.h"

#include <string.h>

struct walk {
	git_repository *repo;
	mutu_tree_enter_fn enter;
	mutu_tree_change_fn fn;
	void *payload;
	mutu_buf path;
};

static int is_dir(const git_tree_entry *e)
{
	return git_tree_entry_type(e) == GIT_OBJECT_TREE;
}

/* Git's order of tree entries: by name, a directory's with '/' after. */
static int entry_cmp(const git_tree_entry *a, const git_tree_entry *b)
{
	const char *na = git_tree_entry_name(a), *nb = git_tree_entry_name(b);
	size_t la = strlen(na), lb = strlen(nb), l = la < lb ? la : lb;
	int c = memcmp(na, nb, l);
	unsigned char ca, cb;

	if (c)
		return c;
	ca = la > l ? (unsigned char)na[l] : is_dir(a) ? '/' : '\0';
	cb = lb > l ? (unsigned char)nb[l] : is_dir(b) ? '/' : '\0';
	return (int)ca - (int)cb;
}

static int diff_trees(struct walk *w, const git_tree *a, const git_tree *b, unsigned depth);

/* Entry a became b (either may be NULL; both alike files or directories,
 * as Git's order pairs them), under w->path. */
static int diff_entry(struct walk *w, const git_tree_entry *a, const git_tree_entry *b,
		      unsigned depth)
{
	const git_tree_entry *e = a ? a : b;
	size_t mark = w->path.len;
	git_tree *ta = NULL, *tb = NULL;
	int err;

	if (a && b && git_oid_equal(git_tree_entry_id(a), git_tree_entry_id(b)) &&
	    git_tree_entry_filemode(a) == git_tree_entry_filemode(b))
		return 0;
	mutu_buf_puts(&w->path, git_tree_entry_name(e));
	if ((err = mutu_buf_check(&w->path)) < 0)
		goto out;
	if (!is_dir(e) || !w->enter(mutu_buf_cstr(&w->path), depth, w->payload)) {
		mutu_tree_change c = {
			mutu_buf_cstr(&w->path),
			a ? git_tree_entry_id(a) : NULL, b ? git_tree_entry_id(b) : NULL,
			a ? git_tree_entry_filemode(a) : 0, b ? git_tree_entry_filemode(b) : 0,
		};

		err = w->fn(&c, w->payload);
		goto out;
	}
	if ((a && git_tree_lookup(&ta, w->repo, git_tree_entry_id(a)) < 0) ||
	    (b && git_tree_lookup(&tb, w->repo, git_tree_entry_id(b)) < 0)) {
		err = mutu_error_git(_("cannot read the history"));
		goto out;
	}
	mutu_buf_putc(&w->path, '/');
	err = diff_trees(w, ta, tb, depth + 1);
out:
	git_tree_free(ta);
	git_tree_free(tb);
	mutu_buf_truncate(&w->path, mark);
	return err;
}

/* Tree a became tree b (either may be NULL: empty). */
static int diff_trees(struct walk *w, const git_tree *a, const git_tree *b, unsigned depth)
{
	size_t na = a ? git_tree_entrycount(a) : 0, nb = b ? git_tree_entrycount(b) : 0;
	size_t i = 0, j = 0;
	int err = 0;

	while (err == 0 && (i < na || j < nb)) {
		const git_tree_entry *ea = i < na ? git_tree_entry_byindex(a, i) : NULL;
		const git_tree_entry *eb = j < nb ? git_tree_entry_byindex(b, j) : NULL;
		int c = !ea ? 1 : !eb ? -1 : entry_cmp(ea, eb);

		/* equal names are alike: a directory's sorts as "name/" */
		err = diff_entry(w, c <= 0 ? ea : NULL, c >= 0 ? eb : NULL, depth);
		i += c <= 0;
		j += c >= 0;
	}
	return err;
}

int mutu_tree_diff(git_repository *repo, const git_tree *a, const git_tree *b,
		   mutu_tree_enter_fn enter, mutu_tree_change_fn fn, void *payload)
{
	struct walk w = { repo, enter, fn, payload, MUTU_BUF_INIT };
	int err;

	if (a && b && git_oid_equal(git_tree_id(a), git_tree_id(b)))
		return 0;
	err = diff_trees(&w, a, b, 0);
	mutu_buf_free(&w.path);
	return err;
}
