/*
 * How two trees become one (see mergetree.h for what is decided).
 *
 * Each side's changes since the merge base come from a tree diff, which
 * skips every directory whose id did not change: merging a thousand new
 * records into a hundred thousand reads the thousand. The two sorted
 * lists are walked together; what only theirs changed is applied to our
 * tree, what both changed is resolved, and the result is one
 * git_tree_create_updated on our tree, which rewrites only the trees on
 * the touched paths.
 *
 * The last commit that set a conflicting value, and its author, are
 * looked up only for the paths that conflict, by walking that side's
 * commits since the base.
 */
#include "mergetree.h"

#include "checks.h"
#include "clock.h"
#include "error.h"
#include "i18n.h"
#include "id.h"
#include "member.h"
#include "merge.h"
#include "records.h"
#include "store_git.h"
#include "yaml.h"

#include <git2.h>
#include <stdlib.h>
#include <string.h>

/* A record's YAML larger than this is not merged field by field. */
#define RECORD_MAX (1u << 20)

/* What one side did to a path since the base. */
struct change {
	char *path;
	git_oid id;
	uint32_t mode;
	int gone;
};

struct side {
	struct change *v;
	size_t n, alloc;
	git_oid tip;
	git_tree *tree;
	const char **paths;      /* the changed paths, for the checks */
};

/* One entry of the result: a file written, or removed. */
struct update {
	char *path;
	git_oid id;
	uint32_t mode;
	int remove;
};

struct mt {
	mutu_store *st;
	git_repository *repo;
	git_oid base_id;
	git_tree *base;
	struct side sides[2];    /* MUTU_SIDE_OURS, MUTU_SIDE_THEIRS */
	struct update *up;
	size_t nup, upalloc;
	mutu_merged *out;
	unsigned flags;
	mutu_member_emails *members;
	int members_read;
};

/* --- small things --- */

static int same_state(const struct change *a, const struct change *b)
{
	if (a->gone || b->gone)
		return a->gone == b->gone;
	return a->mode == b->mode && git_oid_equal(&a->id, &b->id);
}

static int by_path(const void *a, const void *b)
{
	return strcmp(((const struct change *)a)->path, ((const struct change *)b)->path);
}

/* 8 bytes of the SHA-1 of what names a thing, for a derived id. */
static int derive_id(char out[MUTU_ID_LEN + 1], const mutu_buf *what)
{
	git_oid h;

	if (git_odb_hash(&h, what->ptr, what->len, GIT_OBJECT_BLOB) < 0)
		return mutu_error_git(_("cannot hash"));
	mutu_id_derived(out, h.id);
	return 0;
}

/* A YAML mapping from bytes, or NULL (absent, too large, not a mapping). */
static mutu_record *parse_map(const char *data, size_t len, const char *path, int *bad)
{
	mutu_record *rec = NULL;

	if (!data)
		return NULL;
	if (len > RECORD_MAX || mutu_yaml_parse(&rec, data, len, path) < 0 || rec->type != MUTU_MAP) {
		mutu_error_clear();
		mutu_value_free(rec);
		*bad = 1;
		return NULL;
	}
	return rec;
}

static int emit(mutu_buf *out, const mutu_record_type *t, mutu_record *rec)
{
	/* canonical when the record is valid; as it stands when it is not
	 * (a hostile or newer record is merged, never refused here) */
	if (mutu_records_emit(out, t->name, rec) == 0)
		return 0;
	mutu_error_clear();
	mutu_buf_clear(out);
	return mutu_yaml_emit(out, rec);
}

static int read_blob(char **data, size_t *len, struct mt *m, const git_oid *id)
{
	mutu_oid o;

	memcpy(o.raw, id->id, sizeof(o.raw));
	return mutu_store_read_blob(data, len, m->st, &o, (size_t)1 << 30);
}

static int add_update(struct mt *m, const char *path, const git_oid *id, uint32_t mode, int remove)
{
	struct update *u;

	if (m->nup == m->upalloc) {
		size_t alloc = m->upalloc ? m->upalloc * 2 : 64;

		if (!(u = reallocarray(m->up, alloc, sizeof(*u))))
			return mutu_error_nomem();
		m->up = u;
		m->upalloc = alloc;
	}
	u = &m->up[m->nup];
	if (!(u->path = strdup(path)))
		return mutu_error_nomem();
	if (id)
		u->id = *id;
	u->mode = mode;
	u->remove = remove;
	m->nup++;
	return 0;
}

static int write_blob(struct mt *m, const char *path, const mutu_buf *data)
{
	git_oid id;

	if (git_blob_create_from_buffer(&id, m->repo, data->ptr, data->len) < 0)
		return mutu_error_git(path);
	return add_update(m, path, &id, GIT_FILEMODE_BLOB, 0);
}

static int note(struct mt *m, mutu_merged_kind kind, const mutu_record_type *t, const char *key,
		const char *what, const char *id)
{
	mutu_merged_note *n;

	if (!(n = reallocarray(m->out->notes, m->out->nnotes + 1, sizeof(*n))))
		return mutu_error_nomem();
	m->out->notes = n;
	n += m->out->nnotes++;
	memset(n, 0, sizeof(*n));
	n->kind = kind;
	n->type = t;
	snprintf(n->key, sizeof(n->key), "%s", key);
	snprintf(n->what, sizeof(n->what), "%s", what ? what : "");
	snprintf(n->id, sizeof(n->id), "%s", id);
	return 0;
}

/* Whether path is already in the tree id (an earlier merge wrote it). */
static int in_tree(git_repository *repo, const git_oid *tree_id, const char *path)
{
	git_tree *tree = NULL;
	git_tree_entry *e = NULL;
	int found = 0;

	if (git_tree_lookup(&tree, repo, tree_id) == 0 && git_tree_entry_bypath(&e, tree, path) == 0)
		found = 1;
	git_tree_entry_free(e);
	git_tree_free(tree);
	return found;
}

/* --- each side's changes --- */

static int collect(const git_diff_delta *d, float progress, void *payload)
{
	struct side *s = payload;
	struct change *c;

	(void)progress;
	if (s->n == s->alloc) {
		size_t alloc = s->alloc ? s->alloc * 2 : 64;

		if (!(c = reallocarray(s->v, alloc, sizeof(*c))))
			return mutu_error_nomem();
		s->v = c;
		s->alloc = alloc;
	}
	c = &s->v[s->n];
	c->gone = d->status == GIT_DELTA_DELETED;
	if (!(c->path = strdup(c->gone ? d->old_file.path : d->new_file.path)))
		return mutu_error_nomem();
	c->id = d->new_file.id;
	c->mode = d->new_file.mode;
	s->n++;
	return 0;
}

static int side_changes(struct mt *m, struct side *s)
{
	git_diff_options opts;
	git_diff *diff = NULL;
	size_t i;
	int err;

	git_diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION);
	opts.flags = GIT_DIFF_SKIP_BINARY_CHECK | GIT_DIFF_INCLUDE_TYPECHANGE;
	if (git_diff_tree_to_tree(&diff, m->repo, m->base, s->tree, &opts) < 0)
		return mutu_error_git(_("cannot compare the trees"));
	err = git_diff_foreach(diff, collect, NULL, NULL, NULL, s);
	git_diff_free(diff);
	if (err < 0)
		return err;
	if (s->n > 1)   /* a side with no change has no array: qsort(NULL, 0) is undefined */
		qsort(s->v, s->n, sizeof(*s->v), by_path);
	if (!(s->paths = calloc(s->n ? s->n : 1, sizeof(*s->paths))))
		return mutu_error_nomem();
	for (i = 0; i < s->n; i++)
		s->paths[i] = s->v[i].path;
	return 0;
}

/* --- who set a value --- */

/* The member a commit's author is, by email; else the author's name. */
static void author_label(char *out, size_t size, struct mt *m, const git_signature *a)
{
	const char *handle;

	if (!m->members_read) {
		mutu_oid tree;

		m->members_read = 1;
		memcpy(tree.raw, git_tree_id(m->sides[MUTU_SIDE_OURS].tree)->id, sizeof(tree.raw));
		if (mutu_member_emails_read(&m->members, m->st, &tree) < 0)
			mutu_error_clear();
	}
	if ((handle = mutu_member_emails_find(m->members, a->email)))
		snprintf(out, size, "%s", handle);
	else
		snprintf(out, size, "%s", a->name && *a->name ? a->name : "?");
}

/* What a commit's tree holds at path (zero id: nothing). */
static void entry_at(git_oid *out, const git_commit *c, const char *path)
{
	git_tree *tree = NULL;
	git_tree_entry *e = NULL;

	memset(out, 0, sizeof(*out));
	if (git_commit_tree(&tree, c) == 0 && git_tree_entry_bypath(&e, tree, path) == 0)
		git_oid_cpy(out, git_tree_entry_id(e));
	git_error_clear();
	git_tree_entry_free(e);
	git_tree_free(tree);
}

struct origin {
	git_oid commit;
	git_time_t when;
	char by[256];
	int found;
};

/* The value of field in the record blob id (NULL: absent), malloc'd. */
static mutu_value *field_in(struct mt *m, const git_oid *id, const char *path, const char *field)
{
	mutu_value *v = NULL;
	mutu_record *rec;
	char *data = NULL;
	size_t len;
	int bad = 0;

	if (git_oid_is_zero(id) || read_blob(&data, &len, m, id) < 0) {
		mutu_error_clear();
		return NULL;
	}
	if ((rec = parse_map(data, len, path, &bad)) && mutu_map_get(rec, field))
		v = mutu_value_dup(mutu_map_get(rec, field));
	mutu_value_free(rec);
	free(data);
	return v;
}

/* Whether the commit c set what path (or its field, when not NULL)
 * holds there: it differs from every parent's. */
static int sets_value(struct mt *m, git_commit *c, const char *path, const char *field)
{
	mutu_value *mine = NULL;
	git_oid here, there;
	unsigned i, np = git_commit_parentcount(c);
	int changed = 1;

	entry_at(&here, c, path);
	for (i = 0; i < np && changed; i++) {
		git_commit *p = NULL;
		mutu_value *theirs;

		if (git_commit_parent(&p, c, i) < 0)
			continue;
		entry_at(&there, p, path);
		changed = !git_oid_equal(&here, &there);
		if (changed && field) {
			/* the file changed: did this field? */
			if (!mine)
				mine = field_in(m, &here, path, field);
			theirs = field_in(m, &there, path, field);
			changed = !(mine ? theirs && mutu_value_equal(mine, theirs) : !theirs);
			mutu_value_free(theirs);
		}
		git_commit_free(p);
	}
	mutu_value_free(mine);
	return changed;
}

/* The newest commit of a side, since the base, that set the value of
 * path's field (NULL: of the file as a whole), and who made it. */
static int last_change(struct origin *o, struct mt *m, const struct side *s, const char *path,
		       const char *field)
{
	git_revwalk *walk = NULL;
	git_oid id;
	int err = 0;

	memset(o, 0, sizeof(*o));
	if (git_revwalk_new(&walk, m->repo) < 0 ||
	    git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME) < 0 ||
	    git_revwalk_push(walk, &s->tip) < 0 || git_revwalk_hide(walk, &m->base_id) < 0) {
		err = mutu_error_git(_("cannot walk the history"));
		goto out;
	}
	while (!o->found && git_revwalk_next(&id, walk) == 0) {
		git_commit *c = NULL;

		if (git_commit_lookup(&c, m->repo, &id) < 0)
			continue;
		if (sets_value(m, c, path, field)) {
			o->found = 1;
			o->commit = id;
			o->when = git_commit_time(c);
			author_label(o->by, sizeof(o->by), m, git_commit_author(c));
		}
		git_commit_free(c);
	}
	git_error_clear();
out:
	git_revwalk_free(walk);
	return err;
}

/* --- conflict records --- */

static int set_str(mutu_record *rec, const char *field, const char *value)
{
	return value && *value ? mutu_map_set_str(rec, field, value) : 0;
}

static int set_value(mutu_record *rec, const char *field, const mutu_value *v)
{
	mutu_value *copy;

	if (!v)
		return 0;
	if (!(copy = mutu_value_dup(v)))
		return MUTU_ENOMEM;
	return mutu_map_set(rec, field, copy);
}

/* A new open conflict record about the record key of type t at path. */
static int conflict_new(mutu_record **out, const char *id, const mutu_record_type *t,
			const char *key, const char *path, time_t when)
{
	char stamp[MUTU_TIME_LEN + 1];
	mutu_record *rec;
	int err;

	*out = NULL;
	if (!(rec = mutu_value_map()))
		return MUTU_ENOMEM;
	mutu_clock_format(stamp, when);
	if ((err = mutu_map_set_str(rec, "id", id)) < 0 ||
	    (err = mutu_map_set_str(rec, "type", "conflict")) < 0 ||
	    (err = mutu_map_set_str(rec, "status", "open")) < 0 ||
	    (err = mutu_map_set_str(rec, "record_type", t->name)) < 0 ||
	    (err = mutu_map_set_str(rec, "record", key)) < 0 ||
	    (err = mutu_map_set_str(rec, "path", path)) < 0 ||
	    (err = mutu_map_set_str(rec, "created", stamp)) < 0) {
		mutu_value_free(rec);
		return err;
	}
	*out = rec;
	return 0;
}

/* Write rec at its place, unless a conflict record is there already (an
 * earlier merge of the same change wrote it, perhaps since resolved). */
static int conflict_write(struct mt *m, mutu_record *rec, const char *id, int *written)
{
	mutu_buf text = MUTU_BUF_INIT;
	char path[64];
	size_t i;
	int err;

	*written = 0;
	if ((err = mutu_type_path(path, &mutu_type_conflict, id)) < 0)
		return err;
	if (in_tree(m->repo, &m->sides[0].tip, path) || in_tree(m->repo, &m->sides[1].tip, path))
		return 0;
	for (i = 0; i < m->nup; i++)
		if (!strcmp(m->up[i].path, path))
			return 0;
	if ((err = emit(&text, &mutu_type_conflict, rec)) == 0 &&
	    (err = write_blob(m, path, &text)) == 0)
		*written = 1;
	mutu_buf_free(&text);
	return err;
}

static int hex(char out[GIT_OID_HEXSZ + 1], const git_oid *id)
{
	git_oid_tostr(out, GIT_OID_HEXSZ + 1, id);
	return 0;
}

/* One value a field lost: a conflict record, and a note. */
static int record_conflict(struct mt *m, const mutu_record_type *t, const char *key,
			   const char *path, const mutu_merge_conflict *c,
			   const struct change *sides[2])
{
	const struct change *kept = sides[!c->lost_side], *lost = sides[c->lost_side];
	struct origin ok, ol;
	char id[MUTU_ID_LEN + 1], hk[GIT_OID_HEXSZ + 1], hl[GIT_OID_HEXSZ + 1];
	mutu_buf what = MUTU_BUF_INIT;
	mutu_record *rec = NULL;
	int err, written;

	/* named by what conflicted, never by who merged */
	mutu_buf_printf(&what, "mutu conflict\n%s\n%s\n%s\n%s\n", path, c->field ? c->field : "",
			git_oid_tostr_s(kept->gone ? &(git_oid){ { 0 } } : &kept->id),
			git_oid_tostr_s(lost->gone ? &(git_oid){ { 0 } } : &lost->id));
	if ((err = mutu_buf_check(&what)) < 0 || (err = derive_id(id, &what)) < 0)
		goto out;
	if ((err = last_change(&ok, m, &m->sides[!c->lost_side], path, c->field)) < 0 ||
	    (err = last_change(&ol, m, &m->sides[c->lost_side], path, c->field)) < 0)
		goto out;
	if ((err = conflict_new(&rec, id, t, key, path, ok.when > ol.when ? ok.when : ol.when)) < 0)
		goto out;
	hex(hk, &ok.commit);
	hex(hl, &ol.commit);
	if ((err = set_str(rec, "field", c->field)) < 0 || (err = set_value(rec, "kept", c->kept)) < 0 ||
	    (err = set_value(rec, "lost", c->lost)) < 0 ||
	    (ok.found && (err = set_str(rec, "kept_commit", hk)) < 0) ||
	    (ol.found && (err = set_str(rec, "lost_commit", hl)) < 0) ||
	    (ok.found && (err = set_str(rec, "kept_by", ok.by)) < 0) ||
	    (ol.found && (err = set_str(rec, "lost_by", ol.by)) < 0))
		goto out;
	if ((err = conflict_write(m, rec, id, &written)) == 0 && written)
		err = note(m, MUTU_MERGED_CONFLICT, t, key, c->field, id);
out:
	mutu_value_free(rec);
	mutu_buf_free(&what);
	return err;
}

/* --- one path both sides changed --- */

/* Git's line merge, for a file that is not a record: clean or refused. */
static int merge_lines(struct mt *m, const char *path, const git_tree_entry *base,
		       const struct change *o, const struct change *t)
{
	git_merge_file_input in[3];
	git_merge_file_result res = { 0 };
	char *data[3] = { NULL, NULL, NULL };
	size_t len[3] = { 0, 0, 0 }, i;
	const git_oid *ids[3] = { base ? git_tree_entry_id(base) : NULL, o->gone ? NULL : &o->id,
				  t->gone ? NULL : &t->id };
	git_oid id;
	int err = 0;

	if (o->gone || t->gone)
		return m->flags & MUTU_MERGETREE_SETTLED ? 0 : mutu_error_set(MUTU_EDATA, _("cannot merge %s: one copy removed it and the other changed it; it is not a record, so settle it with git and sync again"),
									 path);
	for (i = 0; i < 3; i++) {
		git_merge_file_input_init(&in[i], GIT_MERGE_FILE_INPUT_VERSION);
		if (ids[i] && (err = read_blob(&data[i], &len[i], m, ids[i])) < 0)
			goto out;
		in[i].ptr = data[i];
		in[i].size = len[i];
		in[i].path = path;
		in[i].mode = i == 0 ? (base ? git_tree_entry_filemode(base) : o->mode) : (i == 1 ? o->mode : t->mode);
	}
	if (git_merge_file(&res, ids[0] ? &in[0] : NULL, &in[1], &in[2], NULL) < 0) {
		err = mutu_error_git(path);
		goto out;
	}
	if (!res.automergeable) {
		if (!(m->flags & MUTU_MERGETREE_SETTLED))
			err = mutu_error_set(MUTU_EDATA, _("cannot merge %s: both copies changed the same lines; it is not a record, so settle it with git and sync again"),
					     path);
		goto out;
	}
	if (git_blob_create_from_buffer(&id, m->repo, res.ptr, res.len) < 0)
		err = mutu_error_git(path);
	else
		err = add_update(m, path, &id, res.mode ? res.mode : o->mode, 0);
out:
	git_merge_file_result_free(&res);
	for (i = 0; i < 3; i++)
		free(data[i]);
	return err;
}

/* The id the losing record of a collision moves to, and its path. */
static int moved_place(char id[MUTU_ID_LEN + 1], char path[64], const mutu_record_type *t,
		       const mutu_record *rec, const char *old_path, const git_oid *blob)
{
	mutu_buf what = MUTU_BUF_INIT;
	const char *parent;
	int err;

	mutu_buf_printf(&what, "mutu moved\n%s\n%s\n", old_path, git_oid_tostr_s(blob));
	if ((err = mutu_buf_check(&what)) == 0)
		err = derive_id(id, &what);
	mutu_buf_free(&what);
	if (err < 0)
		return err;
	if (t->layout != MUTU_LAYOUT_CHILD)
		return mutu_type_path(path, t, id);
	parent = t->parent_field ? mutu_map_str(rec, t->parent_field) : NULL;
	if (!parent)
		return mutu_error_set(MUTU_EDATA, _("%s: no %s field"), old_path, t->parent_field);
	return mutu_type_child_path(path, t, parent, id);
}

static int merge_record(struct mt *m, const mutu_record_type *t, const char *key,
			const char *path, const mutu_record *b, const mutu_record *o,
			const mutu_record *th, const struct change *sides[2], mutu_side winner)
{
	mutu_merge_result r;
	mutu_buf text = MUTU_BUF_INIT;
	size_t i;
	int err;

	if ((err = mutu_merge_record(&r, t, b, o, th, winner)) < 0)
		return err;
	if (r.merged)
		err = emit(&text, t, r.merged) == 0 ? write_blob(m, path, &text) : mutu_error_last_code();
	else
		err = add_update(m, path, NULL, 0, 1);
	for (i = 0; err == 0 && i < r.nconflicts; i++)
		err = record_conflict(m, t, key, path, &r.conflicts[i], sides);
	if (err == 0 && r.collision) {
		/* the loser keeps its contents under an id derived from them */
		const struct change *lost = sides[winner == MUTU_SIDE_OURS];
		mutu_record *moved = mutu_value_dup(winner == MUTU_SIDE_OURS ? th : o);
		char id[MUTU_ID_LEN + 1], to[64];

		mutu_buf_clear(&text);
		if (!moved)
			err = MUTU_ENOMEM;
		else if ((err = moved_place(id, to, t, moved, path, &lost->id)) == 0 &&
			 (err = mutu_map_set_str(moved, t->key_field, id)) == 0 &&
			 (err = emit(&text, t, moved)) == 0 && (err = write_blob(m, to, &text)) == 0)
			err = note(m, MUTU_MERGED_MOVED, t, key, NULL, id);
		mutu_value_free(moved);
	}
	mutu_buf_free(&text);
	mutu_merge_result_free(&r);
	return err;
}

static int resolve(struct mt *m, const struct change *o, const struct change *th)
{
	const struct change *sides[2] = { o, th };
	git_tree_entry *base = NULL;
	mutu_record *rb = NULL, *ro = NULL, *rt = NULL;
	char *data[3] = { NULL, NULL, NULL };
	size_t len[3] = { 0, 0, 0 }, i;
	const mutu_record_type *t;
	char key[64];
	int err = 0, bad = 0;
	mutu_side winner;

	if (git_tree_entry_bypath(&base, m->base, o->path) < 0)
		git_error_clear();
	if (base && git_tree_entry_type(base) != GIT_OBJECT_BLOB) {
		git_tree_entry_free(base);
		base = NULL;
	}
	if (!(t = mutu_type_at(o->path, key)) ||
	    (!o->gone && o->mode != GIT_FILEMODE_BLOB) || (!th->gone && th->mode != GIT_FILEMODE_BLOB)) {
		err = merge_lines(m, o->path, base, o, th);
		goto out;
	}
	if ((base && (err = read_blob(&data[0], &len[0], m, git_tree_entry_id(base))) < 0) ||
	    (!o->gone && (err = read_blob(&data[1], &len[1], m, &o->id)) < 0) ||
	    (!th->gone && (err = read_blob(&data[2], &len[2], m, &th->id)) < 0))
		goto out;
	rb = parse_map(data[0], len[0], o->path, &bad);
	ro = parse_map(data[1], len[1], o->path, &bad);
	rt = parse_map(data[2], len[2], o->path, &bad);
	if (bad) {
		/* not a record after all (hostile, damaged): git's way */
		err = merge_lines(m, o->path, base, o, th);
		goto out;
	}
	/* the fixed, symmetric rule: the greater blob id wins */
	winner = o->gone || th->gone || git_oid_cmp(&o->id, &th->id) > 0 ? MUTU_SIDE_OURS
									   : MUTU_SIDE_THEIRS;
	err = merge_record(m, t, key, o->path, rb, ro, rt, sides, winner);
out:
	for (i = 0; i < 3; i++)
		free(data[i]);
	mutu_value_free(rb);
	mutu_value_free(ro);
	mutu_value_free(rt);
	git_tree_entry_free(base);
	return err;
}

/* --- the whole tree --- */

static int apply_updates(git_oid *out, struct mt *m, const git_oid *onto, size_t from)
{
	git_tree_update *u;
	git_tree *tree = NULL;
	size_t i, n = m->nup - from;
	int err = 0;

	if (n == 0) {
		*out = *onto;
		return 0;
	}
	if (!(u = calloc(n, sizeof(*u))))
		return mutu_error_nomem();
	for (i = 0; i < n; i++) {
		const struct update *x = &m->up[from + i];

		u[i].action = x->remove ? GIT_TREE_UPDATE_REMOVE : GIT_TREE_UPDATE_UPSERT;
		u[i].id = x->id;
		u[i].filemode = x->remove ? GIT_FILEMODE_BLOB : (git_filemode_t)x->mode;
		u[i].path = x->path;
	}
	if (git_tree_lookup(&tree, m->repo, onto) < 0 ||
	    git_tree_create_updated(out, m->repo, tree, n, u) < 0)
		err = mutu_error_set(MUTU_EDATA, _("cannot build the merged tree (a file where the other copy has a directory?): %s"),
				     git_error_last() ? git_error_last()->message : "?");
	git_tree_free(tree);
	free(u);
	return err;
}

struct found_ctx {
	struct mt *m;
};

static int on_finding(const mutu_finding *f, void *payload)
{
	struct mt *m = ((struct found_ctx *)payload)->m;
	char id[MUTU_ID_LEN + 1];
	mutu_buf what = MUTU_BUF_INIT;
	mutu_record *rec = NULL;
	time_t when;
	int err, written;

	mutu_buf_printf(&what, "mutu check\n%s\n%s\n%s\n", f->check, f->path, f->detail);
	if ((err = mutu_buf_check(&what)) < 0 || (err = derive_id(id, &what)) < 0)
		goto out;
	when = f->when;
	if ((err = conflict_new(&rec, id, f->type, f->key, f->path, when)) < 0 ||
	    (err = mutu_map_set_str(rec, "check", f->check)) < 0 ||
	    (err = set_str(rec, "detail", f->detail)) < 0)
		goto out;
	if ((err = conflict_write(m, rec, id, &written)) == 0 && written)
		err = note(m, MUTU_MERGED_FOUND, f->type, f->key, f->check, id);
out:
	mutu_value_free(rec);
	mutu_buf_free(&what);
	return err;
}

static int commit_tree(git_tree **tree, git_oid *tip, git_repository *repo, const mutu_oid *id)
{
	git_commit *c = NULL;
	int err = 0;

	memcpy(tip->id, id->raw, sizeof(id->raw));
	if (git_commit_lookup(&c, repo, tip) < 0 || git_commit_tree(tree, c) < 0)
		err = mutu_error_git(_("cannot read a commit to merge"));
	git_commit_free(c);
	return err;
}

static void mt_free(struct mt *m)
{
	size_t s, i;

	for (s = 0; s < 2; s++) {
		for (i = 0; i < m->sides[s].n; i++)
			free(m->sides[s].v[i].path);
		free(m->sides[s].v);
		free(m->sides[s].paths);
		git_tree_free(m->sides[s].tree);
	}
	for (i = 0; i < m->nup; i++)
		free(m->up[i].path);
	free(m->up);
	mutu_member_emails_free(m->members);
	git_tree_free(m->base);
}

int mutu_mergetree(mutu_merged *out, mutu_store *st, const mutu_oid *ours,
		   const mutu_oid *theirs, unsigned flags)
{
	struct mt m;
	struct side *o = &m.sides[MUTU_SIDE_OURS], *t = &m.sides[MUTU_SIDE_THEIRS];
	struct found_ctx fc = { &m };
	mutu_check_ctx cc;
	git_oid merged, final, otree;
	mutu_oid base_tree, merged_tree, side_trees[2];
	git_commit *bc = NULL;
	size_t i, j, checked_from;
	int err;

	memset(out, 0, sizeof(*out));
	memset(&m, 0, sizeof(m));
	m.st = st;
	m.repo = mutu_store_repository(st);
	m.out = out;
	m.flags = flags;
	if ((err = commit_tree(&o->tree, &o->tip, m.repo, ours)) < 0 ||
	    (err = commit_tree(&t->tree, &t->tip, m.repo, theirs)) < 0)
		goto out;
	err = git_merge_base(&m.base_id, m.repo, &o->tip, &t->tip);
	if (err == GIT_ENOTFOUND) {
		err = mutu_error_set(MUTU_EDATA, _("the two histories share no commit: one of them was rewritten"));
		goto out;
	}
	if (err < 0 || git_commit_lookup(&bc, m.repo, &m.base_id) < 0 ||
	    git_commit_tree(&m.base, bc) < 0) {
		err = mutu_error_git(_("cannot find where the histories part"));
		goto out;
	}
	if ((err = side_changes(&m, o)) < 0 || (err = side_changes(&m, t)) < 0)
		goto out;
	/* both sorted: walk them together */
	for (i = 0, j = 0; err == 0 && j < t->n;) {
		int cmp = i < o->n ? strcmp(o->v[i].path, t->v[j].path) : 1;

		if (cmp < 0) {
			i++;   /* ours alone: our tree has it already */
		} else if (cmp > 0) {
			const struct change *c = &t->v[j++];

			err = add_update(&m, c->path, &c->id, c->mode, c->gone);
		} else {
			if (!same_state(&o->v[i], &t->v[j]))
				err = resolve(&m, &o->v[i], &t->v[j]);
			i++, j++;
		}
	}
	if (err < 0)
		goto out;
	git_oid_cpy(&otree, git_tree_id(o->tree));
	if ((err = apply_updates(&merged, &m, &otree, 0)) < 0)
		goto out;
	/* then the rules that span records, on what the merge made */
	memcpy(base_tree.raw, git_tree_id(m.base)->id, sizeof(base_tree.raw));
	memcpy(merged_tree.raw, merged.id, sizeof(merged_tree.raw));
	memcpy(side_trees[0].raw, git_tree_id(o->tree)->id, sizeof(side_trees[0].raw));
	memcpy(side_trees[1].raw, git_tree_id(t->tree)->id, sizeof(side_trees[1].raw));
	cc = (mutu_check_ctx){ st, &base_tree, &merged_tree,
			       { { o->paths, o->n, &side_trees[0] }, { t->paths, t->n, &side_trees[1] } } };
	checked_from = m.nup;
	if ((err = mutu_checks_run(&cc, on_finding, &fc)) < 0 ||
	    (err = apply_updates(&final, &m, &merged, checked_from)) < 0)
		goto out;
	memcpy(out->tree.raw, final.id, sizeof(out->tree.raw));
out:
	git_commit_free(bc);
	mt_free(&m);
	if (err < 0)
		mutu_merged_free(out);
	return err;
}

void mutu_merged_free(mutu_merged *m)
{
	free(m->notes);
	memset(m, 0, sizeof(*m));
}

/* --- one file, for git's merge driver --- */

int mutu_mergetree_file(mutu_buf *out, int *clean, const char *path, const char *base,
			size_t base_len, const char *ours, size_t ours_len, const char *theirs,
			size_t theirs_len)
{
	const mutu_record_type *t = NULL;
	mutu_record *rb = NULL, *ro = NULL, *rt = NULL;
	mutu_merge_result r;
	git_oid io, it;
	char key[64];
	int err = 0, bad = 0;

	*clean = 0;
	mutu_buf_clear(out);
	t = mutu_type_at(path, key);
	if (t) {
		rb = parse_map(base, base_len, path, &bad);
		ro = parse_map(ours, ours_len, path, &bad);
		rt = parse_map(theirs, theirs_len, path, &bad);
	}
	if (t && !bad) {
		mutu_side winner = MUTU_SIDE_OURS;

		if (ours && theirs &&
		    (git_odb_hash(&io, ours, ours_len, GIT_OBJECT_BLOB) < 0 ||
		     git_odb_hash(&it, theirs, theirs_len, GIT_OBJECT_BLOB) < 0)) {
			err = mutu_error_git(path);
			goto out;
		}
		if (ours && theirs && git_oid_cmp(&io, &it) < 0)
			winner = MUTU_SIDE_THEIRS;
		if ((err = mutu_merge_record(&r, t, rb, ro, rt, winner)) < 0)
			goto out;
		if (r.merged)
			err = emit(out, t, r.merged);
		mutu_merge_result_free(&r);
		*clean = 1;
	} else {
		git_merge_file_input in[3];
		git_merge_file_result res = { 0 };

		git_merge_file_input_init(&in[0], GIT_MERGE_FILE_INPUT_VERSION);
		git_merge_file_input_init(&in[1], GIT_MERGE_FILE_INPUT_VERSION);
		git_merge_file_input_init(&in[2], GIT_MERGE_FILE_INPUT_VERSION);
		in[0].ptr = base, in[0].size = base_len, in[0].path = path;
		in[1].ptr = ours, in[1].size = ours_len, in[1].path = path;
		in[2].ptr = theirs, in[2].size = theirs_len, in[2].path = path;
		if (git_merge_file(&res, &in[0], &in[1], &in[2], NULL) < 0) {
			err = mutu_error_git(path);
			goto out;
		}
		err = mutu_buf_put(out, res.ptr, res.len);
		*clean = res.automergeable;
		git_merge_file_result_free(&res);
	}
out:
	mutu_value_free(rb);
	mutu_value_free(ro);
	mutu_value_free(rt);
	return err;
}
