#include "member.h"

#include "buf.h"
#include "clock.h"
#include "error.h"
#include "id.h"

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

int mutu_member_path(char out[64], const char *handle)
{
	int err;

	if ((err = mutu_handle_check(handle)) < 0)
		return err;
	snprintf(out, 64, "members/%s.yaml", handle);
	return 0;
}

int mutu_member_load(mutu_record **out, mutu_store *st, const char *handle)
{
	char path[64];
	int err;

	if ((err = mutu_member_path(path, handle)) < 0)
		return err;
	err = mutu_records_read(out, NULL, st, "member", path, 0);
	if (err == MUTU_ENOTFOUND)
		return mutu_error_set(MUTU_ENOTFOUND, "no member '%s' in this commons", handle);
	return err;
}

static int fill(mutu_member *out, const mutu_record *rec, const char *handle)
{
	const char *name = mutu_map_str(rec, "name"), *email = mutu_map_str(rec, "email");

	if (!name || !email)
		return mutu_error_set(MUTU_EDATA, "members/%s.yaml: name and email are required", handle);
	out->handle = strdup(handle);
	out->name = strdup(name);
	out->email = strdup(email);
	if (!out->handle || !out->name || !out->email) {
		mutu_member_clear(out);
		return mutu_error_nomem();
	}
	return 0;
}

struct by_email {
	const char *email;
	char *found;
	int count;
};

static int match_email(mutu_record *rec, void *payload)
{
	struct by_email *b = payload;
	const char *email = mutu_map_str(rec, "email");
	const char *handle = mutu_map_str(rec, "handle");

	if (email && handle && strcasecmp(email, b->email) == 0) {
		if (!b->count++)
			b->found = strdup(handle);
	}
	return 0;
}

int mutu_member_whoami(mutu_member *out, mutu_store *st)
{
	const char *env = getenv("MUTU_MEMBER");
	char *handle = NULL, *email = NULL;
	const char *source;
	mutu_record *rec;
	struct by_email b = { 0 };
	int err;

	memset(out, 0, sizeof(*out));
	if (env && *env) {
		handle = strdup(env);
		source = "MUTU_MEMBER";
	} else if (mutu_store_config_get(&handle, st, "mutu.member") == 0) {
		source = "git config mutu.member";
	} else if (mutu_store_config_get(&email, st, "user.email") == 0) {
		b.email = email;
		if ((err = mutu_member_each(st, match_email, &b)) < 0)
			goto out;
		if (b.count != 1) {
			err = mutu_error_set(MUTU_EPERM,
					     "cannot tell who is acting: MUTU_MEMBER and git config mutu.member are unset, and %s member has the email %s",
					     b.count ? "more than one" : "no", email);
			goto out;
		}
		handle = b.found;
		b.found = NULL;
		source = "git config user.email";
	} else {
		err = mutu_error_set(MUTU_EPERM,
				     "cannot tell who is acting: set MUTU_MEMBER, git config mutu.member, or git config user.email to a member's email");
		goto out;
	}
	if (!handle) {
		err = mutu_error_nomem();
		goto out;
	}
	if ((err = mutu_handle_check(handle)) < 0) {
		char why[256];

		snprintf(why, sizeof(why), "%s", mutu_error_last());
		err = mutu_error_set(err, "%s: %s", source, why);
		goto out;
	}
	err = mutu_member_load(&rec, st, handle);
	if (err == MUTU_ENOTFOUND) {
		err = mutu_error_set(MUTU_EPERM, "unknown member '%s' (from %s)", handle, source);
		goto out;
	}
	if (err < 0)
		goto out;
	err = fill(out, rec, handle);
	mutu_value_free(rec);
out:
	free(handle);
	free(email);
	free(b.found);
	return err;
}

mutu_actor mutu_member_actor(const mutu_member *m)
{
	mutu_actor a = { m->handle, m->name, m->email };

	return a;
}

int mutu_member_new(mutu_record **out, const char *handle, const char *name,
		    const char *email, const mutu_value *keys, const mutu_value *roles)
{
	char when[MUTU_TIME_LEN + 1];
	mutu_record *rec;
	time_t now;
	int err;

	*out = NULL;
	if ((err = mutu_handle_check(handle)) < 0 || (err = mutu_clock_now(&now)) < 0)
		return err;
	mutu_clock_format(when, now);
	if (!(rec = mutu_value_map()))
		return MUTU_ENOMEM;
	if ((err = mutu_map_set_str(rec, "handle", handle)) < 0 ||
	    (err = mutu_map_set_str(rec, "name", name)) < 0 ||
	    (err = mutu_map_set_str(rec, "email", email)) < 0 ||
	    (keys && (err = mutu_map_set(rec, "keys", mutu_value_dup(keys))) < 0) ||
	    (roles && (err = mutu_map_set(rec, "roles", mutu_value_dup(roles))) < 0) ||
	    (err = mutu_map_set_str(rec, "joined", when)) < 0) {
		mutu_value_free(rec);
		return err;
	}
	*out = rec;
	return 0;
}

int mutu_member_add(mutu_store *st, const mutu_actor *who, mutu_record *rec)
{
	const char *handle = mutu_map_str(rec, "handle");
	char path[64], summary[300];
	mutu_write w;
	mutu_oid id;
	int err;

	if (!handle)
		return mutu_error_set(MUTU_EDATA, "missing required field 'handle'");
	if ((err = mutu_member_path(path, handle)) < 0)
		return err;
	if (mutu_store_lookup(&id, st, path) == 0)
		return mutu_error_set(MUTU_EUSAGE, "member '%s' already exists", handle);
	mutu_error_clear();
	snprintf(summary, sizeof(summary), "member add %s: %.200s", handle,
		 mutu_map_str(rec, "name") ? mutu_map_str(rec, "name") : "");
	w.type = "member";
	w.path = path;
	w.rec = rec;
	w.base = NULL;
	return mutu_records_write(st, who, "member.add", summary, &w, 1);
}

struct each {
	mutu_store *st;
	mutu_member_cb cb;
	void *payload;
};

static int each_member(const char *path, const char *name, const mutu_oid *blob, void *payload)
{
	struct each *e = payload;
	mutu_record *rec;
	char *data;
	size_t len;
	int err;

	(void)name;
	if ((err = mutu_store_read_blob(&data, &len, e->st, blob)) < 0)
		return err;
	err = mutu_records_parse(&rec, "member", data, len, path, 0);
	free(data);
	if (err < 0) {
		/* unreadable: say so, and go on with the others */
		mutu_warn("%s", mutu_error_last());
		return 0;
	}
	err = e->cb(rec, e->payload);
	mutu_value_free(rec);
	return err;
}

int mutu_member_each(mutu_store *st, mutu_member_cb cb, void *payload)
{
	struct each e = { st, cb, payload };

	return mutu_store_walk(st, "members", each_member, &e);
}
