#include "govcheck.h"

#include "clock.h"
#include "error.h"
#include "i18n.h"
#include "record.h"
#include "yaml.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The record at path in tree, or NULL (absent, unreadable: a check looks
 * at what it can read; damage is reported by the reads themselves). */
static mutu_record *read_at(mutu_store *st, const mutu_oid *tree, const char *path)
{
	mutu_record *rec = NULL;
	mutu_oid blob;
	char *data = NULL;
	size_t len;

	if (mutu_store_lookup_in(&blob, st, tree, path, 0) < 0 ||
	    mutu_store_read_blob(&data, &len, st, &blob, 1u << 20) < 0 ||
	    mutu_yaml_parse(&rec, data, len, path) < 0 || rec->type != MUTU_MAP) {
		mutu_value_free(rec);
		rec = NULL;
	}
	mutu_error_clear();
	free(data);
	return rec;
}

static time_t stamp(const char *text)
{
	time_t t = 0;

	if (!text || mutu_clock_parse(&t, text) < 0)
		t = 0;
	mutu_error_clear();
	return t;
}

static int same_blob(mutu_store *st, const mutu_oid *a, const mutu_oid *b, const char *path)
{
	mutu_oid x, y;
	int hx = mutu_store_lookup_in(&x, st, a, path, 0) == 0;
	int hy = mutu_store_lookup_in(&y, st, b, path, 0) == 0;

	mutu_error_clear();
	return hx == hy && (!hx || mutu_oid_equal(&x, &y));
}

/* --- ballot-window --- */

static int ballot_window(const mutu_check_ctx *ctx, mutu_finding_fn found, void *payload)
{
	const mutu_record_type *t = &mutu_type_ballot;
	char key[64], parent[64], detail[256];
	const char *why;
	size_t s, i;
	int err = 0;

	for (s = 0; s < 2 && err == 0; s++) {
		const mutu_check_side *side = &ctx->sides[s];

		for (i = 0; i < side->n && err == 0; i++) {
			const char *path = side->paths[i], *updated, *opened, *closes, *tally_tree = NULL;
			mutu_record *ballot = NULL, *proposal = NULL;
			const mutu_value *tally;
			mutu_oid counted;
			int late = 0, outside = 0;

			/* once per path: a path both sides changed is seen on the first */
			if (s == 1 && mutu_check_side_has(&ctx->sides[0], path))
				continue;
			if (!mutu_type_place(t, path, key, &why))
				continue;
			if (!(ballot = read_at(ctx->st, ctx->merged, path)) ||
			    !mutu_map_str(ballot, "proposal") ||
			    mutu_type_path(parent, &mutu_type_proposal, mutu_map_str(ballot, "proposal")) < 0 ||
			    !(proposal = read_at(ctx->st, ctx->merged, parent)))
				goto next;
			updated = mutu_map_str(ballot, "updated");
			opened = mutu_map_str(proposal, "opened");
			closes = mutu_map_str(proposal, "closes");
			tally = mutu_map_get(proposal, "tally");
			if (tally && tally->type == MUTU_MAP)
				tally_tree = mutu_map_str(tally, "tree");
			/* RFC 3339 UTC stamps compare as text */
			outside = updated && opened && closes &&
				  (strcmp(updated, opened) < 0 || strcmp(updated, closes) >= 0);
			late = tally_tree && mutu_oid_parse(&counted, tally_tree) == 0 &&
			       !same_blob(ctx->st, &counted, ctx->merged, path);
			if (outside || late) {
				snprintf(detail, sizeof(detail), "updated %s; vote %s to %s%s%s",
					 updated ? updated : "?", opened ? opened : "?",
					 closes ? closes : "?", tally_tree ? "; closed " : "",
					 tally_tree ? (mutu_map_str(proposal, "closed") ? mutu_map_str(proposal, "closed") : "?") : "");
				err = found(&(mutu_finding){ mutu_check_ballot_window.name, t, path, key,
							     detail, stamp(updated) },
					    payload);
			}
next:
			mutu_error_clear();
			mutu_value_free(ballot);
			mutu_value_free(proposal);
		}
	}
	return err;
}

const mutu_check mutu_check_ballot_window = {
	"ballot-window",
	N_("This ballot reached the commons outside its vote window, or after the vote was counted without it: it does not count."),
	ballot_window,
};

/* --- rules-during-vote --- */

static int started_on(const mutu_check_ctx *ctx, size_t s, const char *path, char *opened,
		      size_t size)
{
	mutu_record *now = read_at(ctx->st, ctx->sides[s].tree, path);
	mutu_record *before = read_at(ctx->st, ctx->base, path);
	const char *o = now ? mutu_map_str(now, "opened") : NULL;
	int started = o && !(before && mutu_map_str(before, "opened"));

	if (started)
		snprintf(opened, size, "%s", o);
	mutu_value_free(now);
	mutu_value_free(before);
	return started;
}

static int rules_during_vote(const mutu_check_ctx *ctx, mutu_finding_fn found, void *payload)
{
	const mutu_record_type *t = &mutu_type_proposal;
	char key[64], opened[64], detail[256];
	const char *why;
	size_t x, i;
	int err = 0;

	for (x = 0; x < 2 && err == 0; x++) {
		const mutu_check_side *voted = &ctx->sides[!x];

		if (!mutu_check_side_has(&ctx->sides[x], "rules.yaml"))
			continue;
		for (i = 0; i < voted->n && err == 0; i++) {
			const char *path = voted->paths[i];

			if (!mutu_type_place(t, path, key, &why) ||
			    !started_on(ctx, !x, path, opened, sizeof(opened)))
				continue;
			snprintf(detail, sizeof(detail), "vote opened %s; rules.yaml changed on another copy",
				 opened);
			err = found(&(mutu_finding){ mutu_check_rules_during_vote.name, t, path, key,
						     detail, stamp(opened) },
				    payload);
		}
	}
	mutu_error_clear();
	return err;
}

const mutu_check mutu_check_rules_during_vote = {
	"rules-during-vote",
	N_("The rules changed on one copy while this vote started on another: the vote keeps the terms it started under."),
	rules_during_vote,
};
