#include "match.h"

#include "common.h"
#include "lib/error.h"
#include "lib/find.h"
#include "lib/match.h"
#include "lib/output.h"
#include "lib/utf8.h"
#include "lib/yaml.h"

#include <stdio.h>

#define TABLE_WORDS 5   /* words a table's WHY names before "…" */

/* The probe's strings whose bit is set in bits, into b joined by sep; at
 * most max of them (0: all), then "…". */
static void join_bits(mutu_buf *b, char *const *items, size_t n, uint64_t bits, const char *sep,
		      size_t max)
{
	size_t i, k = 0;

	for (i = 0; i < n && i < 64; i++) {
		if (!(bits & ((uint64_t)1 << i)))
			continue;
		if (max && k == max) {
			mutu_buf_puts(b, "…");
			return;
		}
		if (k++)
			mutu_buf_puts(b, sep);
		mutu_buf_puts(b, items[i]);
	}
}

/* WHY, for people: "tags: …; words: …; same kind; same location". */
static void why_text(mutu_buf *b, const mutu_match_probe *p, const mutu_match_why *w)
{
	mutu_buf list = MUTU_BUF_INIT;
	size_t start = b->len;

	if (w->tags) {
		join_bits(&list, p->tags, p->ntags, w->tags, ", ", 0);
		/* TRANSLATORS: a reason in match's WHY column: the tags both
		 * records have, "bricolage, outils"; reasons are joined by "; " */
		mutu_buf_printf(b, _("tags: %s"), mutu_buf_cstr(&list));
	}
	if (w->words) {
		mutu_buf_clear(&list);
		join_bits(&list, p->words, p->nwords, w->words, ", ", TABLE_WORDS);
		if (b->len > start)
			mutu_buf_puts(b, "; ");
		/* TRANSLATORS: a reason in match's WHY column: the words both
		 * records have in their title or body, folded ("perceuse, beton") */
		mutu_buf_printf(b, _("words: %s"), mutu_buf_cstr(&list));
	}
	if (w->kind) {
		if (b->len > start)
			mutu_buf_puts(b, "; ");
		/* TRANSLATORS: a reason in match's WHY column: both records
		 * are of the same kind (tool, skill, ...) */
		mutu_buf_puts(b, _("same kind"));
	}
	if (w->location) {
		if (b->len > start)
			mutu_buf_puts(b, "; ");
		/* TRANSLATORS: a reason in match's WHY column: both records
		 * give the same location */
		mutu_buf_puts(b, _("same location"));
	}
	mutu_buf_free(&list);
}

static mutu_value *string_list(char *const *items, size_t n, uint64_t bits)
{
	mutu_value *seq = mutu_value_seq();
	size_t i;

	for (i = 0; seq && i < n && i < 64; i++)
		if ((bits & ((uint64_t)1 << i)) &&
		    mutu_seq_push(seq, mutu_value_str(items[i])) < 0) {
			mutu_value_free(seq);
			return NULL;
		}
	return seq;
}

/* A match as json and yaml print it. */
static mutu_value *match_object(const mutu_match_probe *p, const mutu_match *m)
{
	mutu_value *o = mutu_value_map(), *why = mutu_value_map();

	if (!o || !why ||
	    mutu_map_append(why, "tags", string_list(p->tags, p->ntags, m->why.tags)) < 0 ||
	    mutu_map_append(why, "words", string_list(p->words, p->nwords, m->why.words)) < 0 ||
	    mutu_map_append(why, "kind", mutu_value_bool(m->why.kind)) < 0 ||
	    mutu_map_append(why, "location", mutu_value_bool(m->why.location)) < 0 ||
	    mutu_map_append(o, "id", mutu_value_str(m->key)) < 0 ||
	    mutu_map_append(o, "title", mutu_value_str(m->title)) < 0 ||
	    mutu_map_append(o, "score", mutu_value_int(m->why.score)) < 0 ||
	    mutu_map_append(o, "author", mutu_value_str(m->author)) < 0 ||
	    mutu_map_append(o, "created", mutu_value_str(m->created)) < 0) {
		mutu_value_free(why);
		mutu_value_free(o);
		die_error(MUTU_ENOMEM);
	}
	if (mutu_map_append(o, "reasons", why) < 0) {
		mutu_value_free(o);
		die_error(MUTU_ENOMEM);
	}
	return o;
}

static void print_tsv(mutu_buf *b, const mutu_match_probe *p, const mutu_match *m)
{
	mutu_buf list = MUTU_BUF_INIT;

	mutu_output_tsv_field(b, m->key);
	mutu_buf_printf(b, "\t%d\t", m->why.score);
	mutu_output_tsv_field(b, m->author);
	mutu_buf_putc(b, '\t');
	mutu_output_tsv_field(b, m->created);
	mutu_buf_putc(b, '\t');
	mutu_output_tsv_field(b, m->title);
	mutu_buf_putc(b, '\t');
	join_bits(&list, p->tags, p->ntags, m->why.tags, ",", 0);
	mutu_output_tsv_field(b, mutu_buf_cstr(&list));
	mutu_buf_putc(b, '\t');
	mutu_buf_clear(&list);
	join_bits(&list, p->words, p->nwords, m->why.words, ",", 0);
	mutu_output_tsv_field(b, mutu_buf_cstr(&list));
	mutu_buf_printf(b, "\t%s\t%s\n", m->why.kind ? "true" : "false",
			m->why.location ? "true" : "false");
	mutu_buf_free(&list);
}

/* A title cut to at most max columns, with "…" after a cut, into b. */
static const char *cut_title(mutu_buf *b, const char *title, size_t max)
{
	size_t used;

	mutu_buf_clear(b);
	if (!max || mutu_utf8_width(title) <= max)
		return title;
	mutu_buf_put(b, title, mutu_utf8_fit(title, max - 1, &used));
	mutu_buf_puts(b, "…");
	return mutu_buf_cstr(b);
}

static void print_matches(const mutu_match_probe *p, const mutu_match *m, size_t n)
{
	/* TRANSLATORS: SCORE and WHY head match's columns: how well a
	 * record answers the one named, and the reasons */
	const char *headings[] = { _("ID"), _("SCORE"), _("AUTHOR"), _("TITLE"), _("WHY") };
	mutu_format f = output_format();
	mutu_buf b = MUTU_BUF_INIT, why = MUTU_BUF_INIT, title = MUTU_BUF_INIT;
	mutu_table *table = NULL;
	/* WHY is the column cut to fit; a long title gives it room first */
	size_t width = terminal_width(), title_max = width ? (width / 3 > 16 ? width / 3 : 16) : 0;
	mutu_value *o;
	char id[64], score[16];
	size_t i;
	int err;

	if (f == MUTU_FORMAT_TABLE && n && (err = mutu_table_new(&table, 5, headings)) < 0)
		die_error(err);
	for (i = 0; i < n; i++) {
		switch (f) {
		case MUTU_FORMAT_IDS:
			mutu_buf_printf(&b, "%s\n", m[i].key);
			break;
		case MUTU_FORMAT_TSV:
			print_tsv(&b, p, &m[i]);
			break;
		case MUTU_FORMAT_JSON:
		case MUTU_FORMAT_YAML:
			o = match_object(p, &m[i]);
			if (f == MUTU_FORMAT_JSON) {
				mutu_output_json(&b, o);
				mutu_buf_putc(&b, '\n');
			} else {
				if (i)
					mutu_buf_puts(&b, "---\n");
				if ((err = mutu_yaml_emit(&b, o)) < 0)
					die_error(err);
			}
			mutu_value_free(o);
			break;
		case MUTU_FORMAT_TABLE: {
			const char *cells[5];

			snprintf(id, sizeof(id), "%.*s", (int)(m[i].unique > 8 ? m[i].unique : 8),
				 m[i].key);
			snprintf(score, sizeof(score), "%d", m[i].why.score);
			mutu_buf_clear(&why);
			why_text(&why, p, &m[i].why);
			cells[0] = id;
			cells[1] = score;
			cells[2] = m[i].author;
			cells[3] = cut_title(&title, m[i].title, title_max);
			cells[4] = mutu_buf_cstr(&why);
			if ((err = mutu_table_add(table, cells)) < 0)
				die_error(err);
			break;
		}
		}
		/* stream what does not need column widths */
		if (b.len > 65536) {
			emit(&b);
			mutu_buf_clear(&b);
		}
	}
	if (table) {
		mutu_table_render(&b, table, width, 4);
		mutu_table_free(table);
	}
	emit(&b);
	mutu_buf_free(&b);
	mutu_buf_free(&why);
	mutu_buf_free(&title);
}

int item_match(const mutu_record_type *t, int argc, char **argv)
{
	const char *usage = N_("match ID [--limit N]");
	const mutu_record_type *among = mutu_match_counterpart(t);
	long limit = 0;
	const struct opt opts[] = {
		OPT_INT('n', "limit", &limit, N_("N"), N_("only the N best matches"), 1,
			1000000000),
		OPT_TABLE_END,
	};
	mutu_match_probe p;
	mutu_found found;
	mutu_record *rec;
	mutu_match *m;
	mutu_store *st;
	size_t n;
	int nargs, err;

	parse_options(argc, argv, opts, usage, &nargs);
	if (nargs != 1)
		usage_error(usage, nargs ? _("one %s at a time") : _("which %s? give its id"),
			    t->name);
	if (!among)
		die(2, _("%s keep no words: they cannot be matched"), t->plural);
	st = open_commons();
	/* the record named, of any status, read as show reads it */
	if ((err = mutu_find(&found, st, t, argv[0])) < 0 ||
	    (err = mutu_find_load(&rec, NULL, st, &found, 0)) < 0)
		die_error(err);
	if ((err = mutu_match_probe_init(&p, rec)) < 0)
		die_error(err);
	mutu_value_free(rec);
	if ((err = mutu_match_rank(&m, &n, st, among, &p, (size_t)limit, progress)) < 0)
		die_error(err);
	print_matches(&p, m, n);
	mutu_matches_free(m, n);
	mutu_match_probe_free(&p);
	mutu_store_free(st);
	return n ? 0 : 1;
}
