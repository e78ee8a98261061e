/*
 * How a sync runs (see sync.h for what it promises).
 *
 * Order matters for a crash: objects are fetched before any ref names
 * them; a merge commit is built before the branch moves, and the branch
 * moves under the store's intent protocol; the push comes last and is
 * all-or-nothing on the remote. So a sync killed at any instant leaves a
 * repository git fsck accepts, and the next sync starts over from
 * whatever landed.
 *
 * What came in is the remote's commits we did not have; what went out,
 * ours it did not have. Both are listed by their subjects, which mutu
 * writes as actions, with the member each came from.
 */
#include "sync.h"

#include "error.h"
#include "gitinit.h"
#include "i18n.h"
#include "knownhosts.h"
#include "member.h"
#include "mergetree.h"
#include "store_git.h"
#include "trailers.h"

#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define DEFAULT_RETRIES 5
/* Local writers racing a sync: each makes it merge again. */
#define MOVED_RETRIES 50

struct run {
	mutu_store *st;
	git_repository *repo;
	const mutu_sync_opts *opts;
	git_remote *remote;
	const char *label;          /* the remote as the member named it */
	char branch[256];           /* refs/heads/main */
	const char *short_branch;   /* main */
	char track[512];            /* refs/remotes/origin/main; "" for a URL */
	char *rejected;             /* what the remote said refusing our push */
	mutu_sync_report *rep;
};

/* --- talking to the remote --- */

static int credentials(git_credential **out, const char *url, const char *user,
		       unsigned int allowed, void *payload)
{
	struct run *r = payload;

	if (!r->opts->credential)
		return GIT_PASSTHROUGH;
	return mutu_credential_acquire(out, url, user, allowed, r->opts->credential);
}

/* An ssh host key must be in the user's known_hosts files, for the
 * URL's port (libgit2's own check is looser: knownhosts.h). */
static int host_key(git_cert *cert, int valid, const char *host, const char *url,
		    const char *const *files, size_t nfiles)
{
	mutu_knownhosts_opts o = { files, nfiles, mutu_knownhosts_port(url) };

	if (!files)
		return GIT_PASSTHROUGH;
	if (o.port < 0)
		o.port = 22;
	return mutu_knownhosts_check(cert, valid, host, &o);
}

static int check_host(git_cert *cert, int valid, const char *host, void *payload)
{
	struct run *r = payload;

	return host_key(cert, valid, host, git_remote_url(r->remote), r->opts->known_hosts,
			r->opts->nknown_hosts);
}

static int fetch_progress(const git_indexer_progress *stats, void *payload)
{
	struct run *r = payload;

	if (r->opts->progress)
		r->opts->progress(0, stats->received_objects, stats->total_objects,
				  stats->received_bytes, r->opts->progress_payload);
	return 0;
}

static int push_progress(unsigned int current, unsigned int total, size_t bytes, void *payload)
{
	struct run *r = payload;

	if (r->opts->progress)
		r->opts->progress(1, current, total, bytes, r->opts->progress_payload);
	return 0;
}

static int push_status(const char *ref, const char *status, void *payload)
{
	struct run *r = payload;

	(void)ref;
	if (status && !r->rejected)
		r->rejected = strdup(status);
	return 0;
}

static void callbacks(git_remote_callbacks *cb, struct run *r)
{
	git_remote_init_callbacks(cb, GIT_REMOTE_CALLBACKS_VERSION);
	cb->credentials = credentials;
	cb->certificate_check = check_host;
	cb->transfer_progress = fetch_progress;
	cb->push_transfer_progress = push_progress;
	cb->push_update_reference = push_status;
	cb->payload = r;
}

static char *local_path(const char *url);

/* A failure of the network or the remote: temporary, unless it is about
 * who we are. */
static int remote_error(int rc, const char *label)
{
	const git_error *e = git_error_last();
	const char *why = e && e->message ? e->message : "?";
	int ours = mutu_error_last_code();

	/* our own callbacks (credentials, host keys) said why already: a
	 * known_hosts that cannot be read is no network failure */
	if (ours == MUTU_EPERM || ours == MUTU_EIO || ours == MUTU_ENOMEM)
		return ours;

	if (rc == GIT_EAUTH || (e && e->klass == GIT_ERROR_SSH && strstr(why, "authenticat")))
		return mutu_error_set(MUTU_EPERM, _("%s: the remote refused our credentials (%s)"),
				      label, why);
	if (rc == GIT_ECERTIFICATE)
		return mutu_error_set(MUTU_EPERM, _("%s: the remote's certificate or host key is not trusted (%s)"),
				      label, why);
	return mutu_error_set(MUTU_ETEMP, _("cannot reach %s (%s); nothing was lost: sync again later"),
			      label, why);
}

/* A remote on this machine that is not there: said plainly, rather than
 * as libgit2's "unsupported URL protocol". */
static int missing_local(const char *url, const char *label, int syncing)
{
	char *path = local_path(url);
	struct stat sb;
	int missing = path && stat(path, &sb) < 0;

	free(path);
	if (!missing)
		return 0;
	if (!syncing)
		return mutu_error_set(MUTU_ETEMP, _("%s: no repository there (moved, or on a disk not mounted?)"),
				      label);
	return mutu_error_set(MUTU_ETEMP, _("%s: no repository there (moved, or on a disk not mounted?); nothing was lost: sync again later"),
			      label);
}

/* Fetch the branch; *theirs its tip on the remote, *has 0 when the
 * remote has no such branch. */
static int fetch(struct run *r, git_oid *theirs, int *has)
{
	git_fetch_options fo;
	const git_remote_head **heads;
	char spec[1024];
	char *specs[1] = { spec };
	git_strarray refspecs = { specs, 1 };
	size_t n, i;
	int rc;

	*has = 0;
	git_fetch_options_init(&fo, GIT_FETCH_OPTIONS_VERSION);
	callbacks(&fo.callbacks, r);
	fo.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE;
	fo.update_fetchhead = 0;
	fo.prune = GIT_FETCH_NO_PRUNE;
	if (r->track[0])
		snprintf(spec, sizeof(spec), "+%s:%s", r->branch, r->track);
	else
		snprintf(spec, sizeof(spec), "%s", r->branch);
	if (missing_local(git_remote_url(r->remote), r->label, 1) < 0)
		return MUTU_ETEMP;
	mutu_error_clear();
	rc = git_remote_fetch(r->remote, &refspecs, &fo, "mutu: sync");
	if (r->opts->credential)
		mutu_credential_done(r->opts->credential, rc == 0);
	if (rc < 0)
		return remote_error(rc, r->label);
	/* what the remote advertised stays readable after the fetch */
	if ((rc = git_remote_ls(&heads, &n, r->remote)) < 0)
		return remote_error(rc, r->label);
	for (i = 0; i < n; i++)
		if (!strcmp(heads[i]->name, r->branch)) {
			*theirs = heads[i]->oid;
			*has = 1;
		}
	return 0;
}

static int send(struct run *r, const char *dst);

/* The path of a remote on this machine (a path, file://), or NULL. */
static char *local_path(const char *url)
{
	const char *colon = strchr(url, ':'), *slash = strchr(url, '/');

	if (!strncmp(url, "file://", 7))
		return strdup(url + 7);
	if (strstr(url, "://") || (colon && (!slash || colon < slash)))
		return NULL;   /* a transport, or scp's host:path */
	return strdup(url);
}

/*
 * libgit2 pushes to a repository on this machine in-process, and forces
 * its branch to what we send: another copy's push landing between our
 * fetch and our push would be undone on the remote. So the objects go
 * over under a ref of their own, and the branch is moved here, compare
 * and swap against what we fetched, as a Git server's receive-pack does.
 */
static int push_local(struct run *r, const char *path, const git_oid *tip, const git_oid *expected)
{
	git_repository *remote = NULL;
	git_reference *ref = NULL;
	char temp[128], hex[GIT_OID_HEXSZ + 1];
	int rc, err = 0;

	git_oid_tostr(hex, sizeof(hex), tip);
	snprintf(temp, sizeof(temp), "refs/mutu/incoming/%s", hex);
	if (git_repository_open_ext(&remote, path, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL) < 0)
		return remote_error(-1, r->label);
	if (!git_repository_is_bare(remote) && git_repository_head(&ref, remote) == 0 &&
	    !strcmp(git_reference_name(ref), r->branch)) {
		git_reference_free(ref);
		git_repository_free(remote);
		return mutu_error_set(MUTU_EDATA, _("%s has a work tree on %s: push to a bare repository (git init --bare)"),
				      r->label, r->short_branch);
	}
	git_reference_free(ref);
	ref = NULL;
	if ((err = send(r, temp)) == 0) {
		rc = expected ? git_reference_create_matching(&ref, remote, r->branch, tip, 1, expected,
							      "mutu: sync push")
			      : git_reference_create(&ref, remote, r->branch, tip, 0, "mutu: sync push");
		if (rc == GIT_EMODIFIED || rc == GIT_EEXISTS || rc == GIT_ELOCKED)
			err = 1, r->rejected = strdup("the remote moved");
		else if (rc < 0)
			err = remote_error(rc, r->label);
		git_reference_free(ref);
	}
	if (git_reference_lookup(&ref, remote, temp) == 0)
		git_reference_delete(ref);
	git_reference_free(ref);
	git_error_clear();
	git_repository_free(remote);
	return err;
}

/* Send our branch to the remote's ref dst: 0; 1 refused (r->rejected
 * says why); < 0 an error. */
static int send(struct run *r, const char *dst)
{
	git_push_options po;
	char spec[600];
	char *specs[1] = { spec };
	git_strarray refspecs = { specs, 1 };
	int rc;

	git_push_options_init(&po, GIT_PUSH_OPTIONS_VERSION);
	callbacks(&po.callbacks, r);
	snprintf(spec, sizeof(spec), "%s:%s", r->branch, dst);
	mutu_error_clear();
	rc = git_remote_push(r->remote, &refspecs, &po);
	if (r->opts->credential)
		mutu_credential_done(r->opts->credential, rc == 0 || rc == GIT_ENONFASTFORWARD);
	if (rc == GIT_ENONFASTFORWARD) {
		if (!r->rejected)
			r->rejected = strdup("non-fast-forward");
		return 1;
	}
	if (rc < 0)
		return remote_error(rc, r->label);
	return r->rejected ? 1 : 0;
}

/* 0 pushed; 1 refused by the remote (r->rejected says why: the caller
 * fetches to see whether it moved); < 0 an error. */
static int push(struct run *r, const git_oid *tip, const git_oid *expected)
{
	char *path = local_path(git_remote_url(r->remote));
	int err;

	free(r->rejected);
	r->rejected = NULL;
	err = path ? push_local(r, path, tip, expected) : send(r, r->branch);
	free(path);
	return err;
}

/* --- what came and went --- */

static int list_actions(mutu_sync_action **out, size_t *n, struct run *r, const git_oid *from,
			const git_oid *hide)
{
	mutu_member_emails *members = NULL;
	git_revwalk *walk = NULL;
	mutu_oid tree;
	git_commit *tip = NULL;
	git_oid id;
	int err = 0;

	if (git_commit_lookup(&tip, r->repo, from) < 0 ||
	    git_revwalk_new(&walk, r->repo) < 0 ||
	    git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE) < 0 ||
	    git_revwalk_push(walk, from) < 0 || (hide && git_revwalk_hide(walk, hide) < 0)) {
		err = mutu_error_git(_("cannot walk the history"));
		goto out;
	}
	memcpy(tree.raw, git_commit_tree_id(tip)->id, sizeof(tree.raw));
	if (mutu_member_emails_read(&members, r->st, &tree) < 0)
		mutu_error_clear();
	while (err == 0 && git_revwalk_next(&id, walk) == 0) {
		git_commit *c = NULL;
		const char *summary, *handle;
		mutu_sync_action *a;

		if (git_commit_lookup(&c, r->repo, &id) < 0)
			continue;
		/* merges are how histories met, not actions */
		if (git_commit_parentcount(c) > 1) {
			git_commit_free(c);
			continue;
		}
		summary = git_commit_summary(c);
		handle = mutu_member_emails_find(members, git_commit_author(c)->email);
		if (!(a = reallocarray(*out, *n + 1, sizeof(*a)))) {
			err = mutu_error_nomem();
		} else {
			*out = a;
			a += *n;
			a->subject = strdup(summary ? summary : "");
			a->by = strdup(handle ? handle : git_commit_author(c)->name);
			if (a->subject && a->by)
				(*n)++;
			else
				err = mutu_error_nomem(), free(a->subject), free(a->by);
		}
		git_commit_free(c);
	}
	git_error_clear();
out:
	mutu_member_emails_free(members);
	git_revwalk_free(walk);
	git_commit_free(tip);
	return err;
}

/* --- checks before anything changes --- */

static int is_commons(struct run *r, const git_oid *commit)
{
	git_commit *c = NULL;
	git_tree *tree = NULL;
	int yes = git_commit_lookup(&c, r->repo, commit) == 0 && git_commit_tree(&tree, c) == 0 &&
		  git_tree_entry_byname(tree, "mutu.yaml") != NULL;

	git_tree_free(tree);
	git_commit_free(c);
	git_error_clear();
	return yes;
}

/* Whether a is b or descends from it. */
static int contains(git_repository *repo, const git_oid *a, const git_oid *b)
{
	return git_oid_equal(a, b) || git_graph_descendant_of(repo, a, b) == 1;
}

static int open_remote(struct run *r)
{
	const char *name = r->opts->remote ? r->opts->remote : "origin";
	int rc;

	r->label = name;
	rc = git_remote_lookup(&r->remote, r->repo, name);
	if (rc == 0) {
		if ((size_t)snprintf(r->track, sizeof(r->track), "refs/remotes/%s/%s", name,
				     r->short_branch) >= sizeof(r->track))
			return mutu_error_set(MUTU_EUSAGE, _("remote name too long: %s"), name);
		return 0;
	}
	/* not a configured remote: a URL or a path, fetched without a ref */
	if (!strchr(name, '/') && !strchr(name, ':'))
		return mutu_error_set(MUTU_ENOTFOUND, _("no remote named %s (git remote add %s URL), and it is no URL"),
				      name, name);
	if (git_remote_create_anonymous(&r->remote, r->repo, name) < 0)
		return mutu_error_set(MUTU_EUSAGE, _("%s: not a remote we can use (%s)"), name,
				      git_error_last() ? git_error_last()->message : "?");
	r->track[0] = '\0';
	return 0;
}

static int read_ref(git_oid *out, git_repository *repo, const char *name)
{
	int rc = git_reference_name_to_id(out, repo, name);

	git_error_clear();
	return rc == 0;
}

/* Put the remote-tracking ref back where it was: a refused sync changes
 * nothing. */
static void restore_track(struct run *r, int had, const git_oid *old)
{
	git_reference *ref = NULL;

	if (!r->track[0])
		return;
	if (had)
		git_reference_create(&ref, r->repo, r->track, old, 1, "mutu: sync refused");
	else if (git_reference_lookup(&ref, r->repo, r->track) == 0)
		git_reference_delete(ref);
	git_reference_free(ref);
	git_error_clear();
}

static void set_track(struct run *r, const git_oid *to)
{
	git_reference *ref = NULL;

	if (r->track[0])
		git_reference_create(&ref, r->repo, r->track, to, 1, "mutu: sync push");
	git_reference_free(ref);
	git_error_clear();
}

/* --- merging what came in --- */

static int add_notes(mutu_sync_report *rep, const mutu_merged *m)
{
	mutu_merged_note *n;

	if (!m->nnotes)
		return 0;
	if (!(n = reallocarray(rep->notes, rep->nnotes + m->nnotes, sizeof(*n))))
		return mutu_error_nomem();
	memcpy(n + rep->nnotes, m->notes, m->nnotes * sizeof(*n));
	rep->notes = n;
	rep->nnotes += m->nnotes;
	return 0;
}

static int merge_commit(struct run *r, mutu_oid *commit, const mutu_oid *ours,
			const mutu_oid *theirs, const mutu_merged *m)
{
	mutu_commit_info info = *r->opts->merger;
	mutu_oid parents[2] = { *ours, *theirs };
	mutu_trailers t = { .action = "sync.merge" };
	mutu_buf msg = MUTU_BUF_INIT;
	size_t i;
	int err = 0;

	mutu_buf_printf(&msg, "sync: merge %s\n\n", r->label);
	if (!(t.conflicts = calloc(m->nnotes ? m->nnotes : 1, sizeof(*t.conflicts))))
		return mutu_error_nomem();
	for (i = 0; i < m->nnotes; i++)
		if (m->notes[i].kind != MUTU_MERGED_MOVED)
			t.conflicts[t.nconflicts++] = (char *)m->notes[i].id;
	mutu_trailers_format(&msg, &t);
	free(t.conflicts);   /* the ids are the notes' */
	if ((err = mutu_buf_check(&msg)) == 0) {
		info.message = mutu_buf_cstr(&msg);
		err = mutu_store_build(commit, r->st, &m->tree, parents, 2, &info);
	}
	mutu_buf_free(&msg);
	return err;
}

/* Audit what came in, the commits of theirs we do not hold, before any
 * of it is merged: a forged history is refused whole. */
static int audit_incoming(struct run *r, const git_oid *theirs)
{
	mutu_audit_opts o = { 0 };
	mutu_audit_stats stats;
	mutu_oid local, their;
	int err;

	if ((err = mutu_store_tip(&local, r->st)) < 0)
		return err;
	if (contains(r->repo, mutu_git_oid(&local), theirs))
		return 0;
	memcpy(their.raw, theirs->id, sizeof(their.raw));
	o.tip = &their;
	o.known = &local;
	o.nknown = mutu_oid_is_zero(&local) ? 0 : 1;
	if ((err = mutu_audit(&stats, r->st, &o, r->opts->violation, r->opts->violation_payload)) < 0)
		return err;
	if (stats.violations)
		return mutu_error_set(MUTU_EDATA, ngettext("what %s holds breaks the commons' rules (%zu violation): nothing was merged",
							   "what %s holds breaks the commons' rules (%zu violations): nothing was merged",
							   stats.violations),
				      r->label, stats.violations);
	return 0;
}

/*
 * Bring theirs into our branch: nothing to do, a fast-forward, or a
 * merge. 0 once published; MUTU_STORE_MOVED when a local writer moved
 * the branch meanwhile (the caller merges again).
 */
static int take_in(struct run *r, const git_oid *theirs)
{
	mutu_oid local, their, commit;
	mutu_merged m;
	int err;

	if ((err = mutu_store_tip(&local, r->st)) < 0)
		return err;
	memcpy(their.raw, theirs->id, sizeof(their.raw));
	if (contains(r->repo, mutu_git_oid(&local), theirs))
		return 0;
	if (contains(r->repo, theirs, mutu_git_oid(&local))) {
		err = mutu_store_publish(r->st, &their, &local, "mutu: sync fast-forward");
		if (err == 0)
			r->rep->fast_forward = 1;
		return err;
	}
	if (!r->opts->merger)
		return mutu_error_set(MUTU_EPERM, _("a merge needs an author: set MUTU_MEMBER or mutu.member, or git's user.name and user.email"));
	if ((err = mutu_mergetree(&m, r->st, &local, &their, 0)) < 0)
		return err;
	if ((err = merge_commit(r, &commit, &local, &their, &m)) == 0 &&
	    (err = mutu_store_publish(r->st, &commit, &local, "mutu: sync merge")) == 0) {
		r->rep->merged = 1;
		err = add_notes(r->rep, &m);
	}
	mutu_merged_free(&m);
	return err;
}

int mutu_sync(mutu_sync_report *rep, mutu_store *st, const mutu_sync_opts *opts)
{
	struct run r;
	git_oid theirs, old_track, orig, last_theirs, now;
	mutu_oid tip;
	unsigned retries = opts->retries ? opts->retries : DEFAULT_RETRIES, attempt = 0, moved = 0;
	int err, has, had_track = 0, remote_had;

	memset(rep, 0, sizeof(*rep));
	memset(&r, 0, sizeof(r));
	r.st = st;
	r.repo = mutu_store_repository(st);
	r.opts = opts;
	r.rep = rep;
	if ((err = mutu_store_writable(st)) < 0)
		goto out;
	snprintf(r.branch, sizeof(r.branch), "%s", mutu_store_branch(st));
	r.short_branch = strncmp(r.branch, "refs/heads/", 11) ? r.branch : r.branch + 11;
	if ((err = open_remote(&r)) < 0 || (err = mutu_store_tip(&tip, st)) < 0)
		goto out;
	git_oid_cpy(&orig, mutu_git_oid(&tip));
	if (r.track[0])
		had_track = read_ref(&old_track, r.repo, r.track);
	if ((err = fetch(&r, &theirs, &has)) < 0)
		goto out;
	remote_had = has;
	if (has && !is_commons(&r, &theirs)) {
		restore_track(&r, had_track, &old_track);
		err = mutu_error_set(MUTU_EDATA, _("%s is not a commons: its %s has no mutu.yaml"), r.label,
				     r.short_branch);
		goto out;
	}
	if (has && had_track && !contains(r.repo, &theirs, &old_track)) {
		restore_track(&r, had_track, &old_track);
		err = mutu_error_set(MUTU_EDATA, _("the history on %s was rewritten: it no longer contains what we had from it; nothing was changed (ask who rewrote it)"),
				     r.label);
		goto out;
	}
	if (has && git_merge_base(&now, r.repo, &orig, &theirs) < 0) {
		git_error_clear();
		restore_track(&r, had_track, &old_track);
		err = mutu_error_set(MUTU_EDATA, _("%s shares no history with this commons: it was rewritten, or it is another commons; nothing was changed"),
				     r.label);
		goto out;
	}
	for (;;) {
		if (has) {
			last_theirs = theirs;
			if ((err = audit_incoming(&r, &theirs)) < 0) {
				restore_track(&r, had_track, &old_track);
				goto out;
			}
			err = take_in(&r, &theirs);
			if (err == MUTU_STORE_MOVED) {
				if (++moved > MOVED_RETRIES) {
					err = mutu_error_set(MUTU_ETEMP, _("the branch kept moving under other writers; sync again"));
					goto out;
				}
				continue;
			}
			if (err < 0)
				goto out;
		}
		if (!opts->push)
			break;
		if ((err = mutu_store_tip(&tip, st)) < 0)
			goto out;
		if (has && git_oid_equal(mutu_git_oid(&tip), &theirs))
			break;   /* nothing of ours to send */
		if ((err = push(&r, mutu_git_oid(&tip), has ? &theirs : NULL)) < 0)
			goto out;
		if (err == 0) {
			rep->pushed = 1;
			rep->created_remote_branch = !remote_had;
			set_track(&r, mutu_git_oid(&tip));
			if ((err = list_actions(&rep->out, &rep->nout, &r, mutu_git_oid(&tip),
						has ? &theirs : NULL)) < 0)
				goto out;
			break;
		}
		/* refused: if the remote moved since we fetched, merge again, a
		 * bounded number of times; if it did not, it refuses us */
		{
			git_oid before = theirs;
			int had = has;

			if ((err = fetch(&r, &theirs, &has)) < 0)
				goto out;
			if (has == had && (!has || git_oid_equal(&before, &theirs))) {
				err = mutu_error_set(MUTU_EPERM, _("%s refused the push: %s"), r.label,
						     r.rejected ? r.rejected : "?");
				goto out;
			}
		}
		if (++attempt >= retries) {
			err = mutu_error_set(MUTU_ETEMP, _("%s kept moving under other pushers (%u attempts); nothing was lost: sync again"),
					     r.label, attempt);
			goto out;
		}
	}
	if (has)
		err = list_actions(&rep->in, &rep->nin, &r, &last_theirs, &orig);
out:
	if (err < 0 && rep->nnotes == 0)
		mutu_sync_report_free(rep);
	free(r.rejected);
	git_remote_free(r.remote);
	return err;
}

static void free_actions(mutu_sync_action *a, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(a[i].subject);
		free(a[i].by);
	}
	free(a);
}

void mutu_sync_report_free(mutu_sync_report *rep)
{
	free_actions(rep->in, rep->nin);
	free_actions(rep->out, rep->nout);
	free(rep->notes);
	memset(rep, 0, sizeof(*rep));
}

/* --- cloning --- */

static int remove_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb, (void)flag, (void)ftw;
	return remove(path);
}

struct clone_run {
	const mutu_clone_opts *opts;
	const char *url;
};

static int clone_check_host(git_cert *cert, int valid, const char *host, void *payload)
{
	const struct clone_run *cr = payload;

	return host_key(cert, valid, host, cr->url, cr->opts->known_hosts, cr->opts->nknown_hosts);
}

static int clone_credentials(git_credential **out, const char *url, const char *user,
			     unsigned int allowed, void *payload)
{
	const mutu_clone_opts *o = ((struct clone_run *)payload)->opts;

	if (!o->credential)
		return GIT_PASSTHROUGH;
	return mutu_credential_acquire(out, url, user, allowed, o->credential);
}

static int clone_progress(const git_indexer_progress *stats, void *payload)
{
	const mutu_clone_opts *o = ((struct clone_run *)payload)->opts;

	if (o->progress)
		o->progress(0, stats->received_objects, stats->total_objects, stats->received_bytes,
			    o->progress_payload);
	return 0;
}

/*
 * A bare remote made with `git init --bare` names "master" in its HEAD
 * while the commons' branch is "main": git would leave the clone empty.
 * Take the remote's main, else its only branch.
 */
static int adopt_branch(git_repository *repo, int bare)
{
	git_checkout_options co;
	git_branch_iterator *it = NULL;
	git_reference *ref, *found = NULL, *local = NULL;
	git_branch_t type;
	git_commit *c = NULL;
	char name[300];
	const char *short_name;
	int n = 0, err = 0;

	/* libgit2 fetches the remote's branches under origin/, bare or not */
	if (git_branch_iterator_new(&it, repo, GIT_BRANCH_REMOTE) < 0)
		return mutu_error_git(_("cannot list the remote's branches"));
	while (git_branch_next(&ref, &type, it) == 0) {
		const char *nm = git_reference_shorthand(ref);
		int is_main = !strcmp(nm, "origin/main");

		if (!strcmp(nm, "origin/HEAD")) {
			git_reference_free(ref);
			continue;
		}
		n++;
		if (!found || is_main) {
			git_reference_free(found);
			found = ref;
		} else {
			git_reference_free(ref);
		}
		if (is_main)
			n = 1;   /* main wins, however many others there are */
	}
	git_branch_iterator_free(it);
	if (!found || n != 1) {
		git_reference_free(found);
		return mutu_error_set(MUTU_EDATA, "%s", _("the remote names no branch to check out, and has no main"));
	}
	short_name = git_reference_shorthand(found);
	if (!strncmp(short_name, "origin/", 7))
		short_name += 7;
	snprintf(name, sizeof(name), "refs/heads/%s", short_name);
	git_checkout_options_init(&co, GIT_CHECKOUT_OPTIONS_VERSION);
	co.checkout_strategy = GIT_CHECKOUT_SAFE;
	if (git_commit_lookup(&c, repo, git_reference_target(found)) < 0 ||
	    git_branch_create(&local, repo, short_name, c, 0) < 0 ||
	    git_branch_set_upstream(local, git_reference_shorthand(found)) < 0 ||
	    git_repository_set_head(repo, name) < 0 || (!bare && git_checkout_head(repo, &co) < 0))
		err = mutu_error_git(_("cannot check out the commons' branch"));
	git_reference_free(local);
	git_commit_free(c);
	git_reference_free(found);
	return err;
}

int mutu_clone(const char *url, const char *dir, const mutu_clone_opts *opts)
{
	struct clone_run cr = { opts, url };
	git_clone_options co;
	git_repository *repo = NULL;
	git_reference *head = NULL;
	git_commit *c = NULL;
	git_tree *tree = NULL;
	struct stat sb;
	int rc, err = 0, existed = stat(dir, &sb) == 0;

	if ((err = mutu_git_init()) < 0)
		return err;
	git_clone_options_init(&co, GIT_CLONE_OPTIONS_VERSION);
	co.bare = opts->bare;
	co.checkout_opts.checkout_strategy = GIT_CHECKOUT_SAFE;
	co.fetch_opts.callbacks.credentials = clone_credentials;
	co.fetch_opts.callbacks.certificate_check = clone_check_host;
	co.fetch_opts.callbacks.transfer_progress = clone_progress;
	co.fetch_opts.callbacks.payload = &cr;
	mutu_error_clear();
	rc = git_clone(&repo, url, dir, &co);
	if (opts->credential)
		mutu_credential_done(opts->credential, rc == 0);
	if (rc < 0) {
		const git_error *e = git_error_last();

		if (rc == GIT_EEXISTS || (e && strstr(e->message, "exists and is not an empty")))
			return mutu_error_set(MUTU_EUSAGE, _("%s exists and is not empty"), dir);
		if (rc == GIT_EAUTH || rc == GIT_ECERTIFICATE)
			return remote_error(rc, url);
		if (missing_local(url, url, 0) < 0)
			return MUTU_ETEMP;
		return mutu_error_set(MUTU_ETEMP, _("cannot reach %s (%s)"), url,
				      e && e->message ? e->message : "?");
	}
	if (git_repository_head_unborn(repo) == 1 && (err = adopt_branch(repo, opts->bare)) < 0)
		goto check;
	if (git_repository_head(&head, repo) < 0 ||
	    git_commit_lookup(&c, repo, git_reference_target(head)) < 0 ||
	    git_commit_tree(&tree, c) < 0 || !git_tree_entry_byname(tree, "mutu.yaml"))
		err = mutu_error_set(MUTU_EDATA, _("%s is not a commons: it has no mutu.yaml"), url);
check:
	git_error_clear();
	git_tree_free(tree);
	git_commit_free(c);
	git_reference_free(head);
	git_repository_free(repo);
	if (err < 0) {
		/* leave nothing behind: what we made, we remove (an empty
		 * directory given to us stays, empty) */
		nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
		if (existed)
			mkdir(dir, 0777);
	}
	return err;
}
