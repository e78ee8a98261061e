/*
 * audit — history replayed commit by commit. See audit.h.
 *
 * Commits are taken parents first (a topological walk, reversed). For
 * each, the tree of its first parent is the law: its members/ says who
 * the author is and which keys are theirs, its rules.yaml what is
 * required, its records who owns what. What a commit changed comes from
 * a tree diff against that parent, and each changed path is judged by
 * the record type that lives there (types.h): its owner field, its
 * statuses and their transitions, its schema.
 *
 * A merge commit is judged by replaying it: mutu's record merge of its
 * two parents (mergetree.h) must give its tree. A merge made by plain
 * `git pull` through the merge driver lacks only what the whole-tree
 * merge adds (conflict records, a record moved off a shared id); the
 * commit `mutu merge-driver --finish` makes next must add exactly those,
 * so the replay of each merge is kept for its child.
 *
 * Members, keys and rules are read again only when the id of members/
 * or of rules.yaml changed, so a long history costs one tree diff and
 * the records it touched per commit.
 */
#include "audit.h"

#include "buf.h"
#include "clock.h"
#include "error.h"
#include "history.h"
#include "i18n.h"
#include "member.h"
#include "mergetree.h"
#include "proposal.h"
#include "run.h"
#include "records.h"
#include "rules.h"
#include "schema.h"
#include "sshsig.h"
#include "store_git.h"
#include "trailers.h"
#include "treediff.h"
#include "types.h"
#include "utf8.h"
#include "yaml.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

/* Bumped whenever a rule changes: what an older audit verified is then
 * verified again. */
#define AUDIT_FORMAT "mutu-audit 2"

/* --- who is who, at a tree --- */

struct person {
	char *handle, *email;
	int active;
	char **keys;
	size_t nkeys;
};

/* The members/ of some tree, by that directory's id. */
struct roster {
	mutu_oid dir;
	int have;
	struct person *p;
	size_t n;
};

#define ROSTERS 4

/* The rules of some tree, by the id of its rules.yaml (zero: none). */
struct rules_at {
	mutu_oid blob;
	int have;
	mutu_rules r;
};

/* A merge replayed, for the commit that finishes it. */
struct replay {
	git_oid commit, tree;
};

#define REPLAYS 8

struct audit {
	mutu_store *st;
	git_repository *repo;
	const mutu_audit_opts *opts;
	mutu_violation_fn fn;
	void *payload;
	mutu_audit_stats *stats;
	struct roster rosters[ROSTERS];
	unsigned next_roster;
	struct rules_at rules[2];
	unsigned next_rules;
	struct replay replays[REPLAYS];
	unsigned next_replay;
	/* the commit being judged */
	git_commit *c;
	char hex[41];
	const char *member;
	time_t when;
	int faulty;
	/* the commits found at fault, for the remembered audit */
	git_oid *bad;
	size_t nbad, abad;
};

static void roster_clear(struct roster *r)
{
	size_t i, k;

	for (i = 0; i < r->n; i++) {
		free(r->p[i].handle);
		free(r->p[i].email);
		for (k = 0; k < r->p[i].nkeys; k++)
			free(r->p[i].keys[k]);
		free(r->p[i].keys);
	}
	free(r->p);
	memset(r, 0, sizeof(*r));
}

static int add_person(const char *handle, const mutu_record *rec, void *payload)
{
	struct roster *r = payload;
	const mutu_value *keys = mutu_map_get(rec, "keys");
	const char *email = mutu_map_str(rec, "email");
	struct person *p;
	size_t i;

	if (!(p = reallocarray(r->p, r->n + 1, sizeof(*p))))
		return mutu_error_nomem();
	r->p = p;
	p = &r->p[r->n++];
	memset(p, 0, sizeof(*p));
	p->active = mutu_member_is_active(rec);
	if (!(p->handle = strdup(handle)) || !(p->email = strdup(email ? email : "")))
		return mutu_error_nomem();
	if (!keys || keys->type != MUTU_SEQ || !keys->u.seq.len)
		return 0;
	if (!(p->keys = calloc(keys->u.seq.len, sizeof(*p->keys))))
		return mutu_error_nomem();
	for (i = 0; i < keys->u.seq.len; i++)
		if (keys->u.seq.items[i]->type == MUTU_STR &&
		    !(p->keys[p->nkeys++] = strdup(keys->u.seq.items[i]->u.str)))
			return mutu_error_nomem();
	return 0;
}

/* The members of tree (NULL: an empty tree). */
static int roster_at(const struct roster **out, struct audit *a, const mutu_oid *tree)
{
	mutu_oid dir = { { 0 } };
	struct roster *r;
	unsigned i;
	int err;

	if (tree) {
		err = mutu_store_subdir(&dir, a->st, tree, "members");
		if (err < 0)
			mutu_error_clear();   /* a file named members: nobody is a member */
		if (err <= 0)
			memset(&dir, 0, sizeof(dir));
	}
	for (i = 0; i < ROSTERS; i++)
		if (a->rosters[i].have && mutu_oid_equal(&a->rosters[i].dir, &dir)) {
			*out = &a->rosters[i];
			return 0;
		}
	r = &a->rosters[a->next_roster++ % ROSTERS];
	roster_clear(r);
	if (!mutu_oid_is_zero(&dir) && (err = mutu_members_each(a->st, tree, add_person, r)) < 0) {
		roster_clear(r);
		return err;
	}
	r->dir = dir;
	r->have = 1;
	*out = r;
	return 0;
}

static const struct person *by_email(const struct roster *r, const char *email)
{
	size_t i;

	for (i = 0; email && i < r->n; i++)
		if (!strcmp(r->p[i].email, email))
			return &r->p[i];
	return NULL;
}

/* The rules in force at tree (NULL: an empty tree, the defaults). A
 * rules.yaml that cannot be read counts as the defaults here: the commit
 * that made it so was found at fault when it was judged. */
static int rules_at(const mutu_rules **out, struct audit *a, const mutu_oid *tree)
{
	mutu_oid blob = { { 0 } };
	mutu_record *rec = NULL, *dflt = NULL;
	struct rules_at *r;
	char *data = NULL;
	size_t len;
	unsigned i;
	int err;

	if (tree && mutu_store_lookup_in(&blob, a->st, tree, "rules.yaml", 0) < 0) {
		mutu_error_clear();
		memset(&blob, 0, sizeof(blob));
	}
	for (i = 0; i < 2; i++)
		if (a->rules[i].have && mutu_oid_equal(&a->rules[i].blob, &blob)) {
			*out = &a->rules[i].r;
			return 0;
		}
	r = &a->rules[a->next_rules++ % 2];
	memset(r, 0, sizeof(*r));
	if ((err = mutu_rules_default_record(&dflt)) < 0 ||
	    (err = mutu_rules_from_record(&r->r, dflt, "rules.yaml")) < 0)
		goto out;
	if (!mutu_oid_is_zero(&blob) &&
	    (mutu_store_read_blob(&data, &len, a->st, &blob, MUTU_YAML_MAX_DOCUMENT) < 0 ||
	     mutu_records_parse(&rec, "rules", data, len, "rules.yaml", 1) < 0 ||
	     mutu_rules_from_record(&r->r, rec, "rules.yaml") < 0)) {
		mutu_error_clear();
		err = mutu_rules_from_record(&r->r, dflt, "rules.yaml");
	}
out:
	free(data);
	mutu_value_free(rec);
	mutu_value_free(dflt);
	if (err < 0)
		return err;
	r->blob = blob;
	r->have = 1;
	*out = &r->r;
	return 0;
}

/* --- saying what is wrong --- */

static int report(struct audit *a, const char *rule, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int report(struct audit *a, const char *rule, const char *path, const char *fmt, ...)
{
	char detail[1024];
	mutu_violation v;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	memcpy(v.commit, a->hex, sizeof(v.commit));
	v.member = a->member;
	v.rule = rule;
	v.path = path ? path : "";
	v.detail = detail;
	v.when = a->when;
	a->faulty = 1;
	a->stats->violations++;
	return a->fn ? a->fn(&v, a->payload) : 0;
}

/* --- records of any tree --- */

/* The record at blob id, or NULL with the reason in the last error. */
static mutu_record *read_record(struct audit *a, const git_oid *id, const char *path)
{
	mutu_record *rec = NULL;
	mutu_oid oid;
	char *data = NULL;
	size_t len;

	memcpy(oid.raw, id->id, sizeof(oid.raw));
	if (mutu_store_read_blob(&data, &len, a->st, &oid, MUTU_YAML_MAX_DOCUMENT) == 0 &&
	    mutu_yaml_parse(&rec, data, len, path) == 0 && rec->type != MUTU_MAP) {
		mutu_value_free(rec);
		rec = NULL;
		mutu_error_set(MUTU_EDATA, _("%s is not a mapping"), path);
	}
	free(data);
	return rec;
}

/* The record at path in tree, or NULL (absent, unreadable). */
static mutu_record *record_at(struct audit *a, const mutu_oid *tree, const char *path)
{
	mutu_oid blob;
	git_oid id;

	if (mutu_store_lookup_in(&blob, a->st, tree, path, 0) < 0) {
		mutu_error_clear();
		return NULL;
	}
	memcpy(id.id, blob.raw, sizeof(blob.raw));
	return read_record(a, &id, path);
}

/* --- signatures --- */

static int holds_key(const struct person *who, const char *key)
{
	size_t i;

	for (i = 0; who && i < who->nkeys; i++)
		if (mutu_key_same(who->keys[i], key))
			return 1;
	return 0;
}

/* Write len bytes of data to a new file from template (mkstemp). */
static int temp_file(char *template, const char *data, size_t len)
{
	int fd = mkstemp(template), ok;

	if (fd < 0)
		return mutu_error_set(MUTU_EIO, "%s: %s", template, strerror(errno));
	ok = !len || write(fd, data, len) == (ssize_t)len;
	if (close(fd) < 0)   /* closed whether or not the write went through */
		ok = 0;
	if (!ok) {
		unlink(template);
		return mutu_error_set(MUTU_EIO, "%s: %s", template, strerror(errno));
	}
	return 0;
}

/* A key type sshsig.h does not check (a security key, sk-*): ssh-keygen
 * checks the signature against the author's keys at the parent, as git
 * itself would, so that such a key signs as well as any other. */
static int keygen_verify(struct audit *a, const struct person *who, const git_buf *sig,
			 const git_buf *data)
{
	char dir[4200], signers[4200], sigfile[4200];
	mutu_buf list = MUTU_BUF_INIT, out = MUTU_BUF_INIT;
	size_t i;
	int err;

	for (i = 0; i < who->nkeys; i++)
		if (!strpbrk(who->keys[i], "\r\n"))
			mutu_buf_printf(&list, "%s namespaces=\"git\" %s\n", who->email, who->keys[i]);
	snprintf(signers, sizeof(signers), "%smutu/audit-signers.XXXXXX", mutu_store_git_dir(a->st));
	snprintf(sigfile, sizeof(sigfile), "%smutu/audit-signature.XXXXXX", mutu_store_git_dir(a->st));
	snprintf(dir, sizeof(dir), "%smutu", mutu_store_git_dir(a->st));
	mkdir(dir, 0777);   /* an error is the temporary file's to say */
	if ((err = temp_file(signers, list.ptr ? list.ptr : "", list.len)) == 0) {
		if ((err = temp_file(sigfile, sig->ptr, sig->size)) == 0) {
			const char *argv[] = { "ssh-keygen", "-Y", "verify", "-f", signers, "-I", who->email,
					       "-n", "git", "-s", sigfile, NULL };

			err = mutu_run(argv, data->ptr, data->size, &out, 1u << 16,
				       _("ssh-keygen does not accept the signature"));
			unlink(sigfile);
		}
		unlink(signers);
	}
	mutu_buf_free(&list);
	mutu_buf_free(&out);
	return err;
}

/* Whether the author's record in the commit's own tree holds key: a
 * member who had no key signs the commit that registers their first one
 * with it (trust on first use; with keys already, a new one must be
 * brought by a commit an old one signs). */
static int first_key(struct audit *a, const struct person *who, const mutu_oid *tree,
		     const char *key)
{
	const mutu_value *keys;
	mutu_record *rec;
	char path[64];
	size_t i;
	int found = 0;

	if (mutu_type_path(path, &mutu_type_member, who->handle) < 0 ||
	    !(rec = record_at(a, tree, path))) {
		mutu_error_clear();
		return 0;
	}
	keys = mutu_map_get(rec, "keys");
	for (i = 0; keys && keys->type == MUTU_SEQ && i < keys->u.seq.len && !found; i++)
		found = keys->u.seq.items[i]->type == MUTU_STR &&
			mutu_key_same(keys->u.seq.items[i]->u.str, key);
	mutu_value_free(rec);
	return found;
}

static int unsigned_commit(struct audit *a, const mutu_rules *rules)
{
	return rules->require_signatures
	       ? report(a, "unsigned", NULL, "%s", _("the rules require signatures, and this commit is not signed"))
	       : 0;
}

/* The signature of the commit (tree: its own) against the keys its
 * author had at the parent (who: NULL when the author is no member,
 * already reported). A member with no key yet may sign the commit that
 * registers their first key with it; a founding commit signed before any
 * key was registered counts as unsigned. */
static int check_signature(struct audit *a, const struct person *who, const mutu_rules *rules,
			   const mutu_oid *tree)
{
	git_buf sig = { 0 }, data = { 0 };
	char *signer = NULL, fp[64];
	int err;

	err = git_commit_extract_signature(&sig, &data, a->repo, (git_oid *)git_commit_id(a->c), NULL);
	if (err == GIT_ENOTFOUND) {
		git_error_clear();
		return unsigned_commit(a, rules);
	}
	if (err < 0)
		return mutu_error_git(_("cannot read a commit's signature"));
	err = mutu_sshsig_verify(&signer, sig.ptr, sig.size, "git", data.ptr, data.size);
	if (err == MUTU_ENOMATCH && who && who->nkeys)
		err = keygen_verify(a, who, &sig, &data) == 0 ? 1 : MUTU_EDATA;
	if (err == MUTU_EDATA || err == MUTU_ENOMATCH) {
		char why[512];

		snprintf(why, sizeof(why), "%s", mutu_error_last());
		mutu_error_clear();
		err = report(a, "bad-signature", NULL, _("the signature does not hold: %s"), why);
	} else if (err == 0 && who && !holds_key(who, signer) &&
		   !(!who->nkeys && first_key(a, who, tree, signer))) {
		/* a founder whose git signs, before any key is registered: no
		 * key of theirs existed for anyone to revoke */
		if (!who->nkeys && git_commit_parentcount(a->c) == 0) {
			err = unsigned_commit(a, rules);
			goto out;
		}
		if (mutu_key_fingerprint(fp, signer) < 0) {
			mutu_error_clear();
			snprintf(fp, sizeof(fp), "?");
		}
		err = report(a, "foreign-key", NULL,
			     _("signed with %s, which is not a key of %s at the parent commit"), fp,
			     who->handle);
	}
out:
	free(signer);
	if (err == 1)
		err = 0;   /* ssh-keygen found it the author's */
	git_buf_dispose(&sig);
	git_buf_dispose(&data);
	return err;
}

/* --- what a commit changed --- */

struct change {
	char *path;
	git_oid before_id, after_id;
	const git_oid *before, *after;   /* NULL: absent on that side; else the ids above */
	int bad_mode;               /* not a plain file */
	const mutu_record_type *t;  /* NULL: no record's place */
	char key[64], parent[64];
	mutu_record *old, *now;     /* parsed, when they could be */
	int settled;                /* added as the replay of the merge below says */
};

/* The directory a child record lives under: the second part of its path. */
static void parent_of(char out[64], const char *path)
{
	const char *s = strchr(path, '/'), *e = s ? strchr(s + 1, '/') : NULL;

	*out = '\0';
	if (s && e && (size_t)(e - s - 1) < 64) {
		memcpy(out, s + 1, (size_t)(e - s - 1));
		out[e - s - 1] = '\0';
	}
}

static const char *str_or(const mutu_record *rec, const char *field, const char *dflt)
{
	const char *s = rec && field ? mutu_map_str(rec, field) : NULL;

	return s ? s : dflt;
}

/* Whether path is in (or is) the directory of some record type, where
 * only records may live. */
static int in_record_dir(const char *path)
{
	const mutu_record_type *const *lists[2] = { mutu_types, mutu_child_types };
	size_t l, i, len = strcspn(path, "/");

	for (l = 0; l < 2; l++)
		for (i = 0; lists[l][i]; i++)
			if (strlen(lists[l][i]->dir) == len && !strncmp(lists[l][i]->dir, path, len) &&
			    (path[len] == '/' || path[len] == '\0'))
				return 1;
	return 0;
}

/* Whether the new version of a record is where it says it is and keeps
 * its schema: the schema rule. */
static int check_shape(struct audit *a, struct change *x)
{
	const mutu_schema *s;
	const char *key;
	int err;

	if (!x->t && !in_record_dir(x->path))
		return 0;   /* a file of the group's own (NOTES.md): no record, no schema */
	if (x->bad_mode)
		return report(a, "schema", x->path, _("%s is not a plain file"), x->path);
	if (!x->t)
		return report(a, "schema", x->path, _("%s is no record's place"), x->path);
	if (!x->now) {
		char why_buf[512];

		snprintf(why_buf, sizeof(why_buf), "%s", mutu_error_last());
		mutu_error_clear();
		return report(a, "schema", x->path, "%s", why_buf);
	}
	key = mutu_map_str(x->now, x->t->key_field);
	if (!key || strcmp(key, x->key) != 0)
		return report(a, "schema", x->path, _("%s: its %s is not %s, as its place says"), x->path,
			      x->t->key_field, x->key);
	if (x->t->layout == MUTU_LAYOUT_CHILD &&
	    strcmp(str_or(x->now, x->t->parent_field, ""), x->parent) != 0)
		return report(a, "schema", x->path, _("%s: its %s is not %s, as its place says"), x->path,
			      x->t->parent_field, x->parent);
	if (x->t->has_type_field && strcmp(str_or(x->now, "type", ""), x->t->name) != 0)
		return report(a, "schema", x->path, _("%s: its type is not %s, as its place says"), x->path,
			      x->t->name);
	if ((err = mutu_schema_get(&s, x->t->name)) < 0)
		return err;
	if (mutu_schema_validate(s, x->now, x->path) < 0) {
		char why_buf[512];

		snprintf(why_buf, sizeof(why_buf), "%s", mutu_error_last());
		mutu_error_clear();
		return report(a, "schema", x->path, "%s", why_buf);
	}
	return 0;
}

/* Whether two records are equal once the fields named are set aside. */
static int same_but(const mutu_record *x, const mutu_record *y, const char *const *but)
{
	mutu_value *cx = mutu_value_dup(x), *cy = mutu_value_dup(y);
	size_t i;
	int same;

	if (!cx || !cy) {
		mutu_value_free(cx);
		mutu_value_free(cy);
		return 0;
	}
	for (i = 0; but[i]; i++) {
		mutu_map_remove(cx, but[i]);
		mutu_map_remove(cy, but[i]);
	}
	same = mutu_value_equal(cx, cy);
	mutu_value_free(cx);
	mutu_value_free(cy);
	return same;
}

/* --- proposals applied --- */

/* The proposal this commit applies, if one: the change that sets its
 * "applied". ok says whether its ballots, counted again, accept it. */
struct applying {
	const struct change *x;
	const char *kind, *id;
	int ok;
};

static int find_applying(struct applying *ap, struct audit *a, struct change *xs, size_t n)
{
	size_t i;
	int err;

	memset(ap, 0, sizeof(*ap));
	for (i = 0; i < n; i++) {
		struct change *x = &xs[i];

		if (x->t != &mutu_type_proposal || !x->old || !x->now ||
		    mutu_map_get(x->old, "applied") || !mutu_map_get(x->now, "applied"))
			continue;
		ap->x = x;
		ap->kind = str_or(x->now, "kind", "general");
		ap->id = x->key;
		if (strcmp(str_or(x->old, "status", ""), "accepted") != 0 ||
		    strcmp(str_or(x->now, "status", ""), "accepted") != 0)
			return 0;
		err = mutu_proposal_check_tally(a->st, x->now);
		if (err == MUTU_ENOMEM)
			return err;
		mutu_error_clear();
		ap->ok = err == 0;
		return 0;
	}
	return 0;
}

/* rules.yaml or mutu.yaml: only as the proposal applied here says. */
static int check_governed_file(struct audit *a, struct change *x, const struct applying *ap)
{
	const char *type = !strcmp(x->path, "mutu.yaml") ? "commons" : "rules";
	const char *content, *base;
	mutu_record *want = NULL;
	char hex[41] = "";
	int fits = 0;

	if (x->now) {
		const mutu_schema *s;

		if (mutu_schema_get(&s, type) == 0 && mutu_schema_validate(s, x->now, x->path) < 0) {
			char why[512];
			int err;

			snprintf(why, sizeof(why), "%s", mutu_error_last());
			mutu_error_clear();
			if ((err = report(a, "schema", x->path, "%s", why)) != 0)
				return err;
		}
		mutu_error_clear();
	}
	if (ap->x && ap->ok && !strcmp(ap->kind, "rules") && x->now &&
	    !strcmp(str_or(ap->x->now, "target", ""), x->path) &&
	    (content = mutu_map_str(ap->x->now, "content")) &&
	    mutu_yaml_parse(&want, content, strlen(content), x->path) == 0) {
		base = str_or(ap->x->now, "base", "");
		if (x->before)
			git_oid_tostr(hex, sizeof(hex), x->before);
		fits = !strcmp(base, hex) && mutu_value_equal(want, x->now);
	}
	mutu_error_clear();
	mutu_value_free(want);
	if (fits)
		return 0;
	return report(a, "rules-outside-proposal", x->path,
		      _("%s changed with no accepted proposal applied in this commit that says so"), x->path);
}

/* --- records --- */

static int not_owner(struct audit *a, const struct change *x, const char *owner)
{
	return report(a, "not-owner", x->path, _("%s changed %s %s, which is %s's"), a->member,
		      x->t->name, x->key, owner ? owner : "?");
}

/* A status change: one the type's transitions allow (any verb). */
static int transition_allowed(const mutu_record_type *t, const char *from, const char *to)
{
	const mutu_transition *tr;

	for (tr = t->transitions; tr && tr->verb; tr++)
		if (!strcmp(tr->from, from) && !strcmp(tr->to, to))
			return 1;
	return 0;
}

static int illegal(struct audit *a, const struct change *x, const char *from, const char *to)
{
	return report(a, "illegal-transition", x->path, _("%s %s went from %s to %s, which a %s cannot"),
		      x->t->name, x->key, from, to, x->t->name);
}

/* Whether roles went from r0 to r1 exactly as the role proposal applied
 * says: its grant added, or its revoke taken away, nothing else. */
static int roles_as_granted(const struct applying *ap, const mutu_value *r0, const mutu_value *r1)
{
	const char *grant = mutu_map_str(ap->x->now, "grant"), *revoke = mutu_map_str(ap->x->now, "revoke");
	mutu_value *want = r0 && r0->type == MUTU_SEQ ? mutu_value_dup(r0) : mutu_value_seq();
	long at;
	int same;

	if (!want)
		return 0;
	at = mutu_seq_find_str(want, grant ? grant : revoke ? revoke : "");
	if (grant && at < 0)
		mutu_seq_push(want, mutu_value_str(grant));
	else if (revoke && at >= 0)
		mutu_seq_remove(want, (size_t)at);
	same = want->u.seq.len ? mutu_value_equal(want, r1) : !r1;
	mutu_value_free(want);
	return same;
}

/* A member's record: their own to change, but roles only by a role
 * proposal, and a newcomer only as rules.yaml's membership says. */
static int check_member(struct audit *a, const struct change *x, const char *me,
			const mutu_rules *rules, const struct applying *ap, int founding)
{
	static const char *const roles[] = { "roles", NULL };
	const mutu_value *r0 = x->old ? mutu_map_get(x->old, "roles") : NULL;
	const mutu_value *r1 = x->now ? mutu_map_get(x->now, "roles") : NULL;
	int by_role = ap->x && ap->ok && !strcmp(ap->kind, "role") &&
		      !strcmp(str_or(ap->x->now, "member", ""), x->key) && roles_as_granted(ap, r0, r1);
	int err;

	if (founding)
		return 0;
	if (!x->now)
		return report(a, "illegal-transition", x->path,
			      _("member %s was removed: members leave, their record stays"), x->key);
	if (!x->old) {
		if (r1)
			return report(a, "roles-outside-proposal", x->path,
				      _("%s came with roles that no accepted proposal gave"), x->key);
		if (ap->x && ap->ok && !strcmp(ap->kind, "admit") &&
		    !strcmp(str_or(ap->x->now, "member", ""), x->key) &&
		    !strcmp(str_or(x->now, "admitted_by", ""), ap->id) &&
		    !strcmp(str_or(x->now, "name", ""), str_or(ap->x->now, "name", "?")) &&
		    !strcmp(str_or(x->now, "email", ""), str_or(ap->x->now, "email", "?")))
			return 0;
		if (rules->membership == MUTU_MEMBERSHIP_BY_PROPOSAL)
			return report(a, "roles-outside-proposal", x->path,
				      _("%s was admitted without an accepted proposal, which the rules require"),
				      x->key);
		if (rules->membership == MUTU_MEMBERSHIP_SPONSORED &&
		    strcmp(str_or(x->now, "sponsor", ""), me) != 0)
			return report(a, "roles-outside-proposal", x->path,
				      _("%s was welcomed without %s named as sponsor, which the rules require"),
				      x->key, me);
		return 0;
	}
	if (!mutu_value_equal(r0, r1) && !by_role &&
	    (err = report(a, "roles-outside-proposal", x->path,
			  _("the roles of %s changed without an accepted role proposal"), x->key)) != 0)
		return err;
	if (!same_but(x->old, x->now, roles) && strcmp(x->key, me) != 0)
		return not_owner(a, x, x->key);
	if (!mutu_member_is_active(x->old) && mutu_member_is_active(x->now))
		return illegal(a, x, "left", "active");
	return 0;
}

/* Whether the evaluations of now are those of old and then new ones by
 * me: nobody rewrites another's evaluation. */
static int evaluations_appended(const mutu_record *old, const mutu_record *now, const char *me)
{
	const mutu_value *e0 = mutu_map_get(old, "evaluations"), *e1 = mutu_map_get(now, "evaluations");
	size_t n0 = e0 && e0->type == MUTU_SEQ ? e0->u.seq.len : 0, i;

	if (mutu_value_equal(e0, e1))
		return 1;
	if (!e1 || e1->type != MUTU_SEQ || e1->u.seq.len < n0)
		return 0;
	for (i = 0; i < e1->u.seq.len; i++)
		if (i < n0 ? !mutu_value_equal(e0->u.seq.items[i], e1->u.seq.items[i])
			   : strcmp(str_or(e1->u.seq.items[i], "by", ""), me) != 0)
			return 0;
	return 1;
}

/* A proposal: its author's, but any member closes, evaluates and applies
 * it; a close must carry the tally its ballots give. */
static int check_proposal(struct audit *a, const struct change *x, const char *me,
			  const mutu_oid *parent_tree, const struct applying *ap)
{
	static const char *const by_anyone[] = { "status", "closed", "tally", "updated", "evaluations",
						 "applied", NULL };
	static const char *const after_start[] = { "status", "closed", "tally", "updated",
						   "evaluations", "applied", "withdrawn_reason", NULL };
	const char *from = str_or(x->old, "status", "discussion"), *to = str_or(x->now, "status", "");
	const char *owner = str_or(x->old ? x->old : x->now, "author", NULL);
	int closing = !strcmp(from, "vote") &&
		      (!strcmp(to, "accepted") || !strcmp(to, "rejected") || !strcmp(to, "no-quorum"));
	const char *outcome;
	char hex[41];
	int err;

	if (!x->now)
		return report(a, "illegal-transition", x->path,
			      _("proposal %s was removed: history keeps every decision"), x->key);
	if (!x->old) {
		if (strcmp(str_or(x->now, "author", ""), me) != 0)
			return not_owner(a, x, str_or(x->now, "author", NULL));
		if (strcmp(to, "draft") != 0 && strcmp(to, "discussion") != 0)
			return illegal(a, x, "-", to);
		return 0;
	}
	if (strcmp(str_or(x->now, "author", ""), str_or(x->old, "author", "")) != 0 ||
	    (strcmp(owner ? owner : "", me) != 0 &&
	     (!same_but(x->old, x->now, by_anyone) || (strcmp(from, to) != 0 && !closing) ||
	      !evaluations_appended(x->old, x->now, me))))
		return not_owner(a, x, owner);
	if (strcmp(from, "draft") != 0 && strcmp(from, "discussion") != 0 &&
	    !same_but(x->old, x->now, after_start))
		return report(a, "illegal-transition", x->path,
			      _("proposal %s changed its terms after its vote started"), x->key);
	if (mutu_map_get(x->now, "applied") && !mutu_map_get(x->old, "applied") && ap->x != x)
		return illegal(a, x, from, "applied");
	if (ap->x == x && !ap->ok)
		return report(a, "tally-mismatch", x->path,
			      _("proposal %s was applied, but its ballots, counted again, do not accept it"),
			      x->key);
	if (strcmp(from, to) != 0 && !closing && !transition_allowed(x->t, from, to))
		return illegal(a, x, from, to);
	if (!closing) {
		/* a count is made once, by the close: never edited after */
		if (!mutu_value_equal(mutu_map_get(x->old, "tally"), mutu_map_get(x->now, "tally")) ||
		    !mutu_value_equal(mutu_map_get(x->old, "closed"), mutu_map_get(x->now, "closed")))
			return report(a, "tally-mismatch", x->path,
				      _("the count of proposal %s changed other than by its close"), x->key);
		return 0;
	}
	outcome = str_or(mutu_map_get(x->now, "tally"), "outcome", "");
	if (strcmp(to, !strcmp(outcome, "accepted") || !strcmp(outcome, "no-quorum") ? outcome
		   : "rejected") != 0)
		return report(a, "tally-mismatch", x->path,
			      _("proposal %s was closed as %s, but its tally says %s"), x->key, to,
			      *outcome ? outcome : "?");
	mutu_oid_fmt(hex, parent_tree);
	if (strcmp(str_or(mutu_map_get(x->now, "tally"), "tree", ""), hex) != 0)
		return report(a, "tally-mismatch", x->path,
			      _("proposal %s was counted from a tree that is not its parent commit's"),
			      x->key);
	err = mutu_proposal_check_tally(a->st, x->now);
	if (err == MUTU_EDATA || err == MUTU_EPERM) {
		char why[512];

		snprintf(why, sizeof(why), "%s", mutu_error_last());
		mutu_error_clear();
		return report(a, "tally-mismatch", x->path, "%s", why);
	}
	return err;
}

/* A ballot: its voter's, and only while its vote is open at the parent,
 * by the proposal's own times and the ballot's and commit's claims. */
static int check_ballot(struct audit *a, const struct change *x, const char *me,
			const mutu_oid *parent_tree)
{
	char ppath[64];
	mutu_record *p = NULL;
	const mutu_record *b = x->now ? x->now : x->old;
	time_t at = a->when, stamp;
	int err = 0;

	if (strcmp(x->key, me) != 0 || (x->now && strcmp(str_or(x->now, "voter", ""), me) != 0))
		return not_owner(a, x, x->key);
	if (mutu_type_path(ppath, &mutu_type_proposal, x->parent) < 0 ||
	    !(p = record_at(a, parent_tree, ppath))) {
		mutu_error_clear();
		return report(a, "ballot-outside-window", x->path,
			      _("a ballot on proposal %s, which does not exist at the parent commit"),
			      x->parent);
	}
	if (x->now && mutu_clock_parse(&stamp, str_or(b, "updated", str_or(b, "cast", ""))) == 0 &&
	    stamp > at)
		at = stamp;
	mutu_error_clear();
	if (mutu_proposal_vote_open(p, at) < 0) {
		char why[512];

		snprintf(why, sizeof(why), "%s", mutu_error_last());
		mutu_error_clear();
		err = report(a, "ballot-outside-window", x->path, "%s", why);
	}
	mutu_value_free(p);
	return err;
}

/* A conflict record: written by merges; settled by the owner of the
 * record it is about (anyone, for a check's finding or a record gone). */
static int check_conflict(struct audit *a, const struct change *x, const char *me,
			  const mutu_oid *parent_tree)
{
	static const char *const settling[] = { "status", "resolved", "resolved_by", "resolution", NULL };
	const mutu_record_type *t;
	mutu_record *target;
	const char *owner;
	char key[64];
	int err = 0;

	if (!x->old || !x->now)
		return report(a, "not-owner", x->path, "%s",
			      x->now ? _("a conflict record that no merge wrote")
				     : _("a conflict record removed: history keeps what a merge could not keep"));
	if (!same_but(x->old, x->now, settling) ||
	    strcmp(str_or(x->now, "resolved_by", me), me) != 0)
		return not_owner(a, x, NULL);
	if (strcmp(str_or(x->old, "status", "open"), str_or(x->now, "status", "open")) != 0 &&
	    !(!strcmp(str_or(x->old, "status", "open"), "open") &&
	      !strcmp(str_or(x->now, "status", ""), "resolved")))
		return illegal(a, x, str_or(x->old, "status", "open"), str_or(x->now, "status", "?"));
	if (mutu_map_get(x->old, "check"))
		return 0;
	if (!(t = mutu_type_at(str_or(x->old, "path", ""), key)) || !t->owner_field ||
	    !(target = record_at(a, parent_tree, str_or(x->old, "path", "")))) {
		mutu_error_clear();
		return 0;
	}
	owner = mutu_map_str(target, t->owner_field);
	if (!owner || strcmp(owner, me) != 0)
		err = report(a, "not-owner", x->path, _("%s settled conflict %s on %s %s, which is %s's"),
			     me, x->key, t->name, key, owner ? owner : "?");
	mutu_value_free(target);
	return err;
}

/* Any other record: its owner's; statuses move as the type allows. A
 * record named by its owner's handle (a hold, an attendee) is the file of
 * that member alone, whatever the file says inside. */
static int check_owned(struct audit *a, const struct change *x, const char *me)
{
	const mutu_record_type *t = x->t;
	const char *owner = str_or(x->old ? x->old : x->now, t->owner_field, NULL);
	const char *from, *to;

	if (t->key == MUTU_KEY_HANDLE && !strcmp(t->key_field, t->owner_field) &&
	    strcmp(x->key, me) != 0)
		return report(a, "not-owner", x->path, _("%s changed %s, the %s of %s"), a->member,
			      x->path, t->name, x->key);
	if (!owner || strcmp(owner, me) != 0 ||
	    (x->old && x->now && strcmp(str_or(x->now, t->owner_field, ""), owner) != 0))
		return not_owner(a, x, owner);
	if (!t->status_field || !x->now)
		return 0;
	to = str_or(x->now, t->status_field, t->initial_status);
	if (!x->old)
		return strcmp(to, t->initial_status) != 0 ? illegal(a, x, "-", to) : 0;
	from = str_or(x->old, t->status_field, t->initial_status);
	return strcmp(from, to) != 0 && !transition_allowed(t, from, to) ? illegal(a, x, from, to) : 0;
}

/* A loan: lent by the author of the offer it is under, as the parent
 * says (the one read this check costs); its offer, lender and borrower
 * fixed once lent; out, then returned, then never changed again; kept
 * for ever, as the line and the rules count past loans. */
static int check_loan(struct audit *a, const struct change *x, const char *me,
		      const mutu_oid *parent_tree)
{
	static const char *const fixed[] = { "offer", "lender", "borrower", NULL };
	char opath[64], author[64] = "";
	mutu_record *offer;
	size_t i;

	if (!x->now)
		return report(a, "illegal-transition", x->path,
			      _("loan %s was removed: history keeps every loan"), x->key);
	if (mutu_type_path(opath, &mutu_type_offer, x->parent) < 0 ||
	    !(offer = record_at(a, parent_tree, opath))) {
		mutu_error_clear();
		return report(a, "not-owner", x->path,
			      _("%s changed loan %s of offer %s, which does not exist at the parent commit"),
			      a->member, x->key, x->parent);
	}
	snprintf(author, sizeof(author), "%s", str_or(offer, "author", ""));
	mutu_value_free(offer);
	if (strcmp(author, me) != 0)
		return report(a, "not-owner", x->path,
			      _("%s changed loan %s of offer %s, which only %s, its author, lends"),
			      a->member, x->key, x->parent, *author ? author : "?");
	for (i = 0; x->old && fixed[i]; i++)
		if (!mutu_value_equal(mutu_map_get(x->old, fixed[i]), mutu_map_get(x->now, fixed[i])))
			return report(a, "illegal-transition", x->path,
				      _("loan %s: its %s went from %s to %s, which a loan never changes"),
				      x->key, fixed[i], str_or(x->old, fixed[i], "-"),
				      str_or(x->now, fixed[i], "-"));
	if (x->old && !strcmp(str_or(x->old, "status", ""), "returned") &&
	    !mutu_value_equal(x->old, x->now))
		return report(a, "illegal-transition", x->path,
			      _("loan %s changed after its return: a returned loan never changes"), x->key);
	return check_owned(a, x, me);
}

/* An exchange: written once by its payer, then never changed nor
 * removed, or a payer could take back the hours they paid. */
static int check_exchange(struct audit *a, const struct change *x, const char *me)
{
	if (x->before && !x->now)
		return report(a, "illegal-transition", x->path,
			      _("exchange %s was removed: hours paid are never taken back"), x->key);
	if (x->before && !(x->old && mutu_value_equal(x->old, x->now)))
		return report(a, "illegal-transition", x->path,
			      _("exchange %s was changed: hours paid are never taken back"), x->key);
	return check_owned(a, x, me);
}

static int check_change(struct audit *a, struct change *x, const char *me, const mutu_rules *rules,
			const struct applying *ap, const mutu_oid *parent_tree, int founding)
{
	int err;

	if (!strcmp(x->path, "rules.yaml") || !strcmp(x->path, "mutu.yaml"))
		return founding ? 0 : check_governed_file(a, x, ap);
	if (x->after && (err = check_shape(a, x)) != 0)
		return err;
	/* a version that could not be read was reported by its shape */
	if (founding || !x->t || x->settled || !me || (x->after && !x->now))
		return 0;
	if (x->t == &mutu_type_member)
		return check_member(a, x, me, rules, ap, founding);
	if (x->t == &mutu_type_proposal)
		return check_proposal(a, x, me, parent_tree, ap);
	if (x->t == &mutu_type_ballot)
		return check_ballot(a, x, me, parent_tree);
	if (x->t == &mutu_type_conflict)
		return check_conflict(a, x, me, parent_tree);
	if (x->t == &mutu_type_loan)
		return check_loan(a, x, me, parent_tree);
	if (x->t == &mutu_type_exchange)
		return check_exchange(a, x, me);
	if (!x->t->owner_field)
		return 0;
	return check_owned(a, x, me);
}

/* --- walking trees --- */

/* A hostile tree is walked no deeper than this: a directory below that
 * differs is one change, no plain file. Records live three levels down. */
#define AUDIT_DEPTH 32

static int enter_any(const char *path, unsigned depth, void *payload)
{
	(void)path;
	(void)payload;
	return depth < AUDIT_DEPTH;
}

/* --- merges --- */

static const struct replay *replay_of(struct audit *a, const git_oid *commit)
{
	unsigned i;

	for (i = 0; i < REPLAYS; i++)
		if (!git_oid_is_zero(&a->replays[i].commit) && git_oid_equal(&a->replays[i].commit, commit))
			return &a->replays[i];
	return NULL;
}

/* Remember m as the replay of the merge commit. */
static void keep_replay(struct audit *a, const git_oid *commit, const mutu_oid *tree)
{
	struct replay *r = &a->replays[a->next_replay++ % REPLAYS];

	git_oid_cpy(&r->commit, commit);
	memcpy(r->tree.id, tree->raw, sizeof(tree->raw));
}

/* Whether the commit says it finishes a merge (merge-driver --finish). */
static int says_finish(git_commit *c)
{
	mutu_trailers t;
	int yes;

	yes = mutu_trailers_parse(&t, git_commit_message(c)) == 0 && !strcmp(t.action, "sync.merge");
	mutu_error_clear();
	mutu_trailers_free(&t);
	return yes;
}

/* The replay of parent, when parent is a merge this commit finishes: the
 * one judging the merge kept, else made now (the merge was audited on an
 * earlier run, or is trusted: a remote's, a --since). NULL otherwise. */
static const struct replay *replay_for(struct audit *a, git_commit *parent)
{
	const struct replay *r = replay_of(a, git_commit_id(parent));
	mutu_merged m = { 0 };
	mutu_oid p[2];

	if (r || git_commit_parentcount(parent) != 2 || !says_finish(a->c))
		return r;
	memcpy(p[0].raw, git_commit_parent_id(parent, 0)->id, sizeof(p[0].raw));
	memcpy(p[1].raw, git_commit_parent_id(parent, 1)->id, sizeof(p[1].raw));
	if (mutu_mergetree(&m, a->st, &p[0], &p[1], MUTU_MERGETREE_SETTLED) == 0)
		keep_replay(a, git_commit_id(parent), &m.tree);
	mutu_error_clear();   /* no replay: its additions are judged as any */
	mutu_merged_free(&m);
	return replay_of(a, git_commit_id(parent));
}

/* The members/ of tree read afresh into r (not the cache: a merge holds
 * three rosters at once). */
static int roster_load(struct roster *r, struct audit *a, const git_oid *commit)
{
	git_commit *c = NULL;
	mutu_oid tree;
	int err;

	memset(r, 0, sizeof(*r));
	if (git_commit_lookup(&c, a->repo, commit) < 0)
		return mutu_error_git(_("cannot read a commit"));
	memcpy(tree.raw, git_commit_tree_id(c)->id, sizeof(tree.raw));
	git_commit_free(c);
	if ((err = mutu_members_each(a->st, &tree, add_person, r)) < 0)
		roster_clear(r);
	return err;
}

/* Whether who, a member at the merge base, lost on the other side what
 * their commit from this side leans on: their membership, or the key
 * that signed it (signer, NULL when unsigned). */
static const char *revoked(const struct person *was, const struct roster *other, const char *signer)
{
	const struct person *now = by_email(other, was->email);

	if (!was->active)
		return NULL;   /* judged as no member by its own parent already */
	if (!now || !now->active)
		return "not-a-member";
	if (signer && holds_key(was, signer) && !holds_key(now, signer))
		return "foreign-key";
	return NULL;
}

/* What one side of a merge brings in, judged again against what the
 * other side revoked since the merge base: a key removed, a member gone.
 * Otherwise whoever keeps a removed key could commit on a parent from
 * before the removal, where the key still counts, and merge it in. */
static int check_brought_in(struct audit *a, const git_oid *from, const git_oid *into,
			    const struct roster *base, const struct roster *other)
{
	git_revwalk *walk = NULL;
	git_oid id;
	int err = 0;

	if (git_revwalk_new(&walk, a->repo) < 0 || git_revwalk_push(walk, from) < 0 ||
	    git_revwalk_hide(walk, into) < 0) {
		git_revwalk_free(walk);
		return mutu_error_git(_("cannot walk the history"));
	}
	while (err == 0 && git_revwalk_next(&id, walk) == 0) {
		git_commit *c = NULL;
		git_buf sig = { 0 }, data = { 0 };
		const struct person *was;
		const char *rule;
		char *signer = NULL, hex[41];

		if (git_commit_lookup(&c, a->repo, &id) < 0) {
			err = mutu_error_git(_("cannot read a commit"));
			break;
		}
		if ((was = by_email(base, git_commit_author(c)->email))) {
			if (was->nkeys &&
			    git_commit_extract_signature(&sig, &data, a->repo, &id, NULL) == 0 &&
			    mutu_sshsig_verify(&signer, sig.ptr, sig.size, "git", data.ptr, data.size) < 0)
				signer = NULL;
			git_error_clear();
			mutu_error_clear();
			if ((rule = revoked(was, other, signer)))
				err = report(a, rule, NULL,
					     !strcmp(rule, "foreign-key")
					     ? _("brings in %.8s, signed by %s with a key removed on the other side")
					     : _("brings in %.8s by %s, who is no active member on the other side"),
					     git_oid_tostr(hex, sizeof(hex), &id), was->handle);
		}
		free(signer);
		git_buf_dispose(&sig);
		git_buf_dispose(&data);
		git_commit_free(c);
	}
	git_error_clear();
	git_revwalk_free(walk);
	return err;
}

/* Both sides of the merge, when members/ changed on either since the
 * merge base (else nothing was revoked, and nothing is walked). */
static int check_revocations(struct audit *a)
{
	const git_oid *p[2] = { git_commit_parent_id(a->c, 0), git_commit_parent_id(a->c, 1) };
	struct roster base, side[2];
	mutu_oid dir[3];
	git_oid at;
	int s, err;

	if (git_merge_base(&at, a->repo, p[0], p[1]) < 0) {
		git_error_clear();
		return 0;   /* no replay either: reported as such */
	}
	for (s = 0; s < 3; s++) {
		git_commit *c = NULL;
		mutu_oid tree;

		if (git_commit_lookup(&c, a->repo, s < 2 ? p[s] : &at) < 0)
			return mutu_error_git(_("cannot read a commit"));
		memcpy(tree.raw, git_commit_tree_id(c)->id, sizeof(tree.raw));
		git_commit_free(c);
		if (mutu_store_subdir(&dir[s], a->st, &tree, "members") <= 0)
			memset(&dir[s], 0, sizeof(dir[s]));
		mutu_error_clear();
	}
	if (mutu_oid_equal(&dir[0], &dir[2]) && mutu_oid_equal(&dir[1], &dir[2]))
		return 0;
	memset(side, 0, sizeof(side));
	if ((err = roster_load(&base, a, &at)) < 0 || (err = roster_load(&side[0], a, p[0])) < 0 ||
	    (err = roster_load(&side[1], a, p[1])) < 0)
		goto out;
	for (s = 0; s < 2 && err == 0; s++)
		if (!mutu_oid_equal(&dir[1 - s], &dir[2]))
			err = check_brought_in(a, p[s], p[1 - s], &base, &side[1 - s]);
out:
	roster_clear(&base);
	roster_clear(&side[0]);
	roster_clear(&side[1]);
	return err;
}

/* A difference between a merge's tree and its replay: only what the
 * merge lacks (the whole-tree merge's additions) may differ. */
static int merge_lacks(const mutu_tree_change *c, void *payload)
{
	if (!c->old_id)
		return 0;
	return report(payload, "merge-mismatch", c->path,
		      _("the merge made %s differ from what mutu's merge of its parents makes"), c->path);
}

/* A merge's tree against mutu's merge of its parents: what it lacks of
 * the replay (a plain git merge, finished by the next commit) is all it
 * may differ by. */
static int check_merge(struct audit *a, git_tree *tree)
{
	mutu_oid p[2];
	mutu_merged m = { 0 };
	git_tree *want = NULL;
	int err;

	if (git_commit_parentcount(a->c) != 2)
		return report(a, "merge-mismatch", NULL, _("a merge of %u parents: mutu merges two"),
			      git_commit_parentcount(a->c));
	if ((err = check_revocations(a)) != 0)
		return err;
	memcpy(p[0].raw, git_commit_parent_id(a->c, 0)->id, sizeof(p[0].raw));
	memcpy(p[1].raw, git_commit_parent_id(a->c, 1)->id, sizeof(p[1].raw));
	err = mutu_mergetree(&m, a->st, &p[0], &p[1], MUTU_MERGETREE_SETTLED);
	if (err == MUTU_EDATA) {
		char why[512];

		snprintf(why, sizeof(why), "%s", mutu_error_last());
		mutu_error_clear();
		return report(a, "merge-mismatch", NULL, _("the merge cannot be replayed: %s"), why);
	}
	if (err < 0)
		return err;
	if (git_tree_lookup(&want, a->repo, mutu_git_oid(&m.tree)) < 0) {
		err = mutu_error_git(_("cannot compare the trees"));
		goto out;
	}
	if ((err = mutu_tree_diff(a->repo, tree, want, enter_any, merge_lacks, a)) != 0)
		goto out;
	keep_replay(a, git_commit_id(a->c), &m.tree);
out:
	git_tree_free(want);
	mutu_merged_free(&m);
	return err;
}

/* --- one commit --- */

static void changes_free(struct change *xs, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(xs[i].path);
		mutu_value_free(xs[i].old);
		mutu_value_free(xs[i].now);
	}
	free(xs);
}

/* The changes of a commit, as its tree walk tells them. */
struct changes {
	struct audit *a;
	struct change *xs;
	size_t n, cap;
	git_tree *want;             /* the replay of the merge that is the parent, or NULL */
};

static int add_change(const mutu_tree_change *c, void *payload)
{
	struct changes *cs = payload;
	struct change *x;
	git_tree_entry *e = NULL;

	if (cs->n == cs->cap) {
		size_t cap = cs->cap ? 2 * cs->cap : 8;
		struct change *xs = reallocarray(cs->xs, cap, sizeof(*xs));

		if (!xs)
			return mutu_error_nomem();
		cs->xs = xs;
		cs->cap = cap;
	}
	x = &cs->xs[cs->n];
	memset(x, 0, sizeof(*x));
	if (!(x->path = strdup(c->path)))
		return mutu_error_nomem();
	cs->n++;
	if (c->old_id) {
		git_oid_cpy(&x->before_id, c->old_id);
		x->before = &x->before_id;
	}
	if (c->new_id) {
		git_oid_cpy(&x->after_id, c->new_id);
		x->after = &x->after_id;
	}
	x->bad_mode = x->after && c->new_mode != GIT_FILEMODE_BLOB;
	x->t = mutu_type_at(x->path, x->key);
	if (x->t && x->t->layout == MUTU_LAYOUT_CHILD)
		parent_of(x->parent, x->path);
	if (x->before && c->old_mode == GIT_FILEMODE_BLOB)
		x->old = read_record(cs->a, x->before, x->path);
	if (x->after && !x->bad_mode)
		x->now = read_record(cs->a, x->after, x->path);
	/* what could not be read is the shape check's to report */
	if (!x->now && x->after && !x->bad_mode && mutu_error_last_code() == MUTU_ENOMEM)
		return MUTU_ENOMEM;
	if (cs->want && !x->before && git_tree_entry_bypath(&e, cs->want, x->path) == 0 &&
	    git_oid_equal(git_tree_entry_id(e), x->after))
		x->settled = 1;
	git_tree_entry_free(e);
	git_error_clear();
	return 0;
}

/* What the commit changed against tree base (NULL: the empty tree). The
 * paths of finish, the replay of the merge that is the parent, mark the
 * records it adds as that merge's. */
static int collect(struct change **out, size_t *nout, struct audit *a, git_tree *base,
		   git_tree *tree, const struct replay *finish)
{
	struct changes cs = { a, NULL, 0, 0, NULL };
	int err;

	if (finish && git_tree_lookup(&cs.want, a->repo, &finish->tree) < 0)
		git_error_clear();
	err = mutu_tree_diff(a->repo, base, tree, enter_any, add_change, &cs);
	git_tree_free(cs.want);
	if (err < 0) {
		changes_free(cs.xs, cs.n);
		return err;
	}
	*out = cs.xs;
	*nout = cs.n;
	return 0;
}

static int judge(struct audit *a, const git_oid *id)
{
	git_commit *parent = NULL;
	git_tree *tree = NULL, *base = NULL;
	const struct roster *roster;
	const struct person *who;
	const mutu_rules *rules;
	const git_signature *author;
	struct change *xs = NULL;
	struct applying ap;
	mutu_oid tree_id, parent_tree = { { 0 } };
	const mutu_oid *law;
	size_t i, n = 0;
	int err, founding, merge;

	if (git_commit_lookup(&a->c, a->repo, id) < 0 || git_commit_tree(&tree, a->c) < 0)
		return mutu_error_git(_("cannot read a commit"));
	git_oid_tostr(a->hex, sizeof(a->hex), id);
	a->faulty = 0;
	a->stats->commits++;
	author = git_commit_author(a->c);
	a->when = (time_t)author->when.time;
	founding = git_commit_parentcount(a->c) == 0;
	merge = git_commit_parentcount(a->c) > 1;
	memcpy(tree_id.raw, git_tree_id(tree)->id, sizeof(tree_id.raw));
	if (!founding) {
		if (git_commit_parent(&parent, a->c, 0) < 0 || git_commit_tree(&base, parent) < 0) {
			err = mutu_error_git(_("cannot read a commit"));
			goto out;
		}
		memcpy(parent_tree.raw, git_tree_id(base)->id, sizeof(parent_tree.raw));
	}
	/* the founding commit is its own law: it makes the first member */
	law = founding ? &tree_id : &parent_tree;
	if ((err = roster_at(&roster, a, law)) < 0 || (err = rules_at(&rules, a, law)) < 0)
		goto out;
	who = by_email(roster, author->email);
	a->member = who ? who->handle : author->email;
	if (!who || !who->active) {
		if ((err = report(a, "not-a-member", NULL, _("the author, %s, is no active member at the parent commit"),
				  author->email)) != 0)
			goto out;
		who = NULL;
	}
	if ((err = check_signature(a, who, rules, &tree_id)) != 0)
		goto out;
	if (a->opts->not_after && (time_t)git_commit_committer(a->c)->when.time > a->opts->not_after)
		a->when = (time_t)git_commit_committer(a->c)->when.time;
	if (a->opts->not_after && a->when > a->opts->not_after) {
		char when[MUTU_TIME_LEN + 1];

		mutu_clock_format(when, a->when);
		if ((err = report(a, "future-date", NULL, _("dated %s, in the future"), when)) != 0)
			goto out;
	}
	if (merge) {
		err = check_merge(a, tree);
		goto out;
	}
	if ((err = collect(&xs, &n, a, base, tree, founding ? NULL : replay_for(a, parent))) < 0 ||
	    (err = find_applying(&ap, a, xs, n)) < 0)
		goto out;
	for (i = 0; i < n && err == 0; i++)
		err = check_change(a, &xs[i], who ? who->handle : NULL, rules, &ap, &parent_tree, founding);
out:
	if (err == 0 && a->faulty) {
		if (a->nbad == a->abad) {
			git_oid *b = reallocarray(a->bad, a->abad ? 2 * a->abad : 16, sizeof(*b));

			if (!b)
				err = mutu_error_nomem();
			else
				a->bad = b, a->abad = a->abad ? 2 * a->abad : 16;
		}
		if (err == 0)
			git_oid_cpy(&a->bad[a->nbad++], id);
	}
	changes_free(xs, n);
	git_tree_free(base);
	git_tree_free(tree);
	git_commit_free(parent);
	git_commit_free(a->c);
	a->c = NULL;
	return err;
}

/* --- what was audited before --- */

static void memory_path(char *out, size_t size, mutu_store *st)
{
	snprintf(out, size, "%smutu/audit", mutu_store_git_dir(st));
}

/* The remembered audit: its tip and the commits it found at fault. A
 * file that is damaged, of another format, or names what this history
 * does not hold is as if absent. */
static int recall(git_oid *tip, git_oid **bad, size_t *nbad, struct audit *a)
{
	char path[4200], line[128];
	git_oid *list = NULL, id;
	size_t n = 0, cap = 0, len = 0, body = 0;
	unsigned long long sum = 0;
	XXH3_state_t *h = NULL;
	FILE *f;
	int ok = 0, have_tip = 0;

	*bad = NULL;
	*nbad = 0;
	memory_path(path, sizeof(path), a->st);
	if (!(f = fopen(path, "re")))
		return 0;
	if (!(h = XXH3_createState()) || XXH3_64bits_reset(h) == XXH_ERROR)
		goto out;
	while (fgets(line, sizeof(line), f)) {
		len = strlen(line);
		if (!len || line[len - 1] != '\n')
			goto out;
		line[len - 1] = '\0';
		if (!strncmp(line, "sum ", 4)) {
			char *end;

			errno = 0;
			sum = strtoull(line + 4, &end, 16);
			ok = !errno && *end == '\0' && sum == XXH3_64bits_digest(h) && have_tip &&
			     fgetc(f) == EOF;
			break;
		}
		XXH3_64bits_update(h, line, len - 1);
		XXH3_64bits_update(h, "\n", 1);
		if (body++ == 0) {
			if (strcmp(line, AUDIT_FORMAT) != 0)
				goto out;
		} else if (!strncmp(line, "tip ", 4) && !have_tip && git_oid_fromstr(tip, line + 4) == 0 &&
			   strlen(line + 4) == 40) {
			have_tip = 1;
		} else if (!strncmp(line, "bad ", 4) && git_oid_fromstr(&id, line + 4) == 0 &&
			   strlen(line + 4) == 40 && n < (1u << 20)) {
			if (n == cap) {
				git_oid *l = reallocarray(list, cap ? 2 * cap : 16, sizeof(*l));

				if (!l)
					goto out;
				list = l;
				cap = cap ? 2 * cap : 16;
			}
			list[n++] = id;
		} else {
			goto out;
		}
	}
out:
	git_error_clear();
	XXH3_freeState(h);
	fclose(f);
	if (ok) {
		git_commit *c = NULL;

		/* the tip must still be a commit here */
		ok = git_commit_lookup(&c, a->repo, tip) == 0;
		git_commit_free(c);
		git_error_clear();
	}
	if (!ok) {
		free(list);
		return 0;
	}
	*bad = list;
	*nbad = n;
	return 1;
}

static int remember(struct audit *a, const git_oid *tip)
{
	char path[4200], tmp[4300], hex[41];
	mutu_buf text = MUTU_BUF_INIT;
	size_t i;
	int fd, err = 0;

	snprintf(path, sizeof(path), "%smutu", mutu_store_git_dir(a->st));
	if (mkdir(path, 0777) < 0 && errno != EEXIST)
		return 0;   /* derived data: a read-only commons audits every time */
	memory_path(path, sizeof(path), a->st);
	snprintf(tmp, sizeof(tmp), "%s.%ld.new", path, (long)getpid());
	mutu_buf_printf(&text, "%s\ntip %s\n", AUDIT_FORMAT, git_oid_tostr(hex, sizeof(hex), tip));
	for (i = 0; i < a->nbad; i++)
		mutu_buf_printf(&text, "bad %s\n", git_oid_tostr(hex, sizeof(hex), &a->bad[i]));
	if (!text.ptr && text.len == 0)
		return 0;
	mutu_buf_printf(&text, "sum %016llx\n", (unsigned long long)XXH3_64bits(text.ptr, text.len));
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666)) < 0 ||
	    write(fd, text.ptr, text.len) != (ssize_t)text.len || close(fd) < 0 ||
	    rename(tmp, path) < 0)
		unlink(tmp);   /* derived data: not kept is only slower next time */
	mutu_buf_free(&text);
	return err;
}

/* --- the walk --- */

int mutu_audit(mutu_audit_stats *stats, mutu_store *st, const mutu_audit_opts *opts,
	       mutu_violation_fn fn, void *payload)
{
	struct audit a = { 0 };
	git_revwalk *walk = NULL;
	git_oid tip, before, id, *old_bad = NULL;
	mutu_oid t;
	size_t i, nold = 0;
	int err = 0, recalled = 0, still, use_memory = opts->remember && !opts->since;
	unsigned r;

	memset(stats, 0, sizeof(*stats));
	a.st = st;
	a.repo = mutu_store_repository(st);
	a.opts = opts;
	a.fn = fn;
	a.payload = payload;
	a.stats = stats;
	if (opts->tip) {
		git_oid_cpy(&tip, mutu_git_oid(opts->tip));
	} else {
		if ((err = mutu_store_tip(&t, st)) < 0)
			return err;
		git_oid_cpy(&tip, mutu_git_oid(&t));
	}
	if (git_oid_is_zero(&tip))
		return 0;
	if (git_revwalk_new(&walk, a.repo) < 0 ||
	    git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE) < 0 ||
	    git_revwalk_push(walk, &tip) < 0) {
		err = mutu_error_git(_("cannot walk the history"));
		goto out;
	}
	for (i = 0; i < opts->nknown; i++)
		if (git_revwalk_hide(walk, mutu_git_oid(&opts->known[i])) < 0)
			git_error_clear();   /* a ref to something not a commit */
	if (opts->since && (err = mutu_history_hide_since(walk, a.repo, opts->since)) < 0)
		goto out;
	if (use_memory && (recalled = recall(&before, &old_bad, &nold, &a))) {
		if (git_revwalk_hide(walk, &before) < 0) {
			err = mutu_error_git(_("cannot walk the history"));
			goto out;
		}
		/* what was at fault is judged again, if it is still history:
		 * all of it when the tip grew from the one remembered (one
		 * walk over the new commits), else each asked on its own */
		still = git_oid_equal(&before, &tip) ||
			git_graph_descendant_of(a.repo, &tip, &before) == 1;
		for (i = 0; i < nold && err == 0; i++)
			if (still || git_oid_equal(&old_bad[i], &tip) ||
			    git_graph_descendant_of(a.repo, &tip, &old_bad[i]) == 1)
				err = judge(&a, &old_bad[i]);
		git_error_clear();
	}
	while (err == 0) {
		int next = git_revwalk_next(&id, walk);

		if (next == GIT_ITEROVER)
			break;
		err = next < 0 ? mutu_error_git(_("cannot walk the history")) : judge(&a, &id);
	}
	if (err == 0 && use_memory)
		err = remember(&a, &tip);
out:
	for (r = 0; r < ROSTERS; r++)
		roster_clear(&a.rosters[r]);
	free(a.bad);
	free(old_bad);
	git_revwalk_free(walk);
	return err;
}
