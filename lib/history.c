/*
 * history — the commons' history as actions. See history.h.
 *
 * A commit is compared with its first parent by walking the two trees
 * side by side, entries in Git's order, and descending only into the
 * subtrees whose ids differ: a commit that changed one offer among
 * 100,000 opens the root, offers/ and one fan-out directory, nothing
 * else. Only the directories of record types are entered, and no deeper
 * than a record can live (<dir>/<2>/<id>.yaml), so a hostile tree cannot
 * make the walk deep.
 *
 * Two versions of a record are compared field by field after sorting the
 * keys of the old one, so a record with many keys costs n log n, never
 * n squared. The author's handle comes from the members/ of the commit's
 * own tree, read again only when that directory's id changes.
 */
#include "history.h"

#include "error.h"
#include "i18n.h"
#include "member.h"
#include "store_git.h"
#include "trailers.h"
#include "treediff.h"
#include "yaml.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Records live at most this deep: <dir>/<fan-out or parent>/<key>.yaml. */
#define RECORD_DEPTH 3

struct walk {
	mutu_store *st;
	git_repository *repo;
	const mutu_history_opts *opts;
	const mutu_history_cb *cb;
	mutu_history_commit c;
	/* the members of the last tree looked at, by the id of its members/ */
	mutu_member_emails *members;
	git_oid members_dir;
	int members_known;
};

/* Whether name is the directory of some record type. */
static int type_dir(const char *name)
{
	const mutu_record_type *const *lists[2] = { mutu_types, mutu_child_types };
	size_t l, i;

	for (l = 0; l < 2; l++)
		for (i = 0; lists[l][i]; i++)
			if (strcmp(lists[l][i]->dir, name) == 0)
				return 1;
	return 0;
}

/* --- one record, two versions --- */

struct version {
	char *data;
	mutu_record *rec;
};

/* Read a version of path from blob id (NULL: absent). 0, or 1 with *why
 * set (into why, sized) when it cannot be read as a record. */
static int read_version(struct version *v, struct walk *w, const git_oid *id, const char *path,
			char *why, size_t size)
{
	mutu_oid oid;
	size_t len;

	memset(v, 0, sizeof(*v));
	if (!id)
		return 0;
	memcpy(oid.raw, id->id, sizeof(oid.raw));
	if (mutu_store_read_blob(&v->data, &len, w->st, &oid, MUTU_YAML_MAX_DOCUMENT) < 0 ||
	    mutu_yaml_parse(&v->rec, v->data, len, path) < 0) {
		snprintf(why, size, "%s", mutu_error_last());
		mutu_error_clear();
		return 1;
	}
	return 0;   /* a mapping: the reader takes nothing else */
}

static void version_free(struct version *v)
{
	free(v->data);
	mutu_value_free(v->rec);
}

static int by_key(const void *a, const void *b)
{
	return strcmp((*(const mutu_field *const *)a)->key, (*(const mutu_field *const *)b)->key);
}

/* The fields of new that differ from old (either may be NULL), then
 * those of old gone from new; the type's updated stamp left out. */
static int compare_fields(mutu_history_field **out, size_t *n, const mutu_record_type *t,
			  const mutu_record *old, const mutu_record *new)
{
	size_t nold = old ? old->u.map.len : 0, nnew = new ? new->u.map.len : 0, i;
	const mutu_field **sorted = NULL;
	unsigned char *matched = NULL;
	mutu_history_field *f;

	*n = 0;
	if (!(*out = f = calloc(nold + nnew + 1, sizeof(*f))) ||
	    !(sorted = calloc(nold + 1, sizeof(*sorted))) || !(matched = calloc(nold + 1, 1))) {
		free(*out);
		free(sorted);
		*out = NULL;
		return mutu_error_nomem();
	}
	for (i = 0; i < nold; i++)
		sorted[i] = &old->u.map.fields[i];
	qsort(sorted, nold, sizeof(*sorted), by_key);
	for (i = 0; i < nnew; i++) {
		const mutu_field *nf = &new->u.map.fields[i], *key = nf, **hit;

		if (t->updated_field && strcmp(nf->key, t->updated_field) == 0)
			continue;
		hit = nold ? bsearch(&key, sorted, nold, sizeof(*sorted), by_key) : NULL;
		if (hit) {
			matched[*hit - old->u.map.fields] = 1;
			if (mutu_value_equal((*hit)->value, nf->value))
				continue;
		}
		f[*n] = (mutu_history_field){ nf->key, hit ? MUTU_HISTORY_CHANGED : MUTU_HISTORY_ADDED,
					      hit ? (*hit)->value : NULL, nf->value };
		(*n)++;
	}
	for (i = 0; i < nold; i++) {
		const mutu_field *of = &old->u.map.fields[i];

		if (matched[i] || (t->updated_field && strcmp(of->key, t->updated_field) == 0))
			continue;
		f[(*n)++] = (mutu_history_field){ of->key, MUTU_HISTORY_REMOVED, of->value, NULL };
	}
	free(sorted);
	free(matched);
	return 0;
}

/* A file at path changed from old to new (blob ids; NULL: absent). */
static int changed_file(struct walk *w, const char *path, const git_oid *old, const git_oid *new)
{
	mutu_history_record r = { 0 };
	mutu_history_field *fields = NULL;
	struct version vo, vn;
	char key[64], why[512];
	int err;

	if (!(r.type = mutu_type_at(path, key)))
		return 0;   /* not a record: mutu.yaml, rules.yaml, a stray file */
	w->c.nrecords++;
	if ((w->opts->max_records && w->c.nrecords > w->opts->max_records) || !w->cb->record)
		return 0;
	r.path = path;
	r.key = key;
	r.kind = !old ? MUTU_HISTORY_ADDED : !new ? MUTU_HISTORY_REMOVED : MUTU_HISTORY_CHANGED;
	if (read_version(&vo, w, old, path, why, sizeof(why)) |
	    read_version(&vn, w, new, path, why, sizeof(why))) {
		r.unreadable = why;
	} else {
		r.old = vo.rec;
		r.new = vn.rec;
		if ((err = compare_fields(&fields, &r.nfields, r.type, r.old, r.new)) < 0)
			goto out;
		r.fields = fields;
	}
	err = w->cb->record(&w->c, &r, w->cb->payload);
out:
	free(fields);
	version_free(&vo);
	version_free(&vn);
	return err;
}

/* --- two trees side by side --- */

static int is_file(git_filemode_t m)
{
	return m == GIT_FILEMODE_BLOB || m == GIT_FILEMODE_BLOB_EXECUTABLE;
}

/* Only a record type's directory, and no deeper than a record lives. */
static int enter_records(const char *path, unsigned depth, void *payload)
{
	(void)payload;
	return depth + 1 < RECORD_DEPTH && (depth > 0 || type_dir(path));
}

static int changed_entry(const mutu_tree_change *c, void *payload)
{
	const git_oid *old = is_file(c->old_mode) ? c->old_id : NULL;
	const git_oid *new = is_file(c->new_mode) ? c->new_id : NULL;

	/* a link, a submodule, a directory not entered: no record, as if absent */
	return old || new ? changed_file(payload, c->path, old, new) : 0;
}

/* --- one commit --- */

/* The blob at path in the tree of commit c, into out: 1 if a file is
 * there, 0 if not. */
static int file_at(git_oid *out, git_commit *c, const char *path)
{
	git_tree *tree = NULL;
	git_tree_entry *e = NULL;
	int found = 0;

	if (git_commit_tree(&tree, c) < 0)
		return mutu_error_git(_("cannot read the history"));
	if (git_tree_entry_bypath(&e, tree, path) == 0 && is_file(git_tree_entry_filemode(e))) {
		git_oid_cpy(out, git_tree_entry_id(e));
		found = 1;
	}
	git_error_clear();
	git_tree_entry_free(e);
	git_tree_free(tree);
	return found;
}

/* Whether the file at path differs between two versions (found flag and
 * blob id each). */
static int differs(int fa, const git_oid *a, int fb, const git_oid *b)
{
	return fa != fb || (fa && !git_oid_equal(a, b));
}

/* With a path: whether c changed it (a merge: against every parent), and
 * then what it was before and is now. 1, 0 or < 0. */
static int touches(struct walk *w, git_commit *c, git_oid *before, int *had, git_oid *now,
		   int *has)
{
	unsigned i, n = git_commit_parentcount(c);
	int err;

	if ((err = *has = file_at(now, c, w->opts->path)) < 0)
		return err;
	*had = 0;
	for (i = 0; i < n || i == 0; i++) {
		git_commit *p = NULL;
		git_oid id = { { 0 } };
		int found = 0;

		if (n && git_commit_parent(&p, c, i) < 0)
			return mutu_error_git(_("cannot read the history"));
		if (p)
			found = file_at(&id, p, w->opts->path);
		git_commit_free(p);
		if (found < 0)
			return found;
		if (i == 0) {
			*had = found;
			if (found)
				git_oid_cpy(before, &id);
		}
		if (!differs(found, &id, *has, now))
			return 0;
	}
	return 1;
}

/* The handle whose email is the author's, in c's tree. */
static const char *member_of(struct walk *w, git_commit *c, const char *email)
{
	git_tree *tree = NULL;
	const git_tree_entry *e;
	git_oid dir = { { 0 } };
	mutu_oid root;

	if (git_commit_tree(&tree, c) < 0) {
		git_error_clear();
		return NULL;
	}
	if ((e = git_tree_entry_byname(tree, "members")) && git_tree_entry_type(e) == GIT_OBJECT_TREE)
		git_oid_cpy(&dir, git_tree_entry_id(e));
	if (!w->members_known || !git_oid_equal(&dir, &w->members_dir)) {
		mutu_member_emails_free(w->members);
		w->members = NULL;
		memcpy(root.raw, git_tree_id(tree)->id, sizeof(root.raw));
		if (!git_oid_is_zero(&dir) && mutu_member_emails_read(&w->members, w->st, &root) < 0)
			mutu_error_clear();
		git_oid_cpy(&w->members_dir, &dir);
		w->members_known = 1;
	}
	git_tree_free(tree);
	return mutu_member_emails_find(w->members, email);
}

/* The value of the Mutu-Action trailer (malloc'd), or NULL. */
/* The action the commit names, if its trailers are mutu's and well
 * formed; NULL otherwise (a plain git commit, or one that lies badly). */
static char *action_of(git_commit *c)
{
	mutu_trailers t;
	char *action = NULL;

	if (mutu_trailers_parse(&t, git_commit_message(c)) == 0 && t.action[0])
		action = strdup(t.action);
	mutu_error_clear();
	mutu_trailers_free(&t);
	return action;
}

static mutu_signature signature_of(struct walk *w, const git_oid *id)
{
	git_buf sig = { 0 }, data = { 0 };
	int err = git_commit_extract_signature(&sig, &data, w->repo, (git_oid *)id, NULL);

	git_buf_dispose(&sig);
	git_buf_dispose(&data);
	git_error_clear();
	return err == 0 ? MUTU_SIGNATURE_PRESENT : MUTU_SIGNATURE_NONE;
}

/* Tell commit id, if the path filter keeps it (*told then 1): 0, < 0, or
 * what a callback returned to stop. */
static int one_commit(struct walk *w, const git_oid *id, int *told)
{
	const mutu_history_cb *cb = w->cb;
	git_commit *c = NULL, *parent = NULL;
	git_tree *tree = NULL, *ptree = NULL;
	const git_signature *author;
	git_oid before, now;
	int had = 0, has = 0, err;
	char *action = NULL;
	const char *handle;
	unsigned i;

	if (git_commit_lookup(&c, w->repo, id) < 0)
		return mutu_error_git(_("cannot read the history"));
	*told = 0;
	if (w->opts->path && (err = touches(w, c, &before, &had, &now, &has)) <= 0)
		goto out;
	err = 0;
	memset(&w->c, 0, sizeof(w->c));
	git_oid_tostr(w->c.id, sizeof(w->c.id), id);
	w->c.nparents = git_commit_parentcount(c);
	for (i = 0; i < w->c.nparents && i < 2; i++)
		git_oid_tostr(w->c.parents[i], sizeof(w->c.parents[i]), git_commit_parent_id(c, i));
	author = git_commit_author(c);
	w->c.time = (time_t)author->when.time;
	w->c.email = author->email;
	handle = member_of(w, c, author->email);
	w->c.member = handle ? handle : author->name;
	w->c.action = action = action_of(c);
	w->c.summary = git_commit_summary(c);
	if (!w->c.summary)
		w->c.summary = "";
	w->c.signature = signature_of(w, id);
	*told = 1;
	if (cb->begin && (err = cb->begin(&w->c, cb->payload)) != 0)
		goto out;
	if (w->c.nparents > 1) {
		/* a merge: its changes came with the commits it merged */
	} else if (w->opts->path) {
		if ((err = changed_file(w, w->opts->path, had ? &before : NULL, has ? &now : NULL)) != 0)
			goto out;
	} else {
		if (git_commit_tree(&tree, c) < 0 ||
		    (w->c.nparents && (git_commit_parent(&parent, c, 0) < 0 ||
				       git_commit_tree(&ptree, parent) < 0))) {
			err = mutu_error_git(_("cannot read the history"));
			goto out;
		}
		if ((err = mutu_tree_diff(w->repo, ptree, tree, enter_records, changed_entry, w)) != 0)
			goto out;
	}
	if (cb->end)
		err = cb->end(&w->c, cb->payload);
out:
	free(action);
	git_tree_free(tree);
	git_tree_free(ptree);
	git_commit_free(parent);
	git_commit_free(c);
	return err;
}

/* --- the walk --- */

int mutu_history_hide_since(git_revwalk *walk, git_repository *repo, const char *since)
{
	git_object *obj = NULL, *commit = NULL;
	int err = 0;

	if (git_revparse_single(&obj, repo, since) < 0 ||
	    git_object_peel(&commit, obj, GIT_OBJECT_COMMIT) < 0) {
		git_error_clear();
		err = mutu_error_set(MUTU_EDATA, _("no commit '%s' in this commons' history"), since);
	} else if (git_revwalk_hide(walk, git_object_id(commit)) < 0) {
		err = mutu_error_git(_("cannot walk the history"));
	}
	git_object_free(commit);
	git_object_free(obj);
	return err;
}

int mutu_history_walk(mutu_store *st, const mutu_history_opts *opts, const mutu_history_cb *cb)
{
	struct walk w = { 0 };
	git_revwalk *walk = NULL;
	size_t ntold = 0;
	mutu_oid tip;
	git_oid id;
	int err;

	w.st = st;
	w.repo = mutu_store_repository(st);
	w.opts = opts;
	w.cb = cb;
	if ((err = mutu_store_tip(&tip, st)) < 0)
		return err;
	if (mutu_oid_is_zero(&tip))
		return 0;
	if (git_revwalk_new(&walk, w.repo) < 0 ||
	    git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME) < 0 ||
	    git_revwalk_push(walk, mutu_git_oid(&tip)) < 0) {
		err = mutu_error_git(_("cannot walk the history"));
		goto out;
	}
	if (opts->since && (err = mutu_history_hide_since(walk, w.repo, opts->since)) < 0)
		goto out;
	while (!opts->limit || ntold < opts->limit) {
		int next = git_revwalk_next(&id, walk), told = 0;

		if (next == GIT_ITEROVER)
			break;
		if (next < 0) {
			err = mutu_error_git(_("cannot walk the history"));
			goto out;
		}
		if ((err = one_commit(&w, &id, &told)) != 0)
			goto out;
		ntold += (size_t)told;
	}
	git_error_clear();
out:
	mutu_member_emails_free(w.members);
	git_revwalk_free(walk);
	return err;
}
