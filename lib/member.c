#include "member.h"

#include "actions.h"
#include "catalog.h"
#include "error.h"
#include "find.h"
#include "i18n.h"
#include "id.h"
#include "schema.h"
#include "types.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void mutu_member_clear(mutu_member *m)
{
	free(m->handle);
	free(m->name);
	free(m->email);
	m->handle = m->name = m->email = NULL;
}

mutu_actor mutu_member_actor(const mutu_member *m)
{
	mutu_actor a = { m->handle, m->name, m->email };

	return a;
}

struct by_email {
	const char *email;
	char found[64];
	int count;
};

static int match_email(const mutu_catalog_row *row, void *payload)
{
	struct by_email *b = payload;
	const mutu_summary_field *email = mutu_catalog_field(&mutu_type_member, row, "email");

	if (!email || email->kind != 1 || strlen(b->email) != email->len ||
	    strncasecmp(email->str, b->email, email->len) != 0)
		return 0;
	if (row->problem == MUTU_ROW_KEY_DIFFERS) {
		mutu_warn(_("%s: its handle field says '%s', not what its file name says; it is no identity"),
			  row->path, row->detail);
		return 0;
	}
	if (row->problem != MUTU_ROW_OK && row->problem != MUTU_ROW_INVALID)
		return 0;
	if (b->count++ == 0)
		snprintf(b->found, sizeof(b->found), "%s", row->key);
	return 0;
}

/* The handle whose email is git config user.email. */
static int handle_by_email(char **out, mutu_store *st)
{
	mutu_catalog_visitor v;
	struct by_email b = { 0 };
	char *email = NULL;
	int err;

	*out = NULL;
	if (mutu_store_config_get(&email, st, "user.email") < 0)
		return mutu_error_set(MUTU_EPERM, "%s",
				      _("cannot tell who is acting: set MUTU_MEMBER, git config mutu.member, or git config user.email to a member's email"));
	b.email = email;
	v = (mutu_catalog_visitor){ match_email, NULL, &b };
	if ((err = mutu_catalog_scan(st, &mutu_type_member, &v, NULL)) < 0)
		goto out;
	if (b.count != 1) {
		err = b.count ? mutu_error_set(MUTU_EPERM, _("cannot tell who is acting: MUTU_MEMBER and git config mutu.member are unset, and more than one member has the email %s"),
					       email)
			      : mutu_error_set(MUTU_EPERM, _("cannot tell who is acting: MUTU_MEMBER and git config mutu.member are unset, and no member has the email %s"),
					       email);
		goto out;
	}
	if (!(*out = strdup(b.found)))
		err = mutu_error_nomem();
out:
	free(email);
	return err;
}

int mutu_member_whoami(mutu_member *out, mutu_store *st, const char *given)
{
	const char *source, *have;
	char *handle = NULL;
	const mutu_schema *schema;
	mutu_record *rec = NULL;
	mutu_found f;
	int err;

	memset(out, 0, sizeof(*out));
	if (given && *given) {
		handle = strdup(given);
		source = "MUTU_MEMBER";
	} else if (mutu_store_config_get(&handle, st, "mutu.member") == 0) {
		source = "git config mutu.member";
	} else {
		if ((err = handle_by_email(&handle, st)) < 0)
			return err;
		source = "git config user.email";
	}
	if (!handle)
		return mutu_error_nomem();
	if ((err = mutu_handle_check(handle)) < 0) {
		char why[256];

		snprintf(why, sizeof(why), "%s", mutu_error_last());
		err = mutu_error_set(err, "%s: %s", source, why);
		goto out;
	}
	err = mutu_find(&f, st, &mutu_type_member, handle);
	if (err == MUTU_ENOTFOUND) {
		err = mutu_error_set(MUTU_EPERM, _("unknown member '%s' (from %s)"), handle, source);
		goto out;
	}
	/* read quietly: a refusal must be one line; a schema warning comes
	 * only once the member is known to be able to act */
	if (err < 0 || (err = mutu_find_load(&rec, NULL, st, &f, MUTU_FIND_QUIET)) < 0)
		goto out;
	have = mutu_map_str(rec, "handle");
	if (!have || strcmp(have, handle) != 0) {
		err = mutu_error_set(MUTU_EPERM, _("%s: its handle field says '%s', not '%s': it is no identity"),
				     f.path, have ? have : "", handle);
		goto out;
	}
	/* checked here, at the moment of use, whatever the file says */
	if ((err = mutu_records_check_author(mutu_map_str(rec, "name"), mutu_map_str(rec, "email"),
					     f.path)) < 0)
		goto out;
	if (mutu_schema_get(&schema, "member") == 0 && mutu_schema_validate(schema, rec, f.path) < 0)
		mutu_warn("%s", mutu_error_last());
	mutu_error_clear();
	out->handle = strdup(handle);
	out->name = strdup(mutu_map_str(rec, "name"));
	out->email = strdup(mutu_map_str(rec, "email"));
	if (!out->handle || !out->name || !out->email) {
		mutu_member_clear(out);
		err = mutu_error_nomem();
	}
out:
	mutu_value_free(rec);
	free(handle);
	return err;
}

int mutu_member_new(mutu_record **out, const char *handle, const char *name,
		    const char *email, const mutu_value *keys, const mutu_value *roles)
{
	mutu_record *rec;
	int err;

	*out = NULL;
	if ((err = mutu_action_new(&rec, &mutu_type_member, handle, handle)) < 0)
		return err;
	if ((err = mutu_map_set_str(rec, "name", name)) < 0 ||
	    (err = mutu_map_set_str(rec, "email", email)) < 0 ||
	    (keys && (err = mutu_map_set(rec, "keys", mutu_value_dup(keys))) < 0) ||
	    (roles && (err = mutu_map_set(rec, "roles", mutu_value_dup(roles))) < 0)) {
		mutu_value_free(rec);
		return err;
	}
	*out = rec;
	return 0;
}
