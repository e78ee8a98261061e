/* schema — records checked against schema/<type>.json. */
#include "unit.h"

#include "lib/schema.h"
#include "lib/yaml.h"

static const mutu_schema *schema(const char *type)
{
	const mutu_schema *s = NULL;

	if (mutu_schema_get(&s, type) != 0)
		fail_msg("schema %s: %s", type, mutu_error_last());
	assert_non_null(s);
	return s;
}

static mutu_value *yaml(const char *text)
{
	mutu_value *v = NULL;

	if (mutu_yaml_parse(&v, text, strlen(text), "t.yaml") != 0)
		fail_msg("%s", mutu_error_last());
	return v;
}

static const char offer_yaml[] =
	"id: 7q3k9m2xh4ta\n"
	"type: offer\n"
	"title: Perceuse\n"
	"kind: tool\n"
	"status: open\n"
	"author: alice\n"
	"created: 2026-01-02T03:04:05Z\n"
	"updated: 2026-01-02T03:04:05Z\n"
	"tags:\n"
	"- bricolage\n"
	"- outils\n"
	"location: Atelier\n"
	"body: |\n"
	"  Une perceuse.\n";

static mutu_value *offer(void)
{
	return yaml(offer_yaml);
}

static mutu_value *member(void)
{
	return yaml("handle: alice\nname: Alice Martin\nemail: alice@example.org\n"
		    "keys:\n- ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl alice@laptop\n"
		    "roles:\n- admin\njoined: 2026-01-02T03:04:05Z\n");
}

static mutu_value *commons(void)
{
	return yaml("format: 1\nname: Les Outils\npurpose: Partager\nvalues:\n- entraide\n"
		    "charter: Soyons gentils.\ncreated: 2026-01-02T03:04:05Z\n");
}

static mutu_value *rules(void)
{
	return yaml("format: 1\nmembership: open\nrequire_signatures: false\nvoting:\n"
		    "  method: yes-no\n  quorum: 50\n  threshold: 50\n  discussion: 7d\n  vote: 7d\n");
}

static void valid(const char *type, mutu_value *rec)
{
	mutu_error_clear();
	if (mutu_schema_validate(schema(type), rec, "t.yaml") != 0)
		fail_msg("valid %s refused: %s", type, mutu_error_last());
	mutu_value_free(rec);
}

/* rec must be refused with MUTU_EDATA, the message holding every needle
 * (NULL-terminated). rec is freed. */
static void invalid(const char *type, mutu_value *rec, const char *name, ...)
{
	const char *needle;
	va_list ap;

	mutu_error_clear();
	if (mutu_schema_validate(schema(type), rec, name) != MUTU_EDATA)
		fail_msg("invalid %s accepted (last error: %s)", type, mutu_error_last());
	assert_int_equal(mutu_error_last_code(), MUTU_EDATA);
	if (name)
		assert_true(strncmp(mutu_error_last(), name, strlen(name)) == 0);
	va_start(ap, name);
	while ((needle = va_arg(ap, const char *)))
		assert_contains(mutu_error_last(), needle);
	va_end(ap);
	mutu_value_free(rec);
}

static mutu_value *with(mutu_value *rec, const char *key, mutu_value *v)
{
	assert_ok(mutu_map_set(rec, key, v));
	return rec;
}

static mutu_value *without(mutu_value *rec, const char *key)
{
	assert_int_equal(mutu_map_remove(rec, key), 1);
	return rec;
}

static mutu_value *strs(int n, ...)
{
	mutu_value *s = mutu_value_seq();
	va_list ap;
	int i;

	va_start(ap, n);
	for (i = 0; i < n; i++)
		mutu_seq_push(s, mutu_value_str(va_arg(ap, const char *)));
	va_end(ap);
	return s;
}

static char *repeat(const char *unit, size_t n)
{
	mutu_buf b = MUTU_BUF_INIT;

	while (n--)
		mutu_buf_puts(&b, unit);
	return mutu_buf_detach(&b);
}

static void unknown_types_have_no_schema(void **state)
{
	const mutu_schema *s;

	(void)state;
	assert_code(mutu_schema_get(&s, "spaceship"), MUTU_ENOTFOUND);
	assert_code(mutu_schema_get(&s, "../offer"), MUTU_ENOTFOUND);
}

static void schemas_are_loaded_once(void **state)
{
	(void)state;
	assert_ptr_equal(schema("offer"), schema("offer"));
	assert_true(schema("offer") != schema("need"));
}

static void valid_records_pass(void **state)
{
	mutu_value *n = offer();

	(void)state;
	valid("offer", offer());
	mutu_map_set_str(n, "type", "need");
	valid("need", n);
	valid("member", member());
	valid("commons", commons());
	valid("rules", rules());
	/* only the required fields */
	valid("offer", without(without(without(offer(), "tags"), "location"), "body"));
}

static void type_is_checked(void **state)
{
	(void)state;
	invalid("offer", with(offer(), "title", mutu_value_int(5)), NULL, "'title'", "string", NULL);
	invalid("offer", with(offer(), "tags", mutu_value_str("a")), NULL, "'tags'", "array", NULL);
	invalid("offer", with(offer(), "body", mutu_value_bool(1)), NULL, "'body'", NULL);
	invalid("rules", with(rules(), "require_signatures", mutu_value_str("no")), NULL,
		"'require_signatures'", "boolean", NULL);
	invalid("rules", with(rules(), "voting", mutu_value_str("x")), NULL, "'voting'", "object", NULL);
	invalid("member", with(member(), "roles", mutu_value_null()), NULL, "'roles'", NULL);
	invalid("offer", with(offer(), "title", mutu_value_null()), NULL, "'title'", NULL);
	/* the record itself must be an object */
	{
		mutu_value *s = mutu_value_str("x");

		assert_code(mutu_schema_validate(schema("offer"), s, NULL), MUTU_EDATA);
		mutu_value_free(s);
	}
}

static void required_fields_are_checked(void **state)
{
	static const char *req[] = { "id", "type", "title", "kind", "status", "author", "created", "updated" };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(req) / sizeof(req[0]); i++) {
		char want[64];

		snprintf(want, sizeof(want), "'%s'", req[i]);
		invalid("offer", without(offer(), req[i]), NULL, "missing", want, NULL);
	}
	invalid("member", without(member(), "email"), NULL, "'email'", NULL);
	invalid("commons", without(commons(), "created"), NULL, "'created'", NULL);
	invalid("rules", without(rules(), "voting"), NULL, "'voting'", NULL);
	invalid("rules", with(rules(), "voting", yaml("method: yes-no\nquorum: 1\nthreshold: 1\nvote: 7d\n")),
		NULL, "voting.discussion", NULL);
}

static void additional_properties_are_refused(void **state)
{
	(void)state;
	invalid("offer", with(offer(), "colour", mutu_value_str("red")), NULL, "unknown field", "'colour'", NULL);
	invalid("member", with(member(), "password", mutu_value_str("x")), NULL, "'password'", NULL);
	invalid("commons", with(commons(), "x", mutu_value_int(1)), NULL, "'x'", NULL);
	invalid("rules", with(rules(), "voting",
			      yaml("method: yes-no\nquorum: 1\nthreshold: 1\ndiscussion: 7d\nvote: 7d\nextra: 1\n")),
		NULL, "'extra'", "voting", NULL);
}

static void enum_is_checked(void **state)
{
	(void)state;
	invalid("offer", with(offer(), "kind", mutu_value_str("spaceship")), NULL, "'kind'", "spaceship", NULL);
	invalid("offer", with(offer(), "kind", mutu_value_str("Tool")), NULL, "'kind'", NULL);
	invalid("offer", with(offer(), "status", mutu_value_str("pending")), NULL, "'status'", NULL);
	invalid("rules", with(rules(), "membership", mutu_value_str("closed")), NULL, "'membership'", NULL);
	invalid("rules", with(rules(), "voting",
			      yaml("method: dice\nquorum: 1\nthreshold: 1\ndiscussion: 7d\nvote: 7d\n")),
		NULL, "voting.method", "dice", NULL);
}

static void const_is_checked(void **state)
{
	(void)state;
	invalid("offer", with(offer(), "type", mutu_value_str("need")), NULL, "'type'", NULL);
	invalid("commons", with(commons(), "format", mutu_value_int(2)), NULL, "'format'", NULL);
	invalid("commons", with(commons(), "format", mutu_value_str("1")), NULL, "'format'", NULL);
	invalid("rules", with(rules(), "format", mutu_value_int(0)), NULL, "'format'", NULL);
}

static void pattern_is_checked(void **state)
{
	(void)state;
	invalid("offer", with(offer(), "id", mutu_value_str("7Q3K9M2XH4TA")), NULL, "'id'", NULL);
	invalid("offer", with(offer(), "id", mutu_value_str("7q3k9m2xh4tu")), NULL, "'id'", NULL);
	invalid("offer", with(offer(), "id", mutu_value_str("7q3k")), NULL, "'id'", NULL);
	invalid("offer", with(offer(), "created", mutu_value_str("yesterday")), NULL, "'created'", NULL);
	invalid("offer", with(offer(), "updated", mutu_value_str("2026-01-02T03:04:05+01:00")), NULL, "'updated'", NULL);
	invalid("offer", with(offer(), "author", mutu_value_str("../root")), NULL, "'author'", NULL);
	invalid("offer", with(offer(), "title", mutu_value_str("two\nlines")), NULL, "'title'", NULL);
	invalid("offer", with(offer(), "title", mutu_value_str("tab\there")), NULL, "'title'", NULL);
	invalid("member", with(member(), "email", mutu_value_str("no-at-sign")), NULL, "'email'", NULL);
	invalid("member", with(member(), "name", mutu_value_str("Eve <eve@x>")), NULL, "'name'", NULL);
	invalid("member", with(member(), "handle", mutu_value_str("1alice")), NULL, "'handle'", NULL);
	/* a pattern anchors the whole string */
	invalid("offer", with(offer(), "author", mutu_value_str("alice bob")), NULL, "'author'", NULL);
}

static void patterns_accept_unicode_text(void **state)
{
	(void)state;
	valid("offer", with(offer(), "title", mutu_value_str("Échelle à coulisse 日本 🔧")));
	valid("member", with(member(), "name", mutu_value_str("Zoé Lefèvre")));
}

static void lengths_count_code_points(void **state)
{
	char *e200 = repeat("é", 200), *e201 = repeat("é", 201), *a201 = repeat("a", 201);
	char *cjk200 = repeat("日", 200), *t32 = repeat("é", 32), *t33 = repeat("é", 33);

	(void)state;
	valid("offer", with(offer(), "title", mutu_value_str(e200)));   /* 400 bytes */
	valid("offer", with(offer(), "title", mutu_value_str(cjk200))); /* 600 bytes */
	invalid("offer", with(offer(), "title", mutu_value_str(e201)), NULL, "'title'", "200", NULL);
	invalid("offer", with(offer(), "title", mutu_value_str(a201)), NULL, "'title'", NULL);
	invalid("offer", with(offer(), "title", mutu_value_str("")), NULL, "'title'", NULL); /* minLength 1 */
	valid("offer", with(offer(), "tags", strs(1, t32)));
	invalid("offer", with(offer(), "tags", strs(1, t33)), NULL, "tags", NULL);
	invalid("member", with(member(), "email", mutu_value_str("@")), NULL, "'email'", NULL); /* minLength 3 */
	free(e200);
	free(e201);
	free(a201);
	free(cjk200);
	free(t32);
	free(t33);
}

static void items_are_checked_and_named(void **state)
{
	(void)state;
	invalid("offer", with(offer(), "tags", strs(2, "ok", "has space")), NULL, "tags[2]", NULL);
	invalid("offer", with(offer(), "tags", strs(2, "ok", "a,b")), NULL, "tags[2]", NULL);
	invalid("member", with(member(), "roles", strs(2, "admin", "Bad Role")), NULL, "roles[2]", NULL);
	invalid("member", with(member(), "keys", strs(1, "not a key")), NULL, "keys[1]", NULL);
	{
		mutu_value *tags = mutu_value_seq();

		mutu_seq_push(tags, mutu_value_int(1));
		invalid("offer", with(offer(), "tags", tags), NULL, "tags[1]", "string", NULL);
	}
}

static void item_counts_are_checked(void **state)
{
	mutu_value *tags = mutu_value_seq();
	char tag[16];
	int i;

	(void)state;
	for (i = 0; i < 32; i++) {
		snprintf(tag, sizeof(tag), "t%d", i);
		mutu_seq_push(tags, mutu_value_str(tag));
	}
	valid("offer", with(offer(), "tags", mutu_value_dup(tags)));
	mutu_seq_push(tags, mutu_value_str("t32"));
	invalid("offer", with(offer(), "tags", tags), NULL, "'tags'", "32", NULL);
	/* no shipped schema uses minItems: an empty list is fine everywhere */
	valid("offer", with(offer(), "tags", mutu_value_seq()));
}

static void unique_items_are_checked(void **state)
{
	(void)state;
	invalid("offer", with(offer(), "tags", strs(3, "a", "b", "a")), NULL, "tags", "'a'", NULL);
	invalid("member", with(member(), "roles", strs(2, "admin", "admin")), NULL, "roles", NULL);
	invalid("commons", with(commons(), "values", strs(2, "entraide", "entraide")), NULL, "values", NULL);
	valid("offer", with(offer(), "tags", strs(2, "a", "A")));
}

static void minimum_and_maximum_are_checked(void **state)
{
	static const char *tmpl = "method: yes-no\nquorum: %d\nthreshold: %d\ndiscussion: 7d\nvote: 7d\n";
	char text[256];

	(void)state;
	snprintf(text, sizeof(text), tmpl, 0, 100);
	valid("rules", with(rules(), "voting", yaml(text)));
	snprintf(text, sizeof(text), tmpl, -1, 50);
	invalid("rules", with(rules(), "voting", yaml(text)), NULL, "voting.quorum", "0", NULL);
	snprintf(text, sizeof(text), tmpl, 50, 101);
	invalid("rules", with(rules(), "voting", yaml(text)), NULL, "voting.threshold", "100", NULL);
	invalid("rules", with(rules(), "voting",
			      yaml("method: yes-no\nquorum: \"50\"\nthreshold: 50\ndiscussion: 7d\nvote: 7d\n")),
		NULL, "voting.quorum", "integer", NULL);
}

static void refs_into_defs_are_followed(void **state)
{
	(void)state;
	/* offer's id, title, kind and times are all $ref'd */
	invalid("offer", with(offer(), "location", mutu_value_str("")), NULL, "'location'", NULL);
	invalid("rules", with(rules(), "voting",
			      yaml("method: yes-no\nquorum: 1\nthreshold: 1\ndiscussion: 7x\nvote: 7d\n")),
		NULL, "voting.discussion", NULL);
	invalid("rules", with(rules(), "voting",
			      yaml("method: yes-no\nquorum: 1\nthreshold: 1\ndiscussion: 7d\nvote: 0d\n")),
		NULL, "voting.vote", NULL);
	valid("rules", with(rules(), "voting",
			    yaml("method: schulze\nquorum: 1\nthreshold: 1\ndiscussion: 48h\nvote: 2w\n")));
}

static void messages_name_the_file_line_and_column(void **state)
{
	mutu_value *v;

	(void)state;
	v = yaml("id: 7q3k9m2xh4ta\ntype: offer\ntitle: Perceuse\nkind:   spaceship\nstatus: open\n"
		 "author: alice\ncreated: 2026-01-02T03:04:05Z\nupdated: 2026-01-02T03:04:05Z\n");
	invalid("offer", v, "offers/7q/7q3k9m2xh4ta.yaml", NULL);
	unit_assert_at(mutu_error_last(), "offers/7q/7q3k9m2xh4ta.yaml", 4, 9);
	assert_contains(mutu_error_last(), "'kind'");

	v = yaml("id: 7q3k9m2xh4ta\ntype: offer\ntitle: Perceuse\nkind: tool\nstatus: open\n"
		 "author: alice\ncreated: 2026-01-02T03:04:05Z\nupdated: 2026-01-02T03:04:05Z\ncolour: red\n");
	invalid("offer", v, "t.yaml", NULL);
	unit_assert_at(mutu_error_last(), "t.yaml", 9, 1);
	assert_contains(mutu_error_last(), "unknown field 'colour'");

	v = yaml("id: 7q3k9m2xh4ta\ntype: offer\ntitle: Perceuse\nkind: tool\nstatus: open\n"
		 "author: alice\ncreated: 2026-01-02T03:04:05Z\nupdated: 2026-01-02T03:04:05Z\n"
		 "tags:\n- ok\n- a a\n");
	invalid("offer", v, "t.yaml", NULL);
	unit_assert_at(mutu_error_last(), "t.yaml", 11, 3);
	assert_contains(mutu_error_last(), "tags[2]");

	v = yaml("format: 1\nmembership: open\nrequire_signatures: false\nvoting:\n"
		 "  method: yes-no\n  quorum: 500\n  threshold: 50\n  discussion: 7d\n  vote: 7d\n");
	invalid("rules", v, "rules.yaml", NULL);
	unit_assert_at(mutu_error_last(), "rules.yaml", 6, 11);
	assert_contains(mutu_error_last(), "voting.quorum");

	v = yaml("\n\nid: 7q3k9m2xh4ta\ntype: offer\n");
	invalid("offer", v, "t.yaml", NULL);
	unit_assert_at(mutu_error_last(), "t.yaml", 3, 1);
	assert_contains(mutu_error_last(), "missing required field");

	/* built in memory: no position, but still the name and field */
	invalid("offer", with(offer(), "kind", mutu_value_str("x")), NULL, "'kind' is 'x'", NULL);
	/* without a name, the message starts with what it is about */
	assert_true(strncmp(mutu_error_last(), "'kind'", 6) == 0);
}

static void canonicalize_orders_fields_by_the_schema(void **state)
{
	static const char *want[] = {
		"id", "type", "title", "kind", "status", "author", "created", "updated", "tags",
		"location", "body", "zz-unknown", "aa-unknown",
	};
	mutu_value *src = offer(), *rec = mutu_value_map();
	size_t i;

	(void)state;
	/* the same fields in reverse order, unknown ones mixed in */
	mutu_map_set_str(rec, "zz-unknown", "1");
	for (i = src->u.map.len; i-- > 0;) {
		mutu_map_set(rec, src->u.map.fields[i].key, mutu_value_dup(src->u.map.fields[i].value));
		if (i == 4)
			mutu_map_set_str(rec, "aa-unknown", "2");
	}
	assert_ok(mutu_schema_canonicalize(schema("offer"), rec));
	assert_int_equal(rec->u.map.len, sizeof(want) / sizeof(want[0]));
	for (i = 0; i < rec->u.map.len; i++)
		assert_string_equal(rec->u.map.fields[i].key, want[i]);
	assert_true(mutu_value_equal(mutu_map_get(rec, "tags"), mutu_map_get(src, "tags")));
	/* then it grows normally */
	assert_ok(mutu_map_set_str(rec, "more", "x"));
	mutu_value_free(rec);
	mutu_value_free(src);
}

static void canonicalize_orders_nested_objects(void **state)
{
	static const char *want[] = { "method", "quorum", "threshold", "discussion", "vote" };
	mutu_value *r = yaml("voting:\n  vote: 7d\n  quorum: 50\n  discussion: 7d\n  method: yes-no\n"
			     "  threshold: 50\nrequire_signatures: false\nmembership: open\nformat: 1\n");
	const mutu_value *v;
	size_t i;

	(void)state;
	assert_ok(mutu_schema_canonicalize(schema("rules"), r));
	assert_string_equal(r->u.map.fields[0].key, "format");
	assert_string_equal(r->u.map.fields[3].key, "voting");
	v = mutu_map_get(r, "voting");
	for (i = 0; i < 5; i++)
		assert_string_equal(v->u.map.fields[i].key, want[i]);
	valid("rules", r);
}

static void canonicalize_drops_empty_optional_fields(void **state)
{
	mutu_value *rec = offer();

	(void)state;
	mutu_map_set_str(rec, "location", "");
	mutu_map_set(rec, "tags", mutu_value_seq());
	mutu_map_set(rec, "body", mutu_value_null());
	mutu_map_set_str(rec, "availability", "");
	assert_ok(mutu_schema_canonicalize(schema("offer"), rec));
	assert_null(mutu_map_get(rec, "location"));
	assert_null(mutu_map_get(rec, "tags"));
	assert_null(mutu_map_get(rec, "body"));
	assert_null(mutu_map_get(rec, "availability"));
	assert_int_equal(rec->u.map.len, 8);
	valid("offer", rec);

	/* an empty required field stays, for validation to name it */
	rec = offer();
	mutu_map_set_str(rec, "title", "");
	assert_ok(mutu_schema_canonicalize(schema("offer"), rec));
	assert_non_null(mutu_map_get(rec, "title"));
	invalid("offer", rec, NULL, "'title'", NULL);
}

static void canonical_records_emit_the_same_bytes_whatever_the_input_order(void **state)
{
	mutu_value *a = offer(), *b = mutu_value_map();
	mutu_buf ya = MUTU_BUF_INIT, yb = MUTU_BUF_INIT;
	size_t i;

	(void)state;
	for (i = a->u.map.len; i-- > 0;)
		mutu_map_set(b, a->u.map.fields[i].key, mutu_value_dup(a->u.map.fields[i].value));
	assert_ok(mutu_schema_canonicalize(schema("offer"), a));
	assert_ok(mutu_schema_canonicalize(schema("offer"), b));
	assert_ok(mutu_yaml_emit(&ya, a));
	assert_ok(mutu_yaml_emit(&yb, b));
	assert_string_equal(mutu_buf_cstr(&ya), mutu_buf_cstr(&yb));
	/* a time is a YAML 1.1 timestamp: it must be quoted */
	assert_contains(mutu_buf_cstr(&ya), "\ncreated: \"2026-01-02T03:04:05Z\"\n");
	assert_contains(mutu_buf_cstr(&ya), "\ntitle: Perceuse\nkind: tool\nstatus: open\nauthor: alice\n");
	mutu_buf_free(&ya);
	mutu_buf_free(&yb);
	mutu_value_free(a);
	mutu_value_free(b);
}

static void enum_of_kind_lists_the_allowed_values(void **state)
{
	static const char *kinds[] = { "tool", "skill", "space", "time", "material", "service", "event", "other" };
	const mutu_value *e = mutu_schema_enum(schema("offer"), "kind");
	size_t i;

	(void)state;
	assert_non_null(e);
	assert_int_equal(e->type, MUTU_SEQ);
	assert_int_equal(e->u.seq.len, 8);
	for (i = 0; i < 8; i++)
		assert_string_equal(e->u.seq.items[i]->u.str, kinds[i]);
	e = mutu_schema_enum(schema("offer"), "status");
	assert_non_null(e);
	assert_int_equal(e->u.seq.len, 2);
	assert_non_null(mutu_schema_enum(schema("need"), "kind"));
	assert_non_null(mutu_schema_enum(schema("rules"), "membership"));
	assert_null(mutu_schema_enum(schema("offer"), "title"));
	assert_null(mutu_schema_enum(schema("offer"), "nonexistent"));
}

static void has_field_knows_the_properties(void **state)
{
	(void)state;
	assert_true(mutu_schema_has_field(schema("offer"), "title"));
	assert_true(mutu_schema_has_field(schema("offer"), "closed_reason"));
	assert_false(mutu_schema_has_field(schema("offer"), "colour"));
	assert_false(mutu_schema_has_field(schema("offer"), "properties"));
	assert_true(mutu_schema_has_field(schema("member"), "keys"));
}

static int teardown(void **state)
{
	(void)state;
	mutu_schema_cleanup();
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(unknown_types_have_no_schema),
		cmocka_unit_test(schemas_are_loaded_once),
		cmocka_unit_test(valid_records_pass),
		cmocka_unit_test(type_is_checked),
		cmocka_unit_test(required_fields_are_checked),
		cmocka_unit_test(additional_properties_are_refused),
		cmocka_unit_test(enum_is_checked),
		cmocka_unit_test(const_is_checked),
		cmocka_unit_test(pattern_is_checked),
		cmocka_unit_test(patterns_accept_unicode_text),
		cmocka_unit_test(lengths_count_code_points),
		cmocka_unit_test(items_are_checked_and_named),
		cmocka_unit_test(item_counts_are_checked),
		cmocka_unit_test(unique_items_are_checked),
		cmocka_unit_test(minimum_and_maximum_are_checked),
		cmocka_unit_test(refs_into_defs_are_followed),
		cmocka_unit_test(messages_name_the_file_line_and_column),
		cmocka_unit_test(canonicalize_orders_fields_by_the_schema),
		cmocka_unit_test(canonicalize_orders_nested_objects),
		cmocka_unit_test(canonicalize_drops_empty_optional_fields),
		cmocka_unit_test(canonical_records_emit_the_same_bytes_whatever_the_input_order),
		cmocka_unit_test(enum_of_kind_lists_the_allowed_values),
		cmocka_unit_test(has_field_knows_the_properties),
	};

	return cmocka_run_group_tests(tests, NULL, teardown);
}
