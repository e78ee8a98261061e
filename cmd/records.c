#include "records.h"

#include "common.h"
#include "match.h"
#include "lib/actions.h"
#include "lib/calendar.h"
#include "lib/clock.h"
#include "lib/error.h"
#include "lib/find.h"
#include "lib/id.h"
#include "lib/list.h"
#include "lib/markdown.h"
#include "lib/schema.h"
#include "lib/utf8.h"
#include "lib/yaml.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* --- printing --- */

static const char *str(const mutu_record *rec, const char *key)
{
	const char *s = mutu_map_str(rec, key);

	return s ? s : "";
}

/* A field of a whole record as one line of text: lists joined by sep. */
static void field_text(mutu_buf *b, const mutu_record *rec, const char *field, const char *sep)
{
	const mutu_value *v = mutu_map_get(rec, field);

	if (v && v->type == MUTU_SEQ)
		mutu_output_join(b, v, sep);
	else if (v && v->type == MUTU_STR)
		mutu_buf_puts(b, v->u.str);
	else if (v && v->type == MUTU_INT)
		mutu_buf_printf(b, "%lld", v->u.num);
	else if (v && v->type == MUTU_BOOL)
		mutu_buf_puts(b, v->u.truth ? "true" : "false");
}

/* json and yaml print whole records. */
static void print_whole(mutu_buf *b, const mutu_record_type *t, mutu_record *rec, mutu_format f,
			size_t nth)
{
	int err;

	if (f == MUTU_FORMAT_JSON) {
		mutu_output_json(b, rec);
		mutu_buf_putc(b, '\n');
		return;
	}
	if (nth)
		mutu_buf_puts(b, "---\n");
	if ((err = mutu_records_emit(b, t->name, rec)) < 0)
		die_error(err);
}

/* A listed row holds no body: read the blob again for the whole record.
 * It was validated (and warned about) when listed: parse it only. */
static void whole_row(mutu_buf *b, mutu_store *st, const mutu_record_type *t, const mutu_row *row,
		      mutu_format f, size_t nth)
{
	mutu_record *rec;
	char *data;
	size_t len;
	int err;

	if ((err = mutu_store_read_blob(&data, &len, st, &row->blob, MUTU_YAML_MAX_DOCUMENT)) < 0 ||
	    (err = mutu_yaml_parse(&rec, data, len, row->path)) < 0)
		die_error(err);
	free(data);
	print_whole(b, t, rec, f, nth);
	mutu_value_free(rec);
}

static size_t flex_column(const mutu_record_type *t, int with_status)
{
	const mutu_column *c;
	size_t i = 0;

	for (c = t->table; c->field; c++) {
		if ((c->flags & MUTU_COL_STATUS) && !with_status)
			continue;
		if (c->flags & MUTU_COL_FLEX)
			return i;
		i++;
	}
	return (size_t)-1;
}

/* A row's summary value at index i, as mutu_type_summary_index gave it. */
static const char *value_at(const mutu_row *r, int i)
{
	return i < 0 ? "" : r->values[i];
}

void record_print_rows(mutu_store *st, const mutu_record_type *t, const mutu_row *rows, size_t n,
		       int with_status)
{
	record_print_rows_with(st, t, rows, n, with_status, NULL);
}

void record_print_rows_with(mutu_store *st, const mutu_record_type *t, const mutu_row *rows,
			    size_t n, int with_status, const struct record_column *more)
{
	const char *headings[32], *cells[32];
	int tsv_at[32], table_at[32];   /* each column's summary index */
	mutu_format f = output_format();
	mutu_buf b = MUTU_BUF_INIT;
	mutu_table *table = NULL;
	const mutu_column *c;
	char cut[16][64];
	size_t i, k;
	int err;

	for (k = 0, c = t->tsv; c->field && k < 32; c++)
		tsv_at[k++] = mutu_type_summary_index(t, c->field);
	for (k = 0, c = t->table; c->field && k < 32; c++)
		table_at[k++] = mutu_type_summary_index(t, c->field);
	if (f == MUTU_FORMAT_TABLE) {
		for (k = 0, c = t->table; c->field && k < 31; c++)
			if (!(c->flags & MUTU_COL_STATUS) || with_status)
				headings[k++] = _(c->heading);
		if (more)
			headings[k++] = _(more->heading);
		if ((err = mutu_table_new(&table, k, headings)) < 0)
			die_error(err);
	}
	for (i = 0; i < n; i++) {
		const mutu_row *r = &rows[i];

		switch (f) {
		case MUTU_FORMAT_IDS:
			mutu_buf_printf(&b, "%s\n", r->key);
			break;
		case MUTU_FORMAT_TSV:
			for (c = t->tsv; c->field && c - t->tsv < 32; c++) {
				if (c != t->tsv)
					mutu_buf_putc(&b, '\t');
				mutu_output_tsv_field(&b, value_at(r, tsv_at[c - t->tsv]));
			}
			mutu_buf_putc(&b, '\n');
			break;
		case MUTU_FORMAT_JSON:
		case MUTU_FORMAT_YAML:
			whole_row(&b, st, t, r, f, i);
			break;
		case MUTU_FORMAT_TABLE:
			for (k = 0, c = t->table; c->field && k < 31; c++) {
				const char *v = value_at(r, table_at[c - t->table]);

				if ((c->flags & MUTU_COL_STATUS) && !with_status)
					continue;
				if ((c->flags & MUTU_COL_KEY) && k < 16)
					snprintf(cut[k], sizeof(cut[k]), "%.*s",
						 (int)(r->unique > 8 ? r->unique : 8), v);
				else if ((c->flags & MUTU_COL_DATE) && k < 16)
					snprintf(cut[k], sizeof(cut[k]), "%.*s",
						 (int)mutu_utf8_cut(v, 10), v);
				cells[k] = (c->flags & (MUTU_COL_KEY | MUTU_COL_DATE)) && k < 16 ? cut[k] : v;
				k++;
			}
			if (more)
				cells[k] = more->value(r, more->payload);
			if ((err = mutu_table_add(table, cells)) < 0)
				die_error(err);
			break;
		}
		/* stream what does not need column widths */
		if (b.len > 65536) {
			emit(&b);
			mutu_buf_clear(&b);
		}
	}
	if (table) {
		mutu_table_render(&b, table, terminal_width(), flex_column(t, with_status));
		mutu_table_free(table);
	}
	emit(&b);
	mutu_buf_free(&b);
}

void record_print_label(mutu_buf *b, const char *label)
{
	size_t cols;

	mutu_buf_puts(b, label);
	/* padded by display width: a translated label may hold accents */
	for (cols = mutu_utf8_width(label); cols < 14; cols++)
		mutu_buf_putc(b, ' ');
}

/* One record, for people: a heading, a line per detail field, the body. */
static void print_detail(mutu_buf *b, const mutu_record_type *t, const mutu_record *rec)
{
	mutu_buf value = MUTU_BUF_INIT;
	const mutu_column *c;
	const char *body;

	mutu_utf8_escape(b, t->name, 0);
	mutu_buf_putc(b, ' ');
	mutu_utf8_escape(b, str(rec, t->key_field), 0);
	if (t->status_field) {
		mutu_buf_puts(b, "  (");
		mutu_utf8_escape(b, str(rec, t->status_field), 0);
		mutu_buf_putc(b, ')');
	}
	mutu_buf_putc(b, '\n');
	for (c = t->detail; c && c->field; c++) {
		mutu_buf_clear(&value);
		field_text(&value, rec, c->field, ", ");
		if (!value.len)
			continue;
		record_print_label(b, _(c->heading));
		mutu_utf8_escape(b, mutu_buf_cstr(&value), 0);
		mutu_buf_putc(b, '\n');
	}
	body = t->body_field ? mutu_map_str(rec, t->body_field) : NULL;
	if (body && *body) {
		mutu_buf_putc(b, '\n');
		record_print_body(b, body);
	}
	mutu_buf_free(&value);
}

void record_print_body(mutu_buf *b, const char *body)
{
	mutu_buf text = MUTU_BUF_INIT;
	size_t w = terminal_width();
	int err;

	if ((err = mutu_markdown_text(&text, body, w > 2 && w < 100 ? (int)w - 2 : 78)) < 0)
		die_error(err);
	/* a body may hold anything: only lines and tabs pass as they are */
	mutu_utf8_escape(b, mutu_buf_cstr(&text), MUTU_ESCAPE_KEEP_LINES);
	mutu_buf_free(&text);
}

void record_print(mutu_buf *b, const mutu_record_type *t, mutu_record *rec, mutu_format f,
		  size_t nth)
{
	const mutu_column *c;
	mutu_buf v = MUTU_BUF_INIT;
	mutu_value *derived = NULL;

	switch (f) {
	case MUTU_FORMAT_JSON:
	case MUTU_FORMAT_YAML:
		print_whole(b, t, rec, f, nth);
		break;
	case MUTU_FORMAT_IDS:
		mutu_buf_printf(b, "%s\n", str(rec, t->key_field));
		break;
	case MUTU_FORMAT_TSV:
		/* what a list prints from the catalog, derived fields too */
		if (t->derive && t->derive(rec, &derived) < 0)
			die_error(MUTU_ENOMEM);
		for (c = t->tsv; c->field; c++) {
			if (c != t->tsv)
				mutu_buf_putc(b, '\t');
			mutu_buf_clear(&v);
			field_text(&v, mutu_type_derived(t, c->field) ? derived : rec, c->field, ",");
			mutu_output_tsv_field(b, mutu_buf_cstr(&v));
		}
		mutu_buf_putc(b, '\n');
		mutu_value_free(derived);
		break;
	case MUTU_FORMAT_TABLE:
		if (nth)
			mutu_buf_putc(b, '\n');
		print_detail(b, t, rec);
		break;
	}
	mutu_buf_free(&v);
}

void record_print_records(mutu_buf *b, const mutu_record_type *t, mutu_record *const *recs,
			  size_t n, mutu_format f)
{
	mutu_buf cell[32];
	const char *headings[32], *cells[32];
	mutu_table *table = NULL;
	const mutu_column *c;
	size_t i, k;
	int err;

	if (f != MUTU_FORMAT_TABLE) {
		for (i = 0; i < n; i++)
			record_print(b, t, recs[i], f, i);
		return;
	}
	for (k = 0, c = t->table; c->field && k < 32; c++)
		if (!(c->flags & MUTU_COL_STATUS))
			headings[k++] = _(c->heading);
	if ((err = mutu_table_new(&table, k, headings)) < 0)
		die_error(err);
	for (k = 0; k < 32; k++)
		cell[k] = (mutu_buf)MUTU_BUF_INIT;
	for (i = 0; i < n; i++) {
		for (k = 0, c = t->table; c->field && k < 32; c++) {
			if (c->flags & MUTU_COL_STATUS)
				continue;
			mutu_buf_clear(&cell[k]);
			field_text(&cell[k], recs[i], c->field, ",");
			/* an id in full would crowd the table */
			if ((c->flags & MUTU_COL_KEY) && cell[k].len > 8)
				mutu_buf_truncate(&cell[k], 8);
			cells[k] = mutu_buf_cstr(&cell[k]);
			k++;
		}
		if ((err = mutu_table_add(table, cells)) < 0)
			die_error(err);
	}
	mutu_table_render(b, table, terminal_width(), flex_column(t, 0));
	mutu_table_free(table);
	for (k = 0; k < 32; k++)
		mutu_buf_free(&cell[k]);
}

/* --- list --- */

/* Listed offers as a calendar: the events among them. */
static void print_calendar(mutu_store *st, const mutu_row *rows, size_t n)
{
	mutu_buf b = MUTU_BUF_INIT;
	mutu_calendar *cal;
	mutu_record *rec, *commons = NULL;
	char *data;
	size_t i, len;
	int err;

	if ((err = mutu_calendar_new(&cal)) < 0)
		die_error(err);
	for (i = 0; i < n; i++) {
		if ((err = mutu_store_read_blob(&data, &len, st, &rows[i].blob, MUTU_YAML_MAX_DOCUMENT)) < 0 ||
		    (err = mutu_yaml_parse(&rec, data, len, rows[i].path)) < 0)
			die_error(err);
		free(data);
		err = mutu_calendar_add_event(cal, rec);
		mutu_value_free(rec);
		if (err < 0)
			die_error(err);
	}
	if (mutu_records_read(&commons, NULL, st, "commons", "mutu.yaml", 0) < 0)
		mutu_error_clear();
	if ((err = mutu_calendar_write(&b, cal, commons ? mutu_map_str(commons, "name") : NULL)) < 0)
		die_error(err);
	emit(&b);
	mutu_buf_free(&b);
	mutu_value_free(commons);
	mutu_calendar_free(cal);
}

/* What --status takes: the statuses the type's schema lists, the one a
 * list shows by default first, and "all". */
static void status_choices(const char **out, size_t max, const mutu_record_type *t)
{
	const mutu_schema *schema;
	const mutu_value *e = NULL;
	size_t i, k = 0;

	if (t->listed_status)
		out[k++] = t->listed_status;
	if (mutu_schema_get(&schema, t->name) == 0)
		e = mutu_schema_enum(schema, t->status_field);
	for (i = 0; e && i < e->u.seq.len && k + 2 < max; i++)
		if (e->u.seq.items[i]->type == MUTU_STR &&
		    (!t->listed_status || strcmp(e->u.seq.items[i]->u.str, t->listed_status)))
			out[k++] = e->u.seq.items[i]->u.str;
	out[k++] = "all";
	out[k] = NULL;
}

static int list_records(const mutu_record_type *t, const struct item_extras *x, int argc,
			char **argv)
{
	const char *statuses[16], *status = t->listed_status, *kind = NULL, *author = NULL, *grep = NULL,
		   *sort = NULL, *sort_names[8];
	struct strlist tags = { 0 };
	struct opt opts[12];
	mutu_filter filters[40];
	mutu_query q = { 0 };
	const char *usage = N_("list [options]");
	mutu_row *rows;
	mutu_store *st;
	long limit = 0;
	size_t i, n, k = 0, nf = 0;
	int nargs, err;

	/* the options a type's summary supports */
	for (i = 0; t->sorts[i].field && i < 7; i++)
		sort_names[i] = t->sorts[i].field;
	sort_names[i] = NULL;
	if (t->status_field) {
		status_choices(statuses, 16, t);
		opts[k++] = (struct opt)OPT_CHOICE('s', "status", &status, N_("STATUS"),
						   t->listed_status ? N_("only this status (the first by default, all for any)")
								    : N_("only this status (the default: all)"),
						   statuses);
	}
	if (mutu_type_summary_index(t, "kind") >= 0)
		opts[k++] = (struct opt)OPT_ENUM('k', "kind", &kind, N_("KIND"), N_("only this kind"),
						 t->name, "kind");
	if (mutu_type_summary_index(t, "tags") >= 0)
		opts[k++] = (struct opt)OPT_LIST(0, "tag", &tags, N_("TAG"), N_("only records with this tag"));
	if (mutu_type_summary_index(t, "author") >= 0)
		opts[k++] = (struct opt)OPT_STRING('a', "author", &author, N_("HANDLE"),
						   N_("only this member's"));
	opts[k++] = (struct opt)OPT_STRING('g', "grep", &grep, N_("TEXT"), N_("TEXT in the record's text, any case"));
	opts[k++] = (struct opt)OPT_CHOICE(0, "sort", &sort, N_("KEY"), N_("the order, the first one by default"),
					   sort_names);
	opts[k++] = (struct opt)OPT_INT('n', "limit", &limit, N_("N"), N_("at most N records"), 1,
					1000000000);
	opts[k] = (struct opt)OPT_TABLE_END;
	parse_options(argc, argv, opts, usage, &nargs);
	if (nargs)
		usage_error(usage, _("unexpected argument '%s'"), mutu_utf8_clip(argv[0], 40));
	if (author && (err = mutu_handle_check(author)) < 0)
		die_error(err);
	if (status && strcmp(status, "all") != 0)
		filters[nf++] = (mutu_filter){ t->status_field, status };
	if (kind)
		filters[nf++] = (mutu_filter){ "kind", kind };
	if (author)
		filters[nf++] = (mutu_filter){ "author", author };
	for (i = 0; i < tags.len; i++) {
		if (!*tags.items[i])
			usage_error(usage, "%s", _("--tag needs a tag, not an empty value"));
		if (nf == sizeof(filters) / sizeof(filters[0]))
			usage_error(usage, "%s", _("too many --tag options"));
		filters[nf++] = (mutu_filter){ "tags", tags.items[i] };
	}
	q.filters = filters;
	q.nfilters = nf;
	q.grep = grep;
	q.sort = mutu_type_sort(t, sort);
	q.limit = (size_t)limit;
	if (want_ics() && !(x && x->events))
		die(2, "%s", _("--format ics prints calendars: mutu offer list --kind event, mutu calendar"));
	st = open_commons();
	if ((err = mutu_list(&rows, &n, st, t, &q, progress)) < 0)
		die_error(err);
	if (want_ics())
		print_calendar(st, rows, n);
	else
		record_print_rows_with(st, t, rows, n,
				       t->status_field && (!status || !t->listed_status ||
							   strcmp(status, t->listed_status)),
				       x && x->list_column && output_format() == MUTU_FORMAT_TABLE
					       ? x->list_column(st) : NULL);
	mutu_rows_free(rows, n);
	mutu_store_free(st);
	free(tags.items);
	return n ? 0 : 1;
}

int record_list(const mutu_record_type *t, int argc, char **argv)
{
	return list_records(t, NULL, argc, argv);
}

/* --- show --- */

static void show_one(mutu_buf *b, mutu_store *st, const mutu_record_type *t, const char *typed,
		     mutu_format f, size_t nth, record_show_more more)
{
	mutu_record *rec;
	mutu_found found;
	int err;

	if ((err = mutu_find(&found, st, t, typed)) < 0 ||
	    (err = mutu_find_load(&rec, NULL, st, &found, 0)) < 0) {
		emit(b);   /* what came before stays printed */
		die_error(err);
	}
	record_print(b, found.type, rec, f, nth);
	if (more)
		more(b, st, &found, rec, f);
	mutu_value_free(rec);
	if (b->len > 65536) {
		emit(b);
		mutu_buf_clear(b);
	}
}

int record_show(const mutu_record_type *t, int argc, char **argv)
{
	return record_show_with(t, argc, argv, NULL);
}

int record_show_with(const mutu_record_type *t, int argc, char **argv, record_show_more more)
{
	const char *usage = !t ? N_("ID... | --stdin")
			    : t->key == MUTU_KEY_HANDLE ? N_("show HANDLE... | --stdin")
							: N_("show ID... | --stdin");
	int from_stdin = 0, nargs, i;
	const struct opt opts[] = {
		OPT_FLAG(0, "stdin", &from_stdin, N_("read the keys from standard input, one a line")),
		OPT_TABLE_END,
	};
	mutu_buf b = MUTU_BUF_INIT;
	mutu_format f;
	mutu_store *st;
	char line[256];
	size_t nth = 0;

	parse_options(argc, argv, opts, usage, &nargs);
	if (!nargs && !from_stdin)
		usage_error(usage, t && t->key == MUTU_KEY_HANDLE ? _("which %s? give a handle")
								  : _("which %s? give its id"),
			    t ? t->name : _("record"));
	if (nargs && from_stdin)
		usage_error(usage, "%s", _("give keys as arguments or on standard input, not both"));
	f = output_format();
	st = open_commons();
	for (i = 0; i < nargs; i++)
		show_one(&b, st, t, argv[i], f, nth++, more);
	while (from_stdin && read_line_or_die(stdin, _("standard input"), line, sizeof(line)))
		if (*line)
			show_one(&b, st, t, line, f, nth++, more);
	emit(&b);
	mutu_buf_free(&b);
	mutu_store_free(st);
	return 0;
}

/* --- changing one record --- */

/* Run $VISUAL or $EDITOR (through the shell, so it may carry options):
 * 0, or the editor's failure. */
static int run_editor(const char *file, const char **which)
{
	const char *ed = getenv("VISUAL");
	pid_t pid;
	int status;

	if (!ed || !*ed)
		ed = getenv("EDITOR");
	if (!ed || !*ed)
		ed = "vi";
	*which = ed;
	if ((pid = fork()) < 0)
		die(71, _("cannot start the editor: %s"), strerror(errno));
	if (pid == 0) {
		execl("/bin/sh", "sh", "-c", "exec $0 \"$1\"", ed, file, (char *)NULL);
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			die(71, _("cannot wait for the editor: %s"), strerror(errno));
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

static int ask_again(void)
{
	char line[16];

	if (!isatty(STDIN_FILENO))
		return 0;
	fprintf(stderr, "%s", _("Edit again? [Y/n] "));
	if (!fgets(line, sizeof(line), stdin))
		return 0;
	return line[0] != 'n' && line[0] != 'N';
}

/* Die, the text a person typed kept in file and named in the message. */
__attribute__((noreturn)) static void die_kept(int code, const char *file)
{
	char why[900];

	snprintf(why, sizeof(why), "%s", mutu_error_last());
	mutu_error_set(code, _("%s (your text is kept in %s)"), why, file);
	die_error(code);
}

/* crontab -e: edit a copy, check it on save, reopen it on error. The copy
 * is removed only once the change is committed: *kept names it. */
static void edit_in_editor(const mutu_record_type *t, mutu_record *rec, const char *path,
			   char kept[4096])
{
	const char *dir = getenv("TMPDIR"), *ed;
	mutu_buf text = MUTU_BUF_INIT;
	mutu_record *edited;
	char *data;
	size_t len;
	int fd, err;

	if ((err = mutu_records_emit(&text, t->name, rec)) < 0)
		die_error(err);
	snprintf(kept, 4096, "%s/mutu-edit-XXXXXX.yaml", dir && *dir ? dir : "/tmp");
	if ((fd = mkstemps(kept, 5)) < 0)
		die(74, _("cannot create a file to edit: %s"), strerror(errno));
	if (write(fd, text.ptr, text.len) != (ssize_t)text.len || close(fd) < 0)
		die(74, "%s: %s", kept, strerror(errno));
	mutu_buf_free(&text);
	for (;;) {
		if (run_editor(kept, &ed) < 0) {
			mutu_error_set(MUTU_ENOMATCH, _("the editor '%s' failed; nothing changed"), ed);
			die_kept(MUTU_ENOMATCH, kept);
		}
		data = read_file_or_die(kept, MUTU_YAML_MAX_DOCUMENT, &len);
		err = mutu_yaml_parse(&edited, data, len, path);
		free(data);
		if (err == 0) {
			err = mutu_action_apply_edit(rec, t, edited, path);
			mutu_value_free(edited);
		}
		if (err == 0)
			err = mutu_records_check(t->name, rec, path);
		if (err == 0)
			return;
		if (!isatty(STDIN_FILENO))
			die_kept(err, kept);
		fprintf(stderr, _("%s: error: %s\n"), prog, mutu_error_last());
		if (!ask_again())
			die_kept(err, kept);
	}
}

mutu_record *record_load(mutu_store *st, const mutu_record_type *t, int nargs, char **args,
			 const char *usage, mutu_oid *blob, mutu_found *found)
{
	mutu_record *rec;
	int err;

	if (nargs != 1)
		usage_error(usage, nargs ? _("one %s at a time") : _("which %s? give its id"), t->name);
	/* quietly: the change is checked whole before it is saved, and a
	 * refusal is one line, never a warning and then an error */
	if ((err = mutu_find(found, st, t, args[0])) < 0 ||
	    (err = mutu_find_load(&rec, blob, st, found, MUTU_FIND_QUIET)) < 0)
		die_error(err);
	return rec;
}

mutu_record *record_open(struct session *s, const mutu_record_type *t, int nargs, char **args,
			 const char *usage, mutu_oid *blob, mutu_found *found)
{
	mutu_record *rec;

	session_open(s);
	rec = record_load(s->st, t, nargs, args, usage, blob, found);
	session_act(s);
	return rec;
}

/* The end of every change: nothing, or one commit. */
static void save_change(const mutu_action_ctx *ctx, const mutu_record_type *t, mutu_record *rec,
			const mutu_record *before, const mutu_oid *blob, const char *verb,
			const char *path, const char *kept)
{
	int err;

	if ((err = mutu_records_check(t->name, rec, path)) < 0) {
		if (*kept)
			die_kept(err, kept);
		die_error(err);
	}
	if (mutu_value_equal(rec, before)) {
		if (!common.quiet)
			fprintf(stderr, _("%s: nothing changed\n"), prog);
	} else if ((err = mutu_action_save(ctx, t, rec, blob, verb)) < 0) {
		if (*kept)
			die_kept(err, kept);
		die_error(err);
	}
	if (*kept)
		unlink(kept);
}

int record_edit(const mutu_record_type *t, int argc, char **argv)
{
	const char *usage = N_("edit ID [--set FIELD=VALUE]... [--add-tag TAG]... [--remove-tag TAG]...");
	struct strlist sets = { 0 }, add = { 0 }, rm = { 0 };
	const struct opt opts[] = {
		OPT_LIST(0, "set", &sets, N_("FIELD=VALUE"), N_("change a field (an empty VALUE removes it)")),
		OPT_LIST(0, "add-tag", &add, N_("TAG"), N_("add a tag")),
		OPT_LIST(0, "remove-tag", &rm, N_("TAG"), N_("remove a tag")),
		OPT_TABLE_END,
	};
	mutu_record *rec, *before;
	mutu_found found;
	struct session s;
	mutu_oid blob;
	char kept[4096] = "";
	size_t i;
	int nargs, err = 0;

	parse_options(argc, argv, opts, usage, &nargs);
	for (i = 0; i < sets.len; i++)
		if (!strchr(sets.items[i], '='))
			usage_error(usage, _("--set takes FIELD=VALUE, not '%s'"),
				    mutu_utf8_clip(sets.items[i], 40));
	rec = record_open(&s, t, nargs, argv, usage, &blob, &found);
	/* permission first: before any editor opens */
	if ((err = mutu_action_check_owner(t, rec, &s.who, "edit")) < 0)
		die_error(err);
	if (!(before = mutu_value_dup(rec)))
		die_error(MUTU_ENOMEM);
	if (!sets.len && !add.len && !rm.len)
		edit_in_editor(t, rec, found.path, kept);
	for (i = 0; i < sets.len && err == 0; i++) {
		const char *eq = strchr(sets.items[i], '=');
		char field[64];

		snprintf(field, sizeof(field), "%.*s", (int)(eq - sets.items[i]), sets.items[i]);
		err = mutu_action_set(rec, t, field, eq + 1);
	}
	for (i = 0; i < add.len && err == 0; i++)
		err = mutu_action_list_item(rec, t, "tags", add.items[i], 1);
	for (i = 0; i < rm.len && err == 0; i++)
		err = mutu_action_list_item(rec, t, "tags", rm.items[i], 0);
	if (err < 0)
		die_error(err);
	save_change(&s.ctx, t, rec, before, &blob, "edit", found.path, kept);
	mutu_value_free(before);
	mutu_value_free(rec);
	session_end(&s);
	free(sets.items);
	free(add.items);
	free(rm.items);
	return 0;
}

int record_transition(const mutu_record_type *t, const char *verb, int argc, char **argv)
{
	const mutu_transition *tr = mutu_type_transition(t, verb);
	const char *note = NULL;
	struct opt opts[2] = { OPT_TABLE_END, OPT_TABLE_END };
	mutu_record *rec, *before;
	mutu_found found;
	struct session s;
	mutu_oid blob;
	char usage[128];
	int nargs, err;

	if (tr->note_field) {
		opts[0] = (struct opt)OPT_STRING('r', "reason", &note, N_("TEXT"), N_("why"));
		snprintf(usage, sizeof(usage), _("%s ID [--reason TEXT]"), verb);
	} else {
		snprintf(usage, sizeof(usage), _("%s ID"), verb);
	}
	parse_options(argc, argv, opts, usage, &nargs);
	rec = record_open(&s, t, nargs, argv, usage, &blob, &found);
	/* permission first: before "already closed" */
	if ((err = mutu_action_check_owner(t, rec, &s.who, verb)) < 0)
		die_error(err);
	if (!(before = mutu_value_dup(rec)))
		die_error(MUTU_ENOMEM);
	if ((err = mutu_action_transition(rec, t, tr, note, &s.ctx)) < 0)
		die_error(err);
	if (err == 1)
		die(1, _("%s %s is already %s"), t->name, mutu_utf8_clip(found.key, 8), tr->to);
	save_change(&s.ctx, t, rec, before, &blob, verb, found.path, "");
	mutu_value_free(before);
	mutu_value_free(rec);
	session_end(&s);
	return 0;
}

/* --- offers and needs --- */

static const mutu_record_type *item;
static const struct item_extras *extras;

static const char *body_arg(const char *body, const char *body_file, const char *usage)
{
	size_t len;
	char *text;

	if (body && body_file)
		usage_error(usage, "%s", _("--body and --body-file exclude each other"));
	if (!body_file)
		return body;
	/* a body holds at most 65536 characters: 4 bytes each at most */
	text = read_file_or_die(body_file, 4 * 65536, &len);
	if (strlen(text) != len) {
		free(text);   /* nothing else holds it: a leak checker would say so */
		die(65, _("%s: NUL character in body"), body_file);
	}
	return text;
}

/* A time a person gave (RFC 3339 or +DURATION), as a record keeps it. */
static int set_time(mutu_record *rec, const char *field, const char *text)
{
	time_t now, t;
	int err;

	if ((err = mutu_clock_now(&now)) < 0)
		return err;
	if (mutu_clock_resolve(&t, text, now) < 0)
		return mutu_error_set(MUTU_EDATA, _("--%s: '%s' is not a time (RFC 3339) or +DURATION"),
				      field, mutu_utf8_clip(text, 40));
	return mutu_action_stamp(rec, field, t);
}

static int item_add(int argc, char **argv)
{
	const char *usage = extras->events
		? N_("add --title TEXT [--kind KIND] [--tag TAG]... [--body TEXT | --body-file FILE|-] [--location TEXT] [--availability TEXT] [--start TIME --end TIME [--capacity N]] | --yaml FILE|-")
		: N_("add --title TEXT [--kind KIND] [--tag TAG]... [--body TEXT | --body-file FILE|-] [--location TEXT] [--availability TEXT] | --yaml FILE|-");
	const char *title = NULL, *kind = NULL, *body = NULL, *body_file = NULL, *location = NULL,
		   *availability = NULL, *yaml = NULL, *start = NULL, *end = NULL;
	long capacity = 0;
	struct strlist tags = { 0 };
	const struct opt opts[] = {
		OPT_STRING('t', "title", &title, N_("TEXT"), N_("one line saying what it is")),
		OPT_ENUM('k', "kind", &kind, N_("KIND"), N_("what kind of thing"), item->name, "kind"),
		OPT_LIST(0, "tag", &tags, N_("TAG"), N_("a tag")),
		OPT_STRING('b', "body", &body, N_("TEXT"), N_("details, in Markdown")),
		OPT_STRING(0, "body-file", &body_file, N_("FILE"), N_("details from a file (- for standard input)")),
		OPT_STRING(0, "location", &location, N_("TEXT"), N_("where")),
		OPT_STRING(0, "availability", &availability, N_("TEXT"), N_("when")),
		OPT_STRING(0, "yaml", &yaml, N_("FILE"), N_("add every YAML document of FILE (- for standard input), in one commit")),
		/* an event's: the items that may be events only (extras->events) */
		OPT_STRING(0, "start", &start, N_("TIME"), N_("when the event starts (RFC 3339 or +DURATION)")),
		OPT_STRING(0, "end", &end, N_("TIME"), N_("when the event ends (RFC 3339 or +DURATION)")),
		OPT_INT(0, "capacity", &capacity, N_("N"), N_("how many may take part (more wait in line)"), 1, 100000),
		OPT_TABLE_END,
	};
	const struct opt *used = opts;
	struct opt need_opts[16];
	mutu_buf out = MUTU_BUF_INIT;
	mutu_record *rec, **recs;
	struct session s;
	size_t i, n;
	int nargs, err;

	if (!extras->events) {
		/* a need has no start, end or capacity */
		for (i = 0; opts[i].name && strcmp(opts[i].name, "start") != 0; i++)
			need_opts[i] = opts[i];
		need_opts[i] = (struct opt)OPT_TABLE_END;
		used = need_opts;
	}
	parse_options(argc, argv, used, usage, &nargs);
	if (nargs)
		usage_error(usage, _("unexpected argument '%s'"), mutu_utf8_clip(argv[0], 40));
	if (yaml && (title || kind || tags.len || body || body_file || location || availability ||
		     start || end || capacity))
		usage_error(usage, "%s", _("--yaml takes the fields from its documents, not from options"));
	if (!yaml && !title)
		usage_error(usage, "%s", _("--title is required"));
	body = body_arg(body, body_file, usage);
	session_open(&s);
	session_act(&s);
	if (yaml) {
		FILE *f = strcmp(yaml, "-") ? fopen(yaml, "rb") : stdin;

		if (!f)
			die(66, _("cannot open '%s': %s"), yaml, strerror(errno));
		err = mutu_action_import(&recs, &n, &s.ctx, item, f, yaml, progress);
		if (f != stdin)
			fclose(f);
		if (err < 0)
			die_error(err);
	} else {
		if ((err = mutu_action_new(&rec, item, s.me.handle, NULL)) < 0 ||
		    (err = mutu_map_set_str(rec, "title", title)) < 0 ||
		    (kind && (err = mutu_map_set_str(rec, "kind", kind)) < 0) ||
		    (body && (err = mutu_map_set_str(rec, "body", body)) < 0) ||
		    (location && (err = mutu_map_set_str(rec, "location", location)) < 0) ||
		    (availability && (err = mutu_map_set_str(rec, "availability", availability)) < 0) ||
		    (start && (err = set_time(rec, "start", start)) < 0) ||
		    (end && (err = set_time(rec, "end", end)) < 0) ||
		    (capacity && (err = mutu_map_set(rec, "capacity", mutu_value_int(capacity))) < 0))
			die_error(err);
		for (i = 0; i < tags.len; i++)
			if ((err = mutu_action_list_item(rec, item, "tags", tags.items[i], 1)) < 0)
				die_error(err);
		if ((err = mutu_action_add(&s.ctx, item, &rec, 1)) < 0)
			die_error(err);
		recs = &rec;
		n = 1;
	}
	for (i = 0; i < n; i++) {
		mutu_buf_printf(&out, "%s\n", mutu_map_str(recs[i], "id"));
		mutu_value_free(recs[i]);
	}
	if (recs != &rec)
		free(recs);
	emit(&out);
	mutu_buf_free(&out);
	session_end(&s);
	free(tags.items);
	if (body_file)
		free((char *)body);
	return 0;
}

static int item_list(int argc, char **argv) { return list_records(item, extras, argc, argv); }
static int item_show(int argc, char **argv)
{
	return record_show_with(item, argc, argv, extras->show_more);
}
static int item_match_verb(int argc, char **argv) { return item_match(item, argc, argv); }
static int item_edit(int argc, char **argv) { return record_edit(item, argc, argv); }
static int item_close(int argc, char **argv) { return record_transition(item, "close", argc, argv); }
static int item_reopen(int argc, char **argv) { return record_transition(item, "reopen", argc, argv); }

int items_main(int argc, char **argv, const mutu_record_type *t, const struct item_extras *x)
{
	const struct verb *more = x->verbs;
	static const struct verb shared[] = {
		{ "add", item_add, NULL, N_("publish a new one (prints its id)") },
		{ "list", item_list, NULL, N_("list them, newest first") },
		{ "show", item_show, NULL, N_("show some, by id") },
		{ "edit", item_edit, NULL, N_("change one (no option: in $EDITOR)") },
		{ "close", item_close, NULL, N_("close one") },
		{ "reopen", item_reopen, NULL, N_("reopen a closed one") },
		{ "match", item_match_verb, NULL, N_("rank what could answer one (offers for a need, needs for an offer)") },
	};
	struct verb verbs[40];
	size_t n = 0, i;

	item = t;
	extras = x;
	for (i = 0; i < sizeof(shared) / sizeof(shared[0]); i++)
		verbs[n++] = shared[i];
	for (; more && more->name && n + 1 < sizeof(verbs) / sizeof(verbs[0]); more++)
		verbs[n++] = *more;
	verbs[n] = (struct verb){ NULL, NULL, NULL, NULL };
	return run_verbs(argc, argv, t->about, verbs);
}
