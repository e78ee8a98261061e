/* mutu-conflicts: what merges could not keep side by side. See mutu-conflicts(1). */
#include "common.h"
#include "records.h"

#include "lib/checks.h"
#include "lib/conflict.h"
#include "lib/error.h"
#include "lib/output.h"
#include "lib/types.h"
#include "lib/utf8.h"
#include "lib/yaml.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const mutu_record_type *const t = &mutu_type_conflict;

static int list(int argc, char **argv)
{
	return record_list(t, argc, argv);
}

/* A value as YAML would write it, on one line when it fits. */
static void print_value(mutu_buf *b, const char *label, const mutu_value *v)
{
	mutu_buf text = MUTU_BUF_INIT;
	mutu_value *doc = mutu_value_map();
	size_t cols;

	/* padded by display width: a translated label may hold accents */
	mutu_buf_puts(b, label);
	for (cols = mutu_utf8_width(label); cols < 18; cols++)
		mutu_buf_putc(b, ' ');
	if (!v) {
		mutu_buf_printf(b, "%s\n", _("(absent)"));
	} else if (v->type == MUTU_STR && !strchr(v->u.str, '\n')) {
		mutu_utf8_escape(b, v->u.str, 0);
		mutu_buf_putc(b, '\n');
	} else if (doc && mutu_map_set(doc, "v", mutu_value_dup(v)) == 0 &&
		   mutu_yaml_emit(&text, doc) == 0) {
		/* "v: ..." without its key, indented under the label */
		mutu_buf_putc(b, '\n');
		mutu_utf8_escape(b, mutu_buf_cstr(&text) + 2, MUTU_ESCAPE_KEEP_LINES);
	}
	mutu_buf_free(&text);
	mutu_value_free(doc);
}

/* After the fields: both values, and what a check's finding means. */
static void show_more(mutu_buf *b, mutu_store *st, const mutu_found *found, const mutu_record *rec,
		      mutu_format f)
{
	const char *check = mutu_map_str(rec, "check");
	const mutu_check *c = check ? mutu_check_find(check) : NULL;

	(void)st, (void)found;
	if (f != MUTU_FORMAT_TABLE)
		return;
	if (c) {
		mutu_buf_printf(b, "\n%s\n", _(c->about));
		return;
	}
	mutu_buf_putc(b, '\n');
	print_value(b, _("Kept (ours):"), mutu_map_get(rec, "kept"));
	print_value(b, _("Lost (theirs):"), mutu_map_get(rec, "lost"));
}

static int show(int argc, char **argv)
{
	return record_show_with(t, argc, argv, show_more);
}

static int resolve(int argc, char **argv)
{
	const char *usage = N_("resolve ID --keep ours|theirs|VALUE");
	const char *keep = NULL;
	const struct opt opts[] = {
		OPT_STRING(0, "keep", &keep, N_("ours|theirs|VALUE"),
			   N_("the value the record keeps: the merge's, the lost one, or a new one")),
		OPT_TABLE_END,
	};
	struct session s;
	mutu_record *rec;
	mutu_found found;
	mutu_oid blob;
	mutu_keep how;
	int nargs, err;

	parse_options(argc, argv, opts, usage, &nargs);
	if (!keep)
		usage_error(usage, "%s", _("--keep is required: ours, theirs, or a value"));
	how = !strcmp(keep, "ours") ? MUTU_KEEP_OURS : !strcmp(keep, "theirs") ? MUTU_KEEP_THEIRS
									  : MUTU_KEEP_VALUE;
	rec = record_open(&s, t, nargs, argv, usage, &blob, &found);
	if ((err = mutu_conflict_resolve(&s.ctx, rec, &blob, how, keep)) < 0)
		die_error(err);
	if (!common.quiet)
		printf(_("Resolved conflict %.8s (%s)\n"), mutu_map_str(rec, "id"),
		       how == MUTU_KEEP_VALUE ? "value" : keep);
	mutu_value_free(rec);
	session_end(&s);
	return 0;
}

static const struct verb verbs[] = {
	{ "list", list, N_("list [--status open|resolved|all] [--format …]"),
	  N_("the conflicts (the open ones by default)") },
	{ "show", show, N_("show ID… [--stdin] [--format …]"), N_("one conflict: the record, both values, who set them") },
	{ "resolve", resolve, N_("resolve ID --keep ours|theirs|VALUE"),
	  N_("settle a conflict, in a commit of your own") },
	{ NULL, NULL, NULL, NULL },
};

int main(int argc, char **argv)
{
	static const char *about = N_("Values a merge could not keep side by side.");
	char **with_list;
	int i, j, status;

	/* without a verb, it lists: `mutu conflicts`, `mutu conflicts --format json` */
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "help") || !strcmp(argv[i], "-h") || !strcmp(argv[i], "--help"))
			return run_verbs(argc, argv, about, verbs);
		for (j = 0; verbs[j].name; j++)
			if (!strcmp(argv[i], verbs[j].name))
				return run_verbs(argc, argv, about, verbs);
	}
	if (!(with_list = calloc((size_t)argc + 2, sizeof(*with_list))))
		return 71;
	with_list[0] = argv[0];
	with_list[1] = "list";
	for (i = 1; i < argc; i++)
		with_list[i + 1] = argv[i];
	status = run_verbs(argc + 1, with_list, about, verbs);
	free(with_list);
	return status;
}
