#include "member.h"

#include "actions.h"
#include "catalog.h"
#include "error.h"
#include "find.h"
#include "i18n.h"
#include "id.h"
#include "schema.h"
#include "types.h"
#include "yaml.h"

#include <mbedtls/base64.h>
#include <mbedtls/sha256.h>
#include <mbedtls/version.h>
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
	mutu_actor a = { .handle = m->handle, .name = m->name, .email = m->email };

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
	if (!mutu_member_is_active(rec)) {
		err = mutu_error_set(MUTU_EPERM, _("%s left the commons on %.10s: a member who left acts no more"),
				     handle, mutu_map_str(rec, "left") ? mutu_map_str(rec, "left") : "?");
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
		    const char *email, const mutu_value *keys)
{
	mutu_record *rec;
	int err;

	*out = NULL;
	if ((err = mutu_action_new(&rec, &mutu_type_member, handle, handle)) < 0)
		return err;
	if ((err = mutu_map_set_str(rec, "name", name)) < 0 ||
	    (err = mutu_map_set_str(rec, "email", email)) < 0 ||
	    (err = mutu_map_set_str(rec, "status", "active")) < 0 ||
	    (keys && (err = mutu_map_set(rec, "keys", mutu_value_dup(keys))) < 0)) {
		mutu_value_free(rec);
		return err;
	}
	*out = rec;
	return 0;
}

int mutu_member_is_active(const mutu_record *rec)
{
	const char *status = mutu_map_str(rec, "status");

	return !status || strcmp(status, "left") != 0;
}

struct active {
	char **handles;
	size_t n, cap;
};

static int collect_active(const mutu_catalog_row *row, void *payload)
{
	const mutu_summary_field *status = mutu_catalog_field(&mutu_type_member, row, "status");
	struct active *a = payload;
	char **grown;

	if (row->problem != MUTU_ROW_OK && row->problem != MUTU_ROW_INVALID)
		return 0;
	if (status && status->kind == 1 && status->len == 4 && !memcmp(status->str, "left", 4))
		return 0;
	if (a->n == a->cap) {
		a->cap = a->cap ? 2 * a->cap : 64;
		if (!(grown = reallocarray(a->handles, a->cap, sizeof(*grown))))
			return mutu_error_nomem();
		a->handles = grown;
	}
	if (!(a->handles[a->n] = strdup(row->key)))
		return mutu_error_nomem();
	a->n++;
	return 0;
}

static void forget_active(void *payload)
{
	struct active *a = payload;

	mutu_members_free(a->handles, a->n);
	memset(a, 0, sizeof(*a));
}

static int by_handle(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The walk of mutu_members_each: the entries of members/ in a tree. */
struct each {
	mutu_store *st;
	mutu_member_fn fn;
	void *payload;
};

/*
 * An entry of members/ read whole (the catalog only knows the tip) and
 * tolerantly, as a walk of history must: an entry that is no member's,
 * or that cannot be read or parsed as one whose handle is its file name,
 * is passed over.
 */
static int member_entry(const char *name, mutu_entry_kind kind, const mutu_oid *id, void *payload)
{
	struct each *e = payload;
	char path[128], key[64];
	const char *why;
	mutu_record *rec = NULL;
	char *data;
	size_t len;
	int err;

	snprintf(path, sizeof(path), "members/%.100s", name);
	if (kind != MUTU_ENTRY_FILE || !mutu_type_place(&mutu_type_member, path, key, &why))
		return 0;
	if (mutu_store_read_blob(&data, &len, e->st, id, MUTU_YAML_MAX_DOCUMENT) < 0) {
		mutu_error_clear();
		return 0;
	}
	err = mutu_yaml_parse(&rec, data, len, path);
	free(data);
	if (err < 0 || rec->type != MUTU_MAP || !mutu_map_str(rec, "handle") ||
	    strcmp(mutu_map_str(rec, "handle"), key) != 0) {
		mutu_value_free(rec);
		mutu_error_clear();
		return err == MUTU_ENOMEM ? err : 0;
	}
	err = e->fn(key, rec, e->payload);
	mutu_value_free(rec);
	return err;
}

int mutu_members_each(mutu_store *st, const mutu_oid *tree, mutu_member_fn fn, void *payload)
{
	struct each e = { st, fn, payload };
	mutu_oid dir;
	int err;

	err = mutu_store_lookup_in(&dir, st, tree, "members", 1);
	if (err == MUTU_ENOTFOUND) {
		mutu_error_clear();
		return 0;
	}
	return err < 0 ? err : mutu_store_list_tree(st, &dir, member_entry, &e);
}

static int active_in_tree(const char *handle, const mutu_record *rec, void *payload)
{
	mutu_catalog_row row = { 0 };

	if (!mutu_member_is_active(rec))
		return 0;
	row.key = handle;
	row.problem = MUTU_ROW_OK;
	return collect_active(&row, payload);
}

int mutu_members_active_at(char ***out, size_t *n, mutu_store *st, const mutu_oid *tree)
{
	struct active a = { 0 };
	mutu_catalog_visitor v = { collect_active, forget_active, &a };
	int err;

	*out = NULL;
	*n = 0;
	if (tree)
		err = mutu_members_each(st, tree, active_in_tree, &a);
	else
		err = mutu_catalog_scan(st, &mutu_type_member, &v, NULL);
	if (err < 0) {
		forget_active(&a);
		return err;
	}
	if (a.n > 1)
		qsort(a.handles, a.n, sizeof(*a.handles), by_handle);
	*out = a.handles;
	*n = a.n;
	return 0;
}

void mutu_members_free(char **handles, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(handles[i]);
	free(handles);
}

/* --- members by the email their commits carry --- */

struct email_handle {
	char *email, *handle;
};

struct mutu_member_emails {
	struct email_handle *v;
	size_t n;
};

static int by_email(const void *a, const void *b)
{
	return strcmp(((const struct email_handle *)a)->email, ((const struct email_handle *)b)->email);
}

static int email_in_tree(const char *handle, const mutu_record *rec, void *payload)
{
	mutu_member_emails *e = payload;
	struct email_handle *grown;
	const char *email = mutu_map_str(rec, "email");

	if (!email)
		return 0;
	if (!(grown = reallocarray(e->v, e->n + 1, sizeof(*grown))))
		return mutu_error_nomem();
	e->v = grown;
	grown += e->n;
	grown->email = strdup(email);
	grown->handle = strdup(handle);
	if (!grown->email || !grown->handle) {
		free(grown->email);
		free(grown->handle);
		return mutu_error_nomem();
	}
	e->n++;
	return 0;
}

int mutu_member_emails_read(mutu_member_emails **out, mutu_store *st, const mutu_oid *tree)
{
	mutu_member_emails *e;
	int err;

	if (!(*out = e = calloc(1, sizeof(*e))))
		return mutu_error_nomem();
	err = mutu_members_each(st, tree, email_in_tree, e);
	mutu_error_clear();
	if (err < 0) {
		mutu_member_emails_free(e);
		*out = NULL;
		return err;
	}
	if (e->n > 1)
		qsort(e->v, e->n, sizeof(*e->v), by_email);
	return 0;
}

const char *mutu_member_emails_find(const mutu_member_emails *e, const char *email)
{
	struct email_handle key = { (char *)email, NULL }, *hit;

	if (!e || !email || !e->n)
		return NULL;
	hit = bsearch(&key, e->v, e->n, sizeof(*e->v), by_email);
	return hit ? hit->handle : NULL;
}

void mutu_member_emails_free(mutu_member_emails *e)
{
	size_t i;

	if (!e)
		return;
	for (i = 0; i < e->n; i++) {
		free(e->v[i].email);
		free(e->v[i].handle);
	}
	free(e->v);
	free(e);
}

#if MBEDTLS_VERSION_MAJOR >= 3
#define sha256 mbedtls_sha256
#else
#define sha256 mbedtls_sha256_ret
#endif

/* The base64 blob of a key line: [*start, *start + *len). */
static int key_blob(const char **start, size_t *len, const char *key)
{
	const char *sp = key ? strchr(key, ' ') : NULL;

	if (!sp)
		return mutu_error_set(MUTU_EDATA, "%s", _("not an SSH public key: expected a type, then the key in base64"));
	*start = sp + 1;
	*len = strcspn(*start, " \t\r\n");
	return *len ? 0 : mutu_error_set(MUTU_EDATA, "%s", _("not an SSH public key: expected a type, then the key in base64"));
}

int mutu_key_fingerprint(char out[64], const char *key)
{
	unsigned char raw[8192], hash[32], text[64];
	const char *b64;
	size_t len, n, tlen;
	int err;

	if ((err = key_blob(&b64, &len, key)) < 0)
		return err;
	if (mbedtls_base64_decode(raw, sizeof(raw), &n, (const unsigned char *)b64, len) != 0)
		return mutu_error_set(MUTU_EDATA, "%s", _("not an SSH public key: its key is not base64"));
	if (sha256(raw, n, hash, 0) != 0 ||
	    mbedtls_base64_encode(text, sizeof(text), &tlen, hash, sizeof(hash)) != 0)
		return mutu_error_set(MUTU_EIO, "%s", _("cannot compute a key fingerprint"));
	while (tlen && text[tlen - 1] == '=')
		tlen--;
	snprintf(out, 64, "SHA256:%.*s", (int)tlen, text);
	return 0;
}

int mutu_key_same(const char *a, const char *b)
{
	const char *ba, *bb;
	size_t la, lb;

	if (key_blob(&ba, &la, a) < 0 || key_blob(&bb, &lb, b) < 0) {
		mutu_error_clear();
		return 0;
	}
	/* the same type and blob: a comment is no part of a key */
	return la == lb && ba - a == bb - b && !memcmp(a, b, (size_t)(ba - a)) && !memcmp(ba, bb, la);
}

int mutu_member_check_active(mutu_store *st, const char *handle)
{
	mutu_record *rec;
	char path[64];
	int err, active;

	if ((err = mutu_type_path(path, &mutu_type_member, handle)) < 0)
		return err;
	if ((err = mutu_records_read(&rec, NULL, st, "member", path, 0)) < 0)
		return err == MUTU_ENOTFOUND
			? mutu_error_set(MUTU_ENOTFOUND, _("no member '%s' in this commons"), handle)
			: err;
	active = mutu_member_is_active(rec);
	mutu_value_free(rec);
	if (!active)
		return mutu_error_set(MUTU_EDATA, _("%s has left the commons"), handle);
	return 0;
}
