#include "items.h"

#include "common.h"
#include "lib/error.h"
#include "lib/markdown.h"
#include "lib/member.h"
#include "lib/schema.h"
#include "lib/yaml.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static const mutu_item_type *T;

/* --- printing --- */

static const char *str(const mutu_record *rec, const char *key)
{
	const char *s = mutu_map_str(rec, key);

	return s ? s : "";
}

/* tsv columns, a stable interface: id status kind author created updated title tags */
static void tsv_row(mutu_buf *b, const mutu_record *rec)
{
	static const char *cols[] = { "id", "status", "kind", "author", "created", "updated", "title" };
	mutu_buf tags = MUTU_BUF_INIT;
	size_t i;

	for (i = 0; i < sizeof(cols) / sizeof(cols[0]); i++) {
		mutu_output_tsv_field(b, str(rec, cols[i]));
		mutu_buf_putc(b, '\t');
	}
	mutu_output_join(&tags, mutu_map_get(rec, "tags"), ",");
	mutu_output_tsv_field(b, mutu_buf_cstr(&tags));
	mutu_buf_putc(b, '\n');
	mutu_buf_free(&tags);
}

/* json and yaml print whole records. */
static void print_whole(mutu_buf *b, mutu_record *rec, mutu_format f, size_t nth)
{
	int err;

	if (f == MUTU_FORMAT_JSON) {
		mutu_output_json(b, rec);
		mutu_buf_putc(b, '\n');
		return;
	}
	if (nth)
		mutu_buf_puts(b, "---\n");
	if ((err = mutu_records_emit(b, T->type, rec)) < 0)
		die_error(err);
}

/* A list row holds no body: read the blob again for the whole record. */
static void whole_record(mutu_buf *b, mutu_store *st, const mutu_item_row *row, mutu_format f,
			 size_t nth)
{
	mutu_record *rec;
	char *data;
	size_t len;
	int err;

	if ((err = mutu_store_read_blob(&data, &len, st, &row->blob)) < 0 ||
	    (err = mutu_records_parse(&rec, T->type, data, len, row->path, 0)) < 0)
		die_error(err);
	free(data);
	print_whole(b, rec, f, nth);
	mutu_value_free(rec);
}

static void print_rows(mutu_store *st, const mutu_item_row *rows, size_t n, int with_status)
{
	mutu_format f = output_format();
	mutu_buf b = MUTU_BUF_INIT;
	mutu_table *t = NULL;
	size_t i;
	int err;

	if (f == MUTU_FORMAT_TABLE) {
		/* STATUS only when the list mixes or shows closed records */
		static const char *all[] = { "ID", "KIND", "STATUS", "AUTHOR", "CREATED", "TITLE", "TAGS" };
		static const char *open[] = { "ID", "KIND", "AUTHOR", "CREATED", "TITLE", "TAGS" };

		if ((err = mutu_table_new(&t, with_status ? 7 : 6, with_status ? all : open)) < 0)
			die_error(err);
	}
	for (i = 0; i < n; i++) {
		const mutu_record *rec = rows[i].rec;
		char shortid[16], date[11];
		mutu_buf tags = MUTU_BUF_INIT;

		switch (f) {
		case MUTU_FORMAT_IDS:
			mutu_buf_printf(&b, "%s\n", str(rec, "id"));
			break;
		case MUTU_FORMAT_TSV:
			tsv_row(&b, rec);
			break;
		case MUTU_FORMAT_JSON:
		case MUTU_FORMAT_YAML:
			whole_record(&b, st, &rows[i], f, i);
			break;
		case MUTU_FORMAT_TABLE: {
			size_t k = rows[i].unique > MUTU_ID_SHORT ? rows[i].unique : MUTU_ID_SHORT;
			const char *cells[7];
			size_t c = 0;

			snprintf(shortid, sizeof(shortid), "%.*s", (int)k, str(rec, "id"));
			snprintf(date, sizeof(date), "%.10s", str(rec, "created"));
			mutu_output_join(&tags, mutu_map_get(rec, "tags"), ",");
			cells[c++] = shortid;
			cells[c++] = str(rec, "kind");
			if (with_status)
				cells[c++] = str(rec, "status");
			cells[c++] = str(rec, "author");
			cells[c++] = date;
			cells[c++] = str(rec, "title");
			cells[c++] = mutu_buf_cstr(&tags);
			if ((err = mutu_table_add(t, cells)) < 0)
				die_error(err);
			break;
		}
		}
		mutu_buf_free(&tags);
		/* stream what does not need column widths */
		if (b.len > 65536) {
			emit(&b);
			mutu_buf_clear(&b);
		}
	}
	if (t) {
		mutu_table_render(&b, t, terminal_width(), with_status ? 5 : 4);
		mutu_table_free(t);
	}
	emit(&b);
	mutu_buf_free(&b);
}

static void print_record(mutu_store *st, mutu_record *rec, const mutu_oid *blob, const char *path)
{
	mutu_format f = output_format();
	mutu_buf b = MUTU_BUF_INIT, tags = MUTU_BUF_INIT;
	mutu_item_row row;
	const char *body;
	int err;

	if (f == MUTU_FORMAT_JSON || f == MUTU_FORMAT_YAML) {
		print_whole(&b, rec, f, 0);   /* rec is already whole */
		emit(&b);
		mutu_buf_free(&b);
		return;
	}
	if (f != MUTU_FORMAT_TABLE) {
		memset(&row, 0, sizeof(row));
		row.rec = rec;
		row.blob = *blob;
		snprintf(row.path, sizeof(row.path), "%s", path);
		print_rows(st, &row, 1, 1);
		return;
	}
	mutu_output_join(&tags, mutu_map_get(rec, "tags"), ", ");
	mutu_buf_printf(&b, "%s %s  (%s)\n", T->type, str(rec, "id"), str(rec, "status"));
#define LINE(label, value) \
	if (*(value)) mutu_buf_printf(&b, "%-14s%s\n", label, value)
	LINE("Title:", str(rec, "title"));
	LINE("Kind:", str(rec, "kind"));
	LINE("Author:", str(rec, "author"));
	LINE("Created:", str(rec, "created"));
	LINE("Updated:", str(rec, "updated"));
	LINE("Tags:", mutu_buf_cstr(&tags));
	LINE("Location:", str(rec, "location"));
	LINE("Availability:", str(rec, "availability"));
	LINE("Closed:", str(rec, "closed_reason"));
#undef LINE
	body = mutu_map_str(rec, "body");
	if (body && *body) {
		size_t w = terminal_width();

		mutu_buf_putc(&b, '\n');
		if ((err = mutu_markdown_text(&b, body, w > 2 && w < 100 ? (int)w - 2 : 78)) < 0)
			die_error(err);
	}
	emit(&b);
	mutu_buf_free(&b);
	mutu_buf_free(&tags);
}

/* --- verbs --- */

static mutu_member acting(mutu_store *st)
{
	mutu_member me;
	int err;

	if ((err = mutu_member_whoami(&me, st)) < 0)
		die_error(err);
	return me;
}

static void check_kind(const char *kind)
{
	const mutu_schema *s;
	const mutu_value *kinds;
	mutu_buf b = MUTU_BUF_INIT;
	size_t i;

	if (!kind || mutu_schema_get(&s, T->type) < 0 || !(kinds = mutu_schema_enum(s, "kind")))
		return;
	if (mutu_seq_find_str(kinds, kind) >= 0)
		return;
	for (i = 0; i < kinds->u.seq.len; i++)
		mutu_buf_printf(&b, "%s%s", i ? ", " : "", kinds->u.seq.items[i]->u.str);
	die(65, "unknown kind '%.40s': use one of %s", kind, mutu_buf_cstr(&b));
}

static const char *body_arg(const char *body, const char *body_file, const char *usage)
{
	size_t len;
	char *text;

	if (body && body_file)
		usage_error(usage, "--body and --body-file exclude each other");
	if (!body_file)
		return body;
	text = read_file_or_die(body_file, &len);
	if (strlen(text) != len)
		die(65, "%s: NUL character in body", body_file);
	return text;
}

static int cmd_add(int argc, char **argv)
{
	const char *usage = "add --title TEXT [--kind KIND] [--tag TAG]... [--body TEXT | --body-file FILE|-] [--location TEXT] [--availability TEXT] | --yaml FILE|-";
	const char *title = NULL, *kind = NULL, *body = NULL, *body_file = NULL, *location = NULL,
		   *availability = NULL, *yaml = NULL;
	struct strlist tags = { 0 };
	const struct opt opts[] = {
		{ "title", 't', OPT_STRING, &title, "TEXT", "one line saying what it is" },
		{ "kind", 'k', OPT_STRING, &kind, "KIND", "tool, skill, space, time, material, service, event or other" },
		{ "tag", 0, OPT_LIST, &tags, "TAG", "a tag" },
		{ "body", 'b', OPT_STRING, &body, "TEXT", "details, in Markdown" },
		{ "body-file", 0, OPT_STRING, &body_file, "FILE", "details from a file (- for stdin)" },
		{ "location", 0, OPT_STRING, &location, "TEXT", "where" },
		{ "availability", 0, OPT_STRING, &availability, "TEXT", "when" },
		{ "yaml", 0, OPT_STRING, &yaml, "FILE", "add every YAML document of FILE (- for stdin), in one commit" },
		OPT_TABLE_END,
	};
	mutu_buf out = MUTU_BUF_INIT;
	mutu_record *rec, **recs;
	mutu_member me;
	mutu_actor who;
	mutu_store *st;
	size_t i, n;
	char **args;
	int nargs, err;

	parse_options(argc, argv, opts, usage, &args, &nargs);
	if (nargs)
		usage_error(usage, "unexpected argument '%s'", args[0]);
	if (yaml && (title || kind || tags.len || body || body_file || location || availability))
		usage_error(usage, "--yaml takes the fields from its documents, not from options");
	if (!yaml && !title)
		usage_error(usage, "--title is required");
	check_kind(kind);
	body = body_arg(body, body_file, usage);
	st = open_commons();
	me = acting(st);
	who = mutu_member_actor(&me);
	if (yaml) {
		FILE *f = strcmp(yaml, "-") ? fopen(yaml, "rb") : stdin;

		if (!f)
			die(66, "cannot open '%s': %s", yaml, strerror(errno));
		err = mutu_item_import(&recs, &n, st, &who, T, f, yaml, progress);
		if (f != stdin)
			fclose(f);
		if (err < 0)
			die_error(err);
	} else {
		if ((err = mutu_item_new(&rec, T, me.handle)) < 0 ||
		    (err = mutu_map_set_str(rec, "title", title)) < 0 ||
		    (kind && (err = mutu_map_set_str(rec, "kind", kind)) < 0) ||
		    (body && (err = mutu_map_set_str(rec, "body", body)) < 0) ||
		    (location && (err = mutu_map_set_str(rec, "location", location)) < 0) ||
		    (availability && (err = mutu_map_set_str(rec, "availability", availability)) < 0))
			die_error(err);
		for (i = 0; i < tags.len; i++)
			if ((err = mutu_item_tag(rec, tags.items[i], 1)) < 0)
				die_error(err);
		if ((err = mutu_item_add(st, &who, T, &rec, 1)) < 0)
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
	mutu_member_clear(&me);
	mutu_store_free(st);
	free(tags.items);
	if (body_file)
		free((char *)body);
	return 0;
}

static int cmd_list(int argc, char **argv)
{
	const char *usage = "list [--status open|closed|all] [--kind KIND] [--tag TAG]... [--author HANDLE] [--grep TEXT] [--sort created|updated|title] [--limit N]";
	const char *status = "open", *kind = NULL, *author = NULL, *grep = NULL, *sort = NULL,
		   *limit = NULL;
	struct strlist tags = { 0 };
	const struct opt opts[] = {
		{ "status", 's', OPT_STRING, &status, "STATUS", "open (default), closed or all" },
		{ "kind", 'k', OPT_STRING, &kind, "KIND", "only this kind" },
		{ "tag", 0, OPT_LIST, &tags, "TAG", "only records with this tag" },
		{ "author", 'a', OPT_STRING, &author, "HANDLE", "only this member's" },
		{ "grep", 'g', OPT_STRING, &grep, "TEXT", "TEXT in title or body, any case" },
		{ "sort", 0, OPT_STRING, &sort, "KEY", "created (default), updated or title" },
		{ "limit", 'n', OPT_STRING, &limit, "N", "at most N records" },
		OPT_TABLE_END,
	};
	mutu_item_query q = { 0 };
	mutu_item_row *rows;
	mutu_store *st;
	char **args, *end;
	size_t n;
	int nargs, err;

	parse_options(argc, argv, opts, usage, &args, &nargs);
	if (nargs)
		usage_error(usage, "unexpected argument '%s'", args[0]);
	if (strcmp(status, "open") && strcmp(status, "closed") && strcmp(status, "all"))
		usage_error(usage, "unknown status '%s': use open, closed or all", status);
	if (!sort || !strcmp(sort, "created"))
		q.sort = MUTU_SORT_CREATED;
	else if (!strcmp(sort, "updated"))
		q.sort = MUTU_SORT_UPDATED;
	else if (!strcmp(sort, "title"))
		q.sort = MUTU_SORT_TITLE;
	else
		usage_error(usage, "unknown sort key '%s': use created, updated or title", sort);
	if (limit) {
		errno = 0;
		q.limit = strtoul(limit, &end, 10);
		if (errno || *end || !*limit || *limit == '-' || q.limit == 0)
			usage_error(usage, "--limit takes a positive number, not '%s'", limit);
	}
	check_kind(kind);
	if (author && (err = mutu_handle_check(author)) < 0)
		die_error(err);
	q.status = status;
	q.kind = kind;
	q.author = author;
	q.grep = grep;
	q.tags = tags.items;
	q.ntags = tags.len;
	st = open_commons();
	if ((err = mutu_item_list(&rows, &n, st, T, &q)) < 0)
		die_error(err);
	print_rows(st, rows, n, strcmp(status, "open") != 0);
	mutu_item_rows_free(rows, n);
	mutu_store_free(st);
	free(tags.items);
	return n ? 0 : 1;
}

/* Resolve the one ID argument and load its record. */
static mutu_record *load_arg(mutu_store *st, int nargs, char **args, const char *usage,
			     mutu_oid *blob, char path[64])
{
	char id[MUTU_ID_LEN + 1];
	mutu_record *rec;
	int err;

	if (nargs != 1)
		usage_error(usage, nargs ? "one ID at a time" : "which %s? give its ID", T->type);
	if ((err = mutu_item_resolve(id, st, T, args[0])) < 0 ||
	    (err = mutu_item_load(&rec, blob, st, T, id)) < 0)
		die_error(err);
	mutu_item_path(path, T, id);
	return rec;
}

static int cmd_show(int argc, char **argv)
{
	const char *usage = "show ID";
	mutu_record *rec;
	mutu_store *st;
	mutu_oid blob;
	char **args, path[64];
	int nargs;

	parse_options(argc, argv, NULL, usage, &args, &nargs);
	st = open_commons();
	rec = load_arg(st, nargs, args, usage, &blob, path);
	print_record(st, rec, &blob, path);
	mutu_value_free(rec);
	mutu_store_free(st);
	return 0;
}

/* Run $VISUAL or $EDITOR (through the shell, so it may carry options). */
static void run_editor(const char *file)
{
	const char *ed = getenv("VISUAL");
	pid_t pid;
	int status;

	if (!ed || !*ed)
		ed = getenv("EDITOR");
	if (!ed || !*ed)
		ed = "vi";
	if ((pid = fork()) < 0)
		die(71, "fork: %s", strerror(errno));
	if (pid == 0) {
		execl("/bin/sh", "sh", "-c", "exec $0 \"$1\"", ed, file, (char *)NULL);
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			die(71, "waitpid: %s", strerror(errno));
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		die(1, "editor '%s' failed; nothing changed", ed);
}

static int ask_again(void)
{
	char line[16];

	if (!isatty(STDIN_FILENO))
		return 0;
	fprintf(stderr, "Edit again? [Y/n] ");
	if (!fgets(line, sizeof(line), stdin))
		return 0;
	return line[0] != 'n' && line[0] != 'N';
}

/* crontab -e: edit a copy, check it on save, reopen it on error. */
static void edit_in_editor(mutu_record *rec, const char *path)
{
	const char *dir = getenv("TMPDIR");
	char tmp[4096];
	mutu_buf text = MUTU_BUF_INIT;
	mutu_record *edited;
	char *data;
	size_t len;
	int fd, err;

	if ((err = mutu_records_emit(&text, T->type, rec)) < 0)
		die_error(err);
	snprintf(tmp, sizeof(tmp), "%s/mutu-edit-XXXXXX.yaml", dir && *dir ? dir : "/tmp");
	if ((fd = mkstemps(tmp, 5)) < 0)
		die(74, "cannot create a file to edit: %s", strerror(errno));
	if (write(fd, text.ptr, text.len) != (ssize_t)text.len || close(fd) < 0)
		die(74, "%s: %s", tmp, strerror(errno));
	mutu_buf_free(&text);
	for (;;) {
		run_editor(tmp);
		data = read_file_or_die(tmp, &len);
		err = mutu_yaml_parse(&edited, data, len, path);
		free(data);
		if (err == 0) {
			err = mutu_item_apply_edit(rec, edited, path);
			mutu_value_free(edited);
		}
		if (err == 0)
			err = mutu_records_check(T->type, rec, path);
		if (err == 0)
			break;
		fprintf(stderr, "%s: error: %s\n", prog, mutu_error_last());
		if (!ask_again()) {
			unlink(tmp);
			exit(mutu_error_exit_code(err));
		}
	}
	unlink(tmp);
}

static int change(int argc, char **argv, const char *verb)
{
	const char *usage = !strcmp(verb, "edit")
		? "edit ID [--set FIELD=VALUE]... [--add-tag TAG]... [--remove-tag TAG]..."
		: !strcmp(verb, "close") ? "close ID [--reason TEXT]" : "reopen ID";
	struct strlist sets = { 0 }, add = { 0 }, rm = { 0 };
	const char *reason = NULL;
	const struct opt edit_opts[] = {
		{ "set", 0, OPT_LIST, &sets, "FIELD=VALUE", "change a field (empty VALUE removes it)" },
		{ "add-tag", 0, OPT_LIST, &add, "TAG", "add a tag" },
		{ "remove-tag", 0, OPT_LIST, &rm, "TAG", "remove a tag" },
		OPT_TABLE_END,
	};
	const struct opt close_opts[] = {
		{ "reason", 'r', OPT_STRING, &reason, "TEXT", "why it is closed" },
		OPT_TABLE_END,
	};
	mutu_record *rec, *before;
	mutu_member me;
	mutu_actor who;
	mutu_store *st;
	mutu_oid blob;
	char **args, path[64];
	const char *status;
	size_t i;
	int nargs, err = 0;

	parse_options(argc, argv, !strcmp(verb, "edit") ? edit_opts : !strcmp(verb, "close") ? close_opts : NULL,
		      usage, &args, &nargs);
	for (i = 0; i < sets.len; i++)
		if (!strchr(sets.items[i], '='))
			usage_error(usage, "--set takes FIELD=VALUE, not '%s'", sets.items[i]);
	st = open_commons();
	rec = load_arg(st, nargs, args, usage, &blob, path);
	me = acting(st);
	who = mutu_member_actor(&me);
	/* permission first: before "already closed", before any editor opens */
	if ((err = mutu_item_check_author(T, rec, &who, verb)) < 0)
		die_error(err);
	if (!(before = mutu_value_dup(rec)))
		die_error(MUTU_ENOMEM);
	status = mutu_map_str(rec, "status");
	if (!strcmp(verb, "close") || !strcmp(verb, "reopen")) {
		int closing = !strcmp(verb, "close");

		if (status && !strcmp(status, closing ? "closed" : "open"))
			die(1, "%s %.8s is already %s", T->type, mutu_map_str(rec, "id"),
			    closing ? "closed" : "open");
		err = mutu_map_set_str(rec, "status", closing ? "closed" : "open");
		if (closing && reason && err == 0)
			err = mutu_map_set_str(rec, "closed_reason", reason);
		if (!closing)
			mutu_map_remove(rec, "closed_reason");
	} else if (!sets.len && !add.len && !rm.len) {
		edit_in_editor(rec, path);
	} else {
		for (i = 0; i < sets.len && err == 0; i++) {
			char *eq = strchr(sets.items[i], '='), field[64];

			snprintf(field, sizeof(field), "%.*s", (int)(eq - sets.items[i]), sets.items[i]);
			if (!strcmp(field, "kind"))
				check_kind(eq + 1);
			err = mutu_item_set_field(rec, field, eq + 1);
		}
		for (i = 0; i < add.len && err == 0; i++)
			err = mutu_item_tag(rec, add.items[i], 1);
		for (i = 0; i < rm.len && err == 0; i++)
			err = mutu_item_tag(rec, rm.items[i], 0);
	}
	if (err < 0)
		die_error(err);
	if ((err = mutu_records_check(T->type, rec, NULL)) < 0)
		die_error(err);
	if (mutu_value_equal(rec, before)) {
		if (!common.quiet)
			fprintf(stderr, "%s: nothing changed\n", prog);
	} else if ((err = mutu_item_save(st, &who, T, rec, &blob, verb)) < 0) {
		die_error(err);
	}
	mutu_value_free(before);
	mutu_value_free(rec);
	mutu_member_clear(&me);
	mutu_store_free(st);
	free(sets.items);
	free(add.items);
	free(rm.items);
	return 0;
}

static int cmd_edit(int argc, char **argv) { return change(argc, argv, "edit"); }
static int cmd_close(int argc, char **argv) { return change(argc, argv, "close"); }
static int cmd_reopen(int argc, char **argv) { return change(argc, argv, "reopen"); }

static const struct verb {
	const char *name;
	int (*run)(int, char **);
	const char *help;
} verbs[] = {
	{ "add", cmd_add, "publish a new one (prints its id)" },
	{ "list", cmd_list, "list them, newest first" },
	{ "show", cmd_show, "show one" },
	{ "edit", cmd_edit, "change one (no option: in $EDITOR)" },
	{ "close", cmd_close, "close one" },
	{ "reopen", cmd_reopen, "reopen a closed one" },
	{ NULL, NULL, NULL },
};

static void verbs_help(FILE *f)
{
	const struct verb *v;

	fprintf(f, "usage: %s <verb> [options]\n\nverbs:\n", prog);
	for (v = verbs; v->name; v++)
		fprintf(f, "    %-8s %s\n", v->name, v->help);
	fprintf(f, "\nSee '%s <verb> --help' and %s(1).\n", prog, prog);
}

int items_main(int argc, char **argv, const mutu_item_type *type)
{
	const struct verb *v;
	int i = 1;

	T = type;
	start(argv[0]);
	/* -C DIR may come before the verb, as with git */
	while (i < argc && (!strcmp(argv[i], "-C") || !strcmp(argv[i], "-q"))) {
		if (!strcmp(argv[i], "-q")) {
			common.quiet = 1;
			i++;
		} else if (i + 1 < argc) {
			common.dir = argv[i + 1];
			i += 2;
		} else {
			verbs_help(stderr);
			return 2;
		}
	}
	if (i >= argc) {
		verbs_help(stderr);
		return 2;
	}
	if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help") || !strcmp(argv[i], "help")) {
		verbs_help(stdout);
		return 0;
	}
	if (!strcmp(argv[i], "--version")) {
		printf("%s %s\n", prog, MUTU_VERSION);
		return 0;
	}
	for (v = verbs; v->name; v++)
		if (!strcmp(v->name, argv[i])) {
			int status = v->run(argc - i - 1, argv + i + 1);

			mutu_schema_cleanup();
			return status;
		}
	fprintf(stderr, "%s: error: unknown verb '%s'\n", prog, argv[i]);
	verbs_help(stderr);
	return 2;
}
