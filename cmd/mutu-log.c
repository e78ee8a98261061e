/* mutu-log: the history of the commons, or of one record, as actions.
 * See mutu-log(1). */
#include "common.h"

#include "lib/clock.h"
#include "lib/error.h"
#include "lib/find.h"
#include "lib/history.h"
#include "lib/output.h"
#include "lib/schema.h"
#include "lib/utf8.h"

#include <stdio.h>
#include <string.h>

/* A table tells this many records of a commit, then how many more. */
#define TABLE_RECORDS 20
/* A value in a table takes at most this many columns. */
#define TABLE_VALUE_WIDTH 60

struct printer {
	mutu_format format;
	mutu_buf out;
	mutu_buf scratch;
	size_t told;       /* records told for the commit */
	size_t lines;      /* tsv lines, json changes, of the commit */
	size_t commits;
};

/* Write what is buffered, unless -q. */
static void flush(struct printer *p)
{
	if (!common.quiet)
		emit(&p->out);
	mutu_buf_clear(&p->out);
}

/* --- values as text --- */

static int strings_only(const mutu_value *v)
{
	size_t i;

	for (i = 0; i < v->u.seq.len; i++)
		if (v->u.seq.items[i]->type != MUTU_STR)
			return 0;
	return 1;
}

/* A value as one line of text: a string as it is, a list of strings
 * joined by sep, anything else as JSON; nothing for an absent one. */
static void value_text(mutu_buf *b, const mutu_value *v, const char *sep)
{
	if (!v)
		return;
	if (v->type == MUTU_STR)
		mutu_buf_puts(b, v->u.str);
	else if (v->type == MUTU_SEQ && strings_only(v))
		mutu_output_join(b, v, sep);
	else
		mutu_output_json(b, v);
}

/* The short form of a record's key: an id's first 8 characters. */
static const char *short_key(const mutu_history_record *r)
{
	static char k[16];

	snprintf(k, sizeof(k), r->type->key == MUTU_KEY_ID ? "%.8s" : "%.15s", r->key);
	return k;
}

/* --- table: a block per commit, for people --- */

/* Append s escaped, cut to width columns with "…". */
static void put_cut(mutu_buf *b, mutu_buf *scratch, const char *s, size_t width)
{
	size_t fit;

	mutu_buf_clear(scratch);
	mutu_utf8_escape(scratch, s, 0);
	if (mutu_utf8_width(mutu_buf_cstr(scratch)) <= width) {
		mutu_buf_puts(b, mutu_buf_cstr(scratch));
		return;
	}
	fit = mutu_utf8_fit(mutu_buf_cstr(scratch), width - 1, NULL);
	mutu_buf_put(b, mutu_buf_cstr(scratch), fit);
	mutu_buf_puts(b, "…");
}

/* A value for a table, escaped and cut, into b. */
static void table_value(mutu_buf *b, mutu_buf *scratch, const mutu_value *v)
{
	mutu_buf text = MUTU_BUF_INIT;

	mutu_buf_clear(b);
	if (!v) {
		mutu_buf_puts(b, _("(none)"));
		return;
	}
	value_text(&text, v, ", ");
	put_cut(b, scratch, mutu_buf_cstr(&text), TABLE_VALUE_WIDTH);
	mutu_buf_free(&text);
}

static void table_begin(struct printer *p, const mutu_history_commit *c)
{
	char when[MUTU_TIME_LEN + 1];

	mutu_clock_format(when, c->time);
	mutu_buf_printf(&p->out, "%.8s  %.10s  ", c->id, when);
	mutu_utf8_escape(&p->out, c->member, 0);
	mutu_buf_puts(&p->out, "  ");
	if (c->nparents > 1) {
		mutu_buf_printf(&p->out, _("merge %.8s %.8s"), c->parents[0], c->parents[1]);
		mutu_buf_puts(&p->out, "  ");
	}
	mutu_utf8_escape(&p->out, c->summary, 0);
	if (c->signature == MUTU_SIGNATURE_PRESENT) {
		mutu_buf_puts(&p->out, "  ");
		mutu_buf_puts(&p->out, _("(signed)"));
	}
	mutu_buf_putc(&p->out, '\n');
}

static void table_record(struct printer *p, const mutu_history_record *r)
{
	const char *title;
	size_t i;

	if (r->unreadable || r->kind != MUTU_HISTORY_CHANGED) {
		const mutu_record *rec = r->kind == MUTU_HISTORY_REMOVED ? r->old : r->new;

		mutu_buf_clear(&p->scratch);
		title = rec && r->type->title_field ? mutu_map_str(rec, r->type->title_field) : NULL;
		mutu_buf_puts(&p->out, "  ");
		if (r->unreadable) {
			mutu_utf8_escape(&p->scratch, r->unreadable, 0);
			mutu_buf_printf(&p->out, _("%s %s: cannot be read as a record: %s"), r->type->name,
					short_key(r), mutu_buf_cstr(&p->scratch));
		} else {
			mutu_utf8_escape(&p->scratch, title ? title : "", 0);
			mutu_buf_printf(&p->out,
					r->kind == MUTU_HISTORY_ADDED ? _("%s %s: added: %s") : _("%s %s: removed: %s"),
					r->type->name, short_key(r), mutu_buf_cstr(&p->scratch));
		}
		mutu_buf_putc(&p->out, '\n');
		return;
	}
	for (i = 0; i < r->nfields; i++) {
		mutu_buf field = MUTU_BUF_INIT, old = MUTU_BUF_INIT, new = MUTU_BUF_INIT;

		mutu_utf8_escape(&field, r->fields[i].field, 0);
		table_value(&old, &p->scratch, r->fields[i].old);
		table_value(&new, &p->scratch, r->fields[i].new);
		mutu_buf_puts(&p->out, "  ");
		/* TRANSLATORS: a field of a record changed: "offer 7q3k9m2x:
		   location: Atelier → Garage" */
		mutu_buf_printf(&p->out, _("%s %s: %s: %s → %s"), r->type->name, short_key(r),
				mutu_buf_cstr(&field), mutu_buf_cstr(&old), mutu_buf_cstr(&new));
		mutu_buf_putc(&p->out, '\n');
		mutu_buf_free(&field);
		mutu_buf_free(&old);
		mutu_buf_free(&new);
	}
}

static void table_end(struct printer *p, const mutu_history_commit *c)
{
	size_t more = c->nrecords - p->told;

	if (more) {
		mutu_buf_puts(&p->out, "  ");
		mutu_buf_printf(&p->out, P_("… and %zu more record", "… and %zu more records", more), more);
		mutu_buf_putc(&p->out, '\n');
	}
}

/* --- tsv: a line per changed field, a stable interface --- */

static void tsv_put(mutu_buf *b, const char *s, int last)
{
	mutu_output_tsv_field(b, s ? s : "");
	mutu_buf_putc(b, last ? '\n' : '\t');
}

static const char *kind_word(mutu_history_kind k)
{
	return k == MUTU_HISTORY_ADDED ? "added" : k == MUTU_HISTORY_REMOVED ? "removed" : "changed";
}

/* One line: the commit's columns around path, field, old, new, change. */
static void tsv_line(struct printer *p, const mutu_history_commit *c, const char *path,
		     const char *field, const mutu_value *old, const mutu_value *new,
		     const char *change)
{
	char when[MUTU_TIME_LEN + 1];
	mutu_buf *b = &p->out;

	mutu_clock_format(when, c->time);
	tsv_put(b, c->id, 0);
	tsv_put(b, when, 0);
	tsv_put(b, c->member, 0);
	tsv_put(b, c->action ? c->action : "-", 0);
	tsv_put(b, c->signature == MUTU_SIGNATURE_PRESENT ? "signed" : "unsigned", 0);
	tsv_put(b, path, 0);
	tsv_put(b, field, 0);
	mutu_buf_clear(&p->scratch);
	value_text(&p->scratch, old, ",");
	tsv_put(b, mutu_buf_cstr(&p->scratch), 0);
	mutu_buf_clear(&p->scratch);
	value_text(&p->scratch, new, ",");
	tsv_put(b, mutu_buf_cstr(&p->scratch), 0);
	tsv_put(b, change, 0);
	tsv_put(b, c->summary, 0);
	mutu_buf_printf(b, "%s%s%s\n", c->parents[0], c->nparents > 1 ? " " : "", c->parents[1]);
	p->lines++;
}

static void tsv_record(struct printer *p, const mutu_history_commit *c,
		       const mutu_history_record *r)
{
	size_t i;

	if (r->unreadable)
		tsv_line(p, c, r->path, NULL, NULL, NULL, "unreadable");
	else if (!r->nfields && r->kind != MUTU_HISTORY_CHANGED)
		tsv_line(p, c, r->path, NULL, NULL, NULL, kind_word(r->kind));
	for (i = 0; !r->unreadable && i < r->nfields; i++)
		tsv_line(p, c, r->path, r->fields[i].field, r->fields[i].old, r->fields[i].new,
			 kind_word(r->fields[i].kind));
}

/* --- json: an object per commit --- */

static void json_key(mutu_buf *b, const char *key, const char *value)
{
	mutu_buf_printf(b, "\"%s\":", key);
	if (value)
		mutu_output_json_string(b, value);
	else
		mutu_buf_puts(b, "null");
}

static void json_begin(struct printer *p, const mutu_history_commit *c)
{
	char when[MUTU_TIME_LEN + 1];
	mutu_buf *b = &p->out;
	size_t i;

	mutu_clock_format(when, c->time);
	mutu_buf_putc(b, '{');
	json_key(b, "commit", c->id);
	mutu_buf_putc(b, ',');
	json_key(b, "time", when);
	mutu_buf_putc(b, ',');
	json_key(b, "member", c->member);
	mutu_buf_putc(b, ',');
	json_key(b, "action", c->action);
	mutu_buf_putc(b, ',');
	json_key(b, "signature", c->signature == MUTU_SIGNATURE_PRESENT ? "signed" : "unsigned");
	mutu_buf_putc(b, ',');
	json_key(b, "summary", c->summary);
	mutu_buf_puts(b, ",\"merge\":");
	mutu_buf_puts(b, c->nparents > 1 ? "true" : "false");
	mutu_buf_puts(b, ",\"parents\":[");
	for (i = 0; i < c->nparents && i < 2; i++) {
		if (i)
			mutu_buf_putc(b, ',');
		mutu_output_json_string(b, c->parents[i]);
	}
	mutu_buf_puts(b, "],\"changes\":[");
}

static void json_change(struct printer *p, const mutu_history_record *r, const char *field,
			const char *change, const mutu_value *old, const mutu_value *new)
{
	mutu_buf *b = &p->out;

	if (p->lines++)
		mutu_buf_putc(b, ',');
	mutu_buf_putc(b, '{');
	json_key(b, "path", r->path);
	mutu_buf_putc(b, ',');
	json_key(b, "type", r->type->name);
	mutu_buf_putc(b, ',');
	json_key(b, "key", r->key);
	mutu_buf_putc(b, ',');
	json_key(b, "field", field);
	mutu_buf_putc(b, ',');
	json_key(b, "change", change);
	mutu_buf_puts(b, ",\"old\":");
	if (old)
		mutu_output_json(b, old);
	else
		mutu_buf_puts(b, "null");
	mutu_buf_puts(b, ",\"new\":");
	if (new)
		mutu_output_json(b, new);
	else
		mutu_buf_puts(b, "null");
	if (r->unreadable) {
		mutu_buf_putc(b, ',');
		json_key(b, "error", r->unreadable);
	}
	mutu_buf_putc(b, '}');
}

static void json_record(struct printer *p, const mutu_history_record *r)
{
	size_t i;

	if (r->unreadable)
		json_change(p, r, NULL, "unreadable", NULL, NULL);
	else if (!r->nfields && r->kind != MUTU_HISTORY_CHANGED)
		json_change(p, r, NULL, kind_word(r->kind), NULL, NULL);
	for (i = 0; !r->unreadable && i < r->nfields; i++)
		json_change(p, r, r->fields[i].field, kind_word(r->fields[i].kind), r->fields[i].old,
			    r->fields[i].new);
}

/* --- the walk's callbacks --- */

static int on_begin(const mutu_history_commit *c, void *payload)
{
	struct printer *p = payload;

	p->told = p->lines = 0;
	p->commits++;
	if (p->format == MUTU_FORMAT_JSON)
		json_begin(p, c);
	else if (p->format == MUTU_FORMAT_TABLE)
		table_begin(p, c);
	return 0;
}

static int on_record(const mutu_history_commit *c, const mutu_history_record *r, void *payload)
{
	struct printer *p = payload;

	p->told++;
	if (p->format == MUTU_FORMAT_JSON)
		json_record(p, r);
	else if (p->format == MUTU_FORMAT_TSV)
		tsv_record(p, c, r);
	else
		table_record(p, r);
	if (p->out.len > 65536)
		flush(p);
	return 0;
}

static int on_end(const mutu_history_commit *c, void *payload)
{
	struct printer *p = payload;

	if (p->format == MUTU_FORMAT_JSON)
		mutu_buf_puts(&p->out, "]}\n");
	else if (p->format == MUTU_FORMAT_TSV && !p->lines)
		tsv_line(p, c, NULL, NULL, NULL, NULL, NULL);
	else if (p->format == MUTU_FORMAT_TABLE)
		table_end(p, c);
	if (p->out.len > 65536)
		flush(p);
	return 0;
}

/* --- which record --- */

/* The path of the record arg names: a path as it is (a record's place,
 * or 66), else an id or unique prefix of any type, else a member's
 * handle; dies on error. */
static const char *record_path(mutu_store *st, const char *arg, char path[64])
{
	mutu_found f;
	char key[64];
	int err;

	if (strchr(arg, '/')) {
		if (strncmp(arg, "./", 2) == 0)
			arg += 2;
		if (strlen(arg) >= 64 || !mutu_type_at(arg, key))
			die(66, _("'%s' is not where a record lives"), mutu_utf8_clip(arg, 80));
		return strcpy(path, arg);
	}
	if ((err = mutu_find(&f, st, NULL, arg)) < 0) {
		mutu_found m;
		int code = mutu_error_last_code();
		char why[512];

		/* a member, by handle, when no id matches */
		snprintf(why, sizeof(why), "%s", mutu_error_last());
		mutu_error_clear();
		if (code != MUTU_EUSAGE && mutu_find(&m, st, &mutu_type_member, arg) == 0)
			return strcpy(path, m.path);
		mutu_error_set(err, "%s", why);
		die_error(err);
	}
	return strcpy(path, f.path);
}

int main(int argc, char **argv)
{
	const char *usage = N_("[ID|PATH] [--since REV] [--limit N]");
	const char *since = NULL;
	long limit = 0;
	int nargs, err;
	const struct opt opts[] = {
		OPT_STRING(0, "since", &since, N_("REV"), N_("only what came after REV (REV..HEAD)")),
		OPT_INT('n', "limit", &limit, N_("N"), N_("at most N commits"), 1, 1000000000),
		OPT_TABLE_END,
	};
	struct printer p = { .out = MUTU_BUF_INIT, .scratch = MUTU_BUF_INIT };
	mutu_history_opts ho = { 0 };
	mutu_history_cb cb = { on_begin, on_record, on_end, &p };
	char path[64];
	mutu_store *st;

	start(argv[0]);
	parse_options(argc - 1, argv + 1, opts, usage, &nargs);
	if (nargs > 1)
		usage_error(usage, "%s", _("one record at a time"));
	p.format = output_format();
	if (p.format == MUTU_FORMAT_YAML || p.format == MUTU_FORMAT_IDS)
		usage_error(usage, "%s", _("--format takes table, tsv or json here"));
	st = open_commons();
	ho.since = since;
	ho.limit = (size_t)limit;
	ho.path = nargs ? record_path(st, argv[1], path) : NULL;
	ho.max_records = p.format == MUTU_FORMAT_TABLE ? TABLE_RECORDS : 0;
	err = mutu_history_walk(st, &ho, &cb);
	if (err == 0 && ho.path && !since && !p.commits)
		err = mutu_error_set(MUTU_ENOTFOUND, _("no record at %s in the history"), ho.path);
	flush(&p);   /* what came before an error stays printed */
	mutu_buf_free(&p.out);
	mutu_buf_free(&p.scratch);
	mutu_store_free(st);
	mutu_schema_cleanup();
	if (err < 0)
		die_error(err);
	return 0;
}
