/* mutu-member: the members of a commons. See mutu-member(1). */
#include "common.h"

#include "lib/error.h"
#include "lib/id.h"
#include "lib/member.h"
#include "lib/schema.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *str(const mutu_record *rec, const char *key)
{
	const char *s = mutu_map_str(rec, key);

	return s ? s : "";
}

struct printer {
	mutu_format format;
	mutu_buf out;
	mutu_table *table;
	size_t n;
};

/* tsv columns, a stable interface: handle name email roles joined */
static int print_member(mutu_record *rec, void *payload)
{
	struct printer *p = payload;
	mutu_buf roles = MUTU_BUF_INIT;
	const char *cells[5];
	int err = 0;

	mutu_output_join(&roles, mutu_map_get(rec, "roles"), ",");
	cells[0] = str(rec, "handle");
	cells[1] = str(rec, "name");
	cells[2] = str(rec, "email");
	cells[3] = mutu_buf_cstr(&roles);
	cells[4] = str(rec, "joined");
	switch (p->format) {
	case MUTU_FORMAT_IDS:
		mutu_buf_printf(&p->out, "%s\n", cells[0]);
		break;
	case MUTU_FORMAT_TSV:
		for (size_t i = 0; i < 5; i++) {
			mutu_output_tsv_field(&p->out, cells[i]);
			mutu_buf_putc(&p->out, i < 4 ? '\t' : '\n');
		}
		break;
	case MUTU_FORMAT_JSON:
		mutu_output_json(&p->out, rec);
		mutu_buf_putc(&p->out, '\n');
		break;
	case MUTU_FORMAT_YAML:
		if (p->n)
			mutu_buf_puts(&p->out, "---\n");
		err = mutu_records_emit(&p->out, "member", rec);
		break;
	case MUTU_FORMAT_TABLE:
		err = mutu_table_add(p->table, cells);
		break;
	}
	p->n++;
	mutu_buf_free(&roles);
	return err;
}

static void printer_start(struct printer *p)
{
	static const char *h[] = { "HANDLE", "NAME", "EMAIL", "ROLES", "JOINED" };
	int err;

	memset(p, 0, sizeof(*p));
	p->format = output_format();
	if (p->format == MUTU_FORMAT_TABLE && (err = mutu_table_new(&p->table, 5, h)) < 0)
		die_error(err);
}

static void printer_end(struct printer *p)
{
	if (p->table) {
		mutu_table_render(&p->out, p->table, terminal_width(), 1);
		mutu_table_free(p->table);
	}
	emit(&p->out);
	mutu_buf_free(&p->out);
}

static int cmd_add(int argc, char **argv)
{
	const char *usage = "add HANDLE --name TEXT --email EMAIL [--key PUBKEY-FILE]... [--role ROLE]...";
	const char *name = NULL, *email = NULL;
	struct strlist keys = { 0 }, roles = { 0 };
	const struct opt opts[] = {
		{ "name", 'n', OPT_STRING, &name, "TEXT", "the member's name" },
		{ "email", 'e', OPT_STRING, &email, "EMAIL", "the member's email (commits carry it)" },
		{ "key", 0, OPT_LIST, &keys, "FILE", "an SSH public key file" },
		{ "role", 0, OPT_LIST, &roles, "ROLE", "a role" },
		OPT_TABLE_END,
	};
	mutu_value *keyv = mutu_value_seq(), *rolev = mutu_value_seq();
	mutu_record *rec;
	mutu_member me;
	mutu_actor who;
	mutu_store *st;
	char **args;
	size_t i, len;
	int nargs, err;

	parse_options(argc, argv, opts, usage, &args, &nargs);
	if (nargs != 1)
		usage_error(usage, "give one HANDLE");
	if (!name || !email)
		usage_error(usage, "--name and --email are required");
	if ((err = mutu_handle_check(args[0])) < 0)
		die_error(err);
	for (i = 0; i < keys.len; i++) {
		char *text = read_file_or_die(keys.items[i], &len);

		text[strcspn(text, "\r\n")] = '\0';
		if (mutu_seq_push(keyv, mutu_value_str(text)) < 0)
			die_error(MUTU_ENOMEM);
		free(text);
	}
	for (i = 0; i < roles.len; i++)
		if (mutu_seq_push(rolev, mutu_value_str(roles.items[i])) < 0)
			die_error(MUTU_ENOMEM);
	st = open_commons();
	if ((err = mutu_member_whoami(&me, st)) < 0)
		die_error(err);
	who = mutu_member_actor(&me);
	if ((err = mutu_member_new(&rec, args[0], name, email, keyv, rolev)) < 0 ||
	    (err = mutu_member_add(st, &who, rec)) < 0)
		die_error(err);
	if (!common.quiet)
		printf("%s\n", args[0]);
	mutu_value_free(rec);
	mutu_value_free(keyv);
	mutu_value_free(rolev);
	mutu_member_clear(&me);
	mutu_store_free(st);
	free(keys.items);
	free(roles.items);
	return 0;
}

static int cmd_list(int argc, char **argv)
{
	struct printer p;
	mutu_store *st;
	char **args;
	int nargs, err;

	parse_options(argc, argv, NULL, "list", &args, &nargs);
	if (nargs)
		usage_error("list", "unexpected argument '%s'", args[0]);
	st = open_commons();
	printer_start(&p);
	if ((err = mutu_member_each(st, print_member, &p)) < 0)
		die_error(err);
	printer_end(&p);
	mutu_store_free(st);
	return p.n ? 0 : 1;
}

static int cmd_show(int argc, char **argv)
{
	mutu_record *rec;
	struct printer p;
	mutu_store *st;
	char **args;
	int nargs, err;

	parse_options(argc, argv, NULL, "show HANDLE", &args, &nargs);
	if (nargs != 1)
		usage_error("show HANDLE", "give one HANDLE");
	st = open_commons();
	if ((err = mutu_member_load(&rec, st, args[0])) < 0)
		die_error(err);
	printer_start(&p);
	if (p.format == MUTU_FORMAT_TABLE) {
		mutu_buf roles = MUTU_BUF_INIT, keys = MUTU_BUF_INIT;

		mutu_output_join(&roles, mutu_map_get(rec, "roles"), ",");
		mutu_output_join(&keys, mutu_map_get(rec, "keys"), ",");
		mutu_buf_printf(&p.out, "member %s\n%-8s%s\n%-8s%s\n", str(rec, "handle"), "Name:",
				str(rec, "name"), "Email:", str(rec, "email"));
		if (roles.len)
			mutu_buf_printf(&p.out, "%-8s%s\n", "Roles:", mutu_buf_cstr(&roles));
		mutu_buf_printf(&p.out, "%-8s%s\n", "Joined:", str(rec, "joined"));
		if (keys.len)
			mutu_buf_printf(&p.out, "%-8s%s\n", "Keys:", mutu_buf_cstr(&keys));
		mutu_buf_free(&roles);
		mutu_buf_free(&keys);
		mutu_table_free(p.table);
		p.table = NULL;
	} else if ((err = print_member(rec, &p)) < 0) {
		die_error(err);
	}
	printer_end(&p);
	mutu_value_free(rec);
	mutu_store_free(st);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*run)(int, char **);
	} verbs[] = { { "add", cmd_add }, { "list", cmd_list }, { "show", cmd_show } };
	int i = 1;
	size_t v;

	start(argv[0]);
	while (i + 1 < argc && !strcmp(argv[i], "-C")) {
		common.dir = argv[i + 1];
		i += 2;
	}
	if (i < argc && (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))) {
		printf("usage: mutu-member <verb> [options]\n\nverbs:\n"
		       "    add      welcome a member (HANDLE --name TEXT --email EMAIL)\n"
		       "    list     list the members\n"
		       "    show     show one member (HANDLE)\n"
		       "\nSee 'mutu-member <verb> --help' and mutu-member(1).\n");
		return 0;
	}
	if (i < argc && !strcmp(argv[i], "--version")) {
		printf("%s %s\n", prog, MUTU_VERSION);
		return 0;
	}
	for (v = 0; i < argc && v < sizeof(verbs) / sizeof(verbs[0]); v++)
		if (!strcmp(verbs[v].name, argv[i])) {
			int status = verbs[v].run(argc - i - 1, argv + i + 1);

			mutu_schema_cleanup();
			return status;
		}
	if (i < argc)
		usage_error("add|list|show [options]", "unknown verb '%s'", argv[i]);
	usage_error("add|list|show [options]", "which verb? add, list or show");
}
