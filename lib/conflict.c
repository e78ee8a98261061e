#include "conflict.h"

#include "clock.h"
#include "error.h"
#include "i18n.h"
#include "proposal.h"
#include "records.h"
#include "types.h"
#include "utf8.h"

#include <stdio.h>
#include <string.h>

static const char *const keep_words[] = { "ours", "theirs", "value" };

/* The record the conflict is about, as the tip holds it now. */
static int load_target(mutu_record **out, mutu_oid *blob, const mutu_action_ctx *ctx,
		       const mutu_record_type **t, const mutu_record *c)
{
	const char *type = mutu_map_str(c, "record_type"), *path = mutu_map_str(c, "path");
	char key[64];
	const char *why;
	int err;

	*out = NULL;
	*t = type ? mutu_type_find(type) : NULL;
	if (type && !*t && !strcmp(type, mutu_type_ballot.name))
		*t = &mutu_type_ballot;
	if (type && !*t && !strcmp(type, mutu_type_comment.name))
		*t = &mutu_type_comment;
	if (!*t || !path || !mutu_type_place(*t, path, key, &why))
		return mutu_error_set(MUTU_EDATA, _("conflict %s names no record mutu can settle"),
				      mutu_utf8_clip(mutu_map_str(c, "id") ? mutu_map_str(c, "id") : "?", 12));
	err = mutu_records_read(out, blob, ctx->st, (*t)->name, path, 0);
	if (err == MUTU_ENOTFOUND) {
		mutu_error_clear();
		return 0;   /* removed since: only "theirs" of a removal, or ours, fit */
	}
	return err;
}

/* Whether the acting member may settle the record: its owner; for a
 * ballot that changes, only while the vote is open. */
static int may_settle(const mutu_action_ctx *ctx, const mutu_record_type *t,
		      const mutu_record *target, int changes)
{
	const mutu_record *proposal = NULL;
	char path[64];
	time_t now;
	int err;

	if (!target || !t->owner_field)
		return 0;
	if ((err = mutu_action_check_owner(t, target, ctx->who, "settle")) < 0)
		return err;
	if (t != &mutu_type_ballot || !changes)
		return 0;
	/* a ballot counts only inside its window: settling one is voting */
	if ((err = mutu_clock_now(&now)) < 0 ||
	    (err = mutu_type_path(path, &mutu_type_proposal, mutu_map_str(target, "proposal"))) < 0 ||
	    (err = mutu_records_read((mutu_record **)&proposal, NULL, ctx->st, "proposal", path, 0)) < 0)
		return err;
	err = mutu_proposal_vote_open(proposal, now);
	mutu_value_free((mutu_value *)proposal);
	return err;
}

/* The target as keep settles it: 1 if it is to be removed. */
static int settle(mutu_record *target, const mutu_record_type *t, const mutu_record *c,
		  mutu_keep keep, const char *value)
{
	const char *field = mutu_map_str(c, "field");
	const mutu_value *lost = mutu_map_get(c, "lost");
	mutu_value *v;

	if (keep == MUTU_KEEP_OURS)
		return 0;
	if (!field) {
		/* the record as a whole: what was lost is its removal */
		if (keep == MUTU_KEEP_VALUE)
			return mutu_error_set(MUTU_EUSAGE, "%s", _("this conflict is about the whole record: keep ours or theirs"));
		return lost ? mutu_error_set(MUTU_EDATA, "%s", _("this conflict holds no removal to bring back")) : 1;
	}
	if (keep == MUTU_KEEP_VALUE) {
		/* a new value only where a member may type one: a status, a
		 * count, a time are mutu's to set, never a resolver's */
		if (!mutu_type_settable(t, field))
			return mutu_error_set(MUTU_EUSAGE, _("%s is not a field a member sets: keep ours or theirs"),
					      field);
		return mutu_action_set(target, t, field, value);
	}
	if (!lost) {
		mutu_map_remove(target, field);   /* absent already: nothing to do */
		return 0;
	}
	if (!(v = mutu_value_dup(lost)))
		return MUTU_ENOMEM;
	return mutu_map_set(target, field, v);
}

int mutu_conflict_resolve(const mutu_action_ctx *ctx, mutu_record *rec, const mutu_oid *blob,
			  mutu_keep keep, const char *value)
{
	const mutu_record_type *t = NULL;
	mutu_record *target = NULL;
	mutu_oid target_blob;
	char cpath[64], summary[256], action[64];
	const char *status = mutu_map_str(rec, "status"), *id = mutu_map_str(rec, "id");
	mutu_write w[2];
	time_t now;
	size_t n = 0;
	int err, remove = 0;

	if (!id || (err = mutu_type_path(cpath, &mutu_type_conflict, id)) < 0)
		return mutu_error_set(MUTU_EDATA, "%s", _("a conflict record without a valid id"));
	if (status && strcmp(status, "open") != 0)
		return mutu_error_set(MUTU_EDATA, _("conflict %.8s is %s already"), id, status);
	if ((err = mutu_clock_now(&now)) < 0)
		return err;
	if (mutu_map_get(rec, "check")) {
		if (keep != MUTU_KEEP_OURS)
			return mutu_error_set(MUTU_EUSAGE, "%s", _("a check's finding holds no value to choose: acknowledge it with --keep ours"));
	} else {
		if ((err = load_target(&target, &target_blob, ctx, &t, rec)) < 0)
			return err;
		if (!target && keep != MUTU_KEEP_OURS) {
			err = mutu_error_set(MUTU_EDATA, _("the record of conflict %.8s is gone: only --keep ours applies"), id);
			goto out;
		}
		if ((err = may_settle(ctx, t, target, keep != MUTU_KEEP_OURS)) < 0)
			goto out;
		if (target && (err = remove = settle(target, t, rec, keep, value)) < 0)
			goto out;
		if (target && keep != MUTU_KEEP_OURS) {
			if (!remove && t->updated_field &&
			    (err = mutu_action_stamp(target, t->updated_field, now)) < 0)
				goto out;
			w[n++] = (mutu_write){ t->name, mutu_map_str(rec, "path"), remove ? NULL : target,
					       &target_blob };
		}
	}
	if ((err = mutu_map_set_str(rec, "status", "resolved")) < 0 ||
	    (err = mutu_action_stamp(rec, "resolved", now)) < 0 ||
	    (err = mutu_map_set_str(rec, "resolved_by", ctx->who->handle)) < 0 ||
	    (err = mutu_map_set_str(rec, "resolution", keep_words[keep])) < 0)
		goto out;
	w[n++] = (mutu_write){ "conflict", cpath, rec, blob };
	mutu_type_action(action, &mutu_type_conflict, "resolve");
	snprintf(summary, sizeof(summary), "conflict resolve %.8s: %s %.8s%s%s (%s)", id,
		 mutu_map_str(rec, "record_type") ? mutu_map_str(rec, "record_type") : "?",
		 mutu_map_str(rec, "record") ? mutu_map_str(rec, "record") : "?",
		 mutu_map_str(rec, "field") ? " " : "",
		 mutu_map_str(rec, "field") ? mutu_map_str(rec, "field") : "", keep_words[keep]);
	err = mutu_records_write(ctx->st, ctx->who, action, summary, w, n);
out:
	mutu_value_free(target);
	return err;
}
