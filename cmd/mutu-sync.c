/* mutu-sync: meet the others through a shared remote. See mutu-sync(1). */
#include "common.h"

#include "lib/credential.h"
#include "lib/error.h"
#include "lib/output.h"
#include "lib/schema.h"
#include "lib/sign.h"
#include "lib/sync.h"
#include "lib/utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Who signs a merge commit: the acting member; else git's user (a copy
 * that only mirrors may merge without being a member); else nobody, and
 * a sync that needs a merge is refused. */
struct merger {
	mutu_member me;
	char *name, *email;
	mutu_commit_info info;
	mutu_signer *signer;
	int known;
};

static void find_merger(struct merger *m, mutu_store *st)
{
	memset(m, 0, sizeof(*m));
	m->signer = user_signer(st);
	require_signer(st, m->signer);   /* a merge commit is a commit too */
	m->info.sign = m->signer ? mutu_signer_sign : NULL;
	m->info.sign_payload = m->signer;
	if (mutu_member_whoami(&m->me, st, getenv("MUTU_MEMBER")) == 0) {
		m->info.name = m->me.name;
		m->info.email = m->me.email;
		m->known = 1;
		return;
	}
	mutu_error_clear();
	if (mutu_store_config_get(&m->name, st, "user.name") == 0 &&
	    mutu_store_config_get(&m->email, st, "user.email") == 0) {
		m->info.name = m->name;
		m->info.email = m->email;
		m->known = 1;
	}
	mutu_error_clear();
}

static void free_merger(struct merger *m)
{
	mutu_member_clear(&m->me);
	mutu_signer_free(m->signer);
	free(m->name);
	free(m->email);
}

static void put_field(mutu_buf *b, const char *s, int last)
{
	mutu_output_tsv_field(b, s);
	mutu_buf_putc(b, last ? '\n' : '\t');
}

static const char *note_word(mutu_merged_kind k)
{
	return k == MUTU_MERGED_CONFLICT ? "conflict" : k == MUTU_MERGED_MOVED ? "moved" : "found";
}

/* tsv: one line per thing, its kind first; a stable interface. */
static void print_tsv(mutu_buf *b, const mutu_sync_report *r)
{
	size_t i;

	for (i = 0; i < r->nin; i++) {
		put_field(b, "in", 0);
		put_field(b, r->in[i].by, 0);
		put_field(b, r->in[i].subject, 1);
	}
	for (i = 0; i < r->nout; i++) {
		put_field(b, "out", 0);
		put_field(b, r->out[i].by, 0);
		put_field(b, r->out[i].subject, 1);
	}
	for (i = 0; i < r->nnotes; i++) {
		const mutu_merged_note *n = &r->notes[i];

		put_field(b, note_word(n->kind), 0);
		put_field(b, n->type->name, 0);
		put_field(b, n->key, 0);
		put_field(b, n->what, 0);
		put_field(b, n->id, 1);
	}
}

static void json_pair(mutu_buf *b, const char *key, const char *value, int last)
{
	mutu_buf_printf(b, "\"%s\":", key);
	mutu_output_json_string(b, value);
	mutu_buf_puts(b, last ? "}\n" : ",");
}

static void print_json(mutu_buf *b, const mutu_sync_report *r)
{
	size_t i;

	for (i = 0; i < r->nin + r->nout; i++) {
		const mutu_sync_action *a = i < r->nin ? &r->in[i] : &r->out[i - r->nin];

		mutu_buf_puts(b, "{");
		json_pair(b, "kind", i < r->nin ? "in" : "out", 0);
		json_pair(b, "by", a->by, 0);
		json_pair(b, "action", a->subject, 1);
	}
	for (i = 0; i < r->nnotes; i++) {
		const mutu_merged_note *n = &r->notes[i];

		mutu_buf_puts(b, "{");
		json_pair(b, "kind", note_word(n->kind), 0);
		json_pair(b, "type", n->type->name, 0);
		json_pair(b, "record", n->key, 0);
		json_pair(b, n->kind == MUTU_MERGED_FOUND ? "check" : "field", n->what, 0);
		json_pair(b, n->kind == MUTU_MERGED_MOVED ? "new_id" : "conflict", n->id, 1);
	}
}

static void print_action(mutu_buf *b, const mutu_sync_action *a)
{
	mutu_buf_puts(b, "  ");
	mutu_utf8_escape(b, a->subject, 0);
	mutu_buf_puts(b, _(" by "));
	mutu_utf8_escape(b, a->by, 0);
	mutu_buf_putc(b, '\n');
}

static void print_table(mutu_buf *b, const mutu_sync_report *r, const char *remote)
{
	size_t i;

	if (r->nin) {
		mutu_buf_printf(b, _("Came in from %s:\n"), remote);
		for (i = 0; i < r->nin; i++)
			print_action(b, &r->in[i]);
	}
	if (r->nout) {
		mutu_buf_printf(b, _("Went out to %s:\n"), remote);
		for (i = 0; i < r->nout; i++)
			print_action(b, &r->out[i]);
	}
	for (i = 0; i < r->nnotes; i++) {
		const mutu_merged_note *n = &r->notes[i];

		mutu_buf_puts(b, "! ");
		if (n->kind == MUTU_MERGED_CONFLICT && n->what[0])
			mutu_buf_printf(b, _("conflict %.8s: %s %.8s, field %s: the copies disagreed; one value was kept (mutu conflicts show %.8s)\n"),
					n->id, n->type->name, n->key, n->what, n->id);
		else if (n->kind == MUTU_MERGED_CONFLICT)
			mutu_buf_printf(b, _("conflict %.8s: %s %.8s was removed on one copy and changed on the other; it was kept (mutu conflicts show %.8s)\n"),
					n->id, n->type->name, n->key, n->id);
		else if (n->kind == MUTU_MERGED_MOVED)
			mutu_buf_printf(b, _("%s %s: two copies made a record under this id; both are kept, the other one now as %s\n"),
					n->type->name, n->key, n->id);
		else
			mutu_buf_printf(b, _("conflict %.8s: %s %.8s: %s (mutu conflicts show %.8s)\n"), n->id,
					n->type->name, n->key, n->what, n->id);
	}
	if (!r->nin && !r->nout && !r->nnotes)
		mutu_buf_printf(b, r->merged ? _("Merged with %s.\n") : _("Already up to date with %s.\n"),
				remote);
}

int main(int argc, char **argv)
{
	const char *usage = N_("[REMOTE] [--no-push]");
	int no_push = 0, nargs, err;
	const struct opt opts[] = {
		OPT_FLAG(0, "no-push", &no_push, N_("fetch and merge, but send nothing")),
		OPT_TABLE_END,
	};
	mutu_sync_opts so = { 0 };
	mutu_sync_report rep;
	mutu_credential *cred;
	struct merger m;
	mutu_buf out = MUTU_BUF_INIT;
	mutu_store *st;
	mutu_format format;

	start(argv[0]);
	parse_options(argc - 1, argv + 1, opts, usage, &nargs);
	if (nargs > 1)
		usage_error(usage, "%s", _("one remote at a time"));
	format = output_format();
	if (format == MUTU_FORMAT_YAML || format == MUTU_FORMAT_IDS)
		usage_error(usage, "%s", _("--format takes table, tsv or json here"));
	st = open_commons();
	find_merger(&m, st);
	cred = user_credential(st);
	so.remote = nargs ? argv[1] : NULL;
	so.push = !no_push;
	so.credential = cred;
	so.known_hosts = known_hosts_files(&so.nknown_hosts);
	so.progress = transfer_progress;
	so.merger = m.known ? &m.info : NULL;
	so.violation = tell_violation;
	err = mutu_sync(&rep, st, &so);
	if (err == 0)
		refresh_signers(st);   /* members' keys may have come in */
	if ((err == 0 || rep.nnotes) && !common.quiet) {
		if (format == MUTU_FORMAT_TSV)
			print_tsv(&out, &rep);
		else if (format == MUTU_FORMAT_JSON)
			print_json(&out, &rep);
		else
			print_table(&out, &rep, so.remote ? so.remote : "origin");
		emit(&out);
	}
	mutu_buf_free(&out);
	mutu_sync_report_free(&rep);
	mutu_credential_free(cred);
	free_merger(&m);
	mutu_store_free(st);
	mutu_schema_cleanup();
	if (err < 0)
		die_error(err);
	return 0;
}
