#include "output.h"

#include "error.h"
#include "i18n.h"
#include "utf8.h"

#include <stdlib.h>
#include <string.h>

int mutu_format_parse(mutu_format *out, const char *name)
{
	static const char *names[] = { "table", "tsv", "json", "yaml", "ids" };
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(name, names[i])) {
			*out = (mutu_format)i;
			return 0;
		}
	return mutu_error_set(MUTU_EUSAGE, _("unknown format '%s': use table, tsv, json, yaml or ids"),
			      mutu_utf8_clip(name, 40));
}

void mutu_output_tsv_field(mutu_buf *b, const char *s)
{
	mutu_utf8_escape(b, s, MUTU_ESCAPE_BACKSLASH);
}

void mutu_output_join(mutu_buf *b, const mutu_value *seq, const char *sep)
{
	size_t i, n = 0;

	for (i = 0; seq && seq->type == MUTU_SEQ && i < seq->u.seq.len; i++)
		if (seq->u.seq.items[i]->type == MUTU_STR)
			mutu_buf_printf(b, "%s%s", n++ ? sep : "", seq->u.seq.items[i]->u.str);
}

void mutu_output_json_string(mutu_buf *b, const char *s)
{
	mutu_buf_putc(b, '"');
	mutu_utf8_escape(b, s, MUTU_ESCAPE_BACKSLASH | MUTU_ESCAPE_JSON);
	mutu_buf_putc(b, '"');
}

void mutu_output_json(mutu_buf *b, const mutu_value *v)
{
	size_t i;

	switch (v->type) {
	case MUTU_NULL: mutu_buf_puts(b, "null"); break;
	case MUTU_STR: mutu_output_json_string(b, v->u.str); break;
	case MUTU_INT: mutu_buf_printf(b, "%lld", v->u.num); break;
	case MUTU_BOOL: mutu_buf_puts(b, v->u.truth ? "true" : "false"); break;
	case MUTU_SEQ:
		mutu_buf_putc(b, '[');
		for (i = 0; i < v->u.seq.len; i++) {
			if (i)
				mutu_buf_putc(b, ',');
			mutu_output_json(b, v->u.seq.items[i]);
		}
		mutu_buf_putc(b, ']');
		break;
	case MUTU_MAP:
		mutu_buf_putc(b, '{');
		for (i = 0; i < v->u.map.len; i++) {
			if (i)
				mutu_buf_putc(b, ',');
			mutu_output_json_string(b, v->u.map.fields[i].key);
			mutu_buf_putc(b, ':');
			mutu_output_json(b, v->u.map.fields[i].value);
		}
		mutu_buf_putc(b, '}');
		break;
	}
}

struct mutu_table {
	size_t ncols, nrows, cap;
	char **cells;     /* (nrows + 1) * ncols, the headers first */
	mutu_buf scratch; /* where a cell is escaped */
};

static int table_push(mutu_table *t, const char *const *cells)
{
	size_t i, base;
	char **grown;

	if (t->nrows + 1 >= t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 16;

		if (!(grown = reallocarray(t->cells, cap * t->ncols, sizeof(*grown))))
			return mutu_error_nomem();
		t->cells = grown;
		t->cap = cap;
	}
	base = t->nrows * t->ncols;
	for (i = 0; i < t->ncols; i++) {
		/* what a commons holds reaches the terminal escaped; each cell
		 * is then kept at its own size, not at a buffer's */
		mutu_buf_clear(&t->scratch);
		mutu_utf8_escape(&t->scratch, cells[i] ? cells[i] : "", 0);
		if (t->scratch.failed || !(t->cells[base + i] = strdup(mutu_buf_cstr(&t->scratch)))) {
			while (i--)
				free(t->cells[base + i]);
			return mutu_error_nomem();
		}
	}
	t->nrows++;
	return 0;
}

int mutu_table_new(mutu_table **out, size_t ncols, const char *const *headers)
{
	mutu_table *t = calloc(1, sizeof(*t));
	int err;

	if (!t)
		return mutu_error_nomem();
	t->ncols = ncols;
	if ((err = table_push(t, headers)) < 0) {
		mutu_table_free(t);
		return err;
	}
	*out = t;
	return 0;
}

int mutu_table_add(mutu_table *t, const char *const *cells)
{
	return table_push(t, cells);
}

int mutu_table_render(mutu_buf *out, const mutu_table *t, size_t width, size_t flex)
{
	size_t *w = calloc(t->ncols, sizeof(*w));
	size_t r, c, total = 0, used;

	if (!w)
		return mutu_error_nomem();
	for (r = 0; r < t->nrows; r++)
		for (c = 0; c < t->ncols; c++) {
			size_t cw = mutu_utf8_width(t->cells[r * t->ncols + c]);

			if (cw > w[c])
				w[c] = cw;
		}
	for (c = 0; c < t->ncols; c++)
		total += w[c] + (c + 1 < t->ncols ? 2 : 0);
	if (width && total > width && flex < t->ncols) {
		size_t others = total - w[flex];

		/* down to one column ("…") before giving up on the width */
		w[flex] = others + 1 < width ? width - others : 1;
	}
	for (r = 0; r < t->nrows; r++) {
		for (c = 0; c < t->ncols; c++) {
			const char *cell = t->cells[r * t->ncols + c];
			size_t cw = mutu_utf8_width(cell), fit;
			int last = c + 1 == t->ncols;

			if (cw > w[c]) {
				fit = mutu_utf8_fit(cell, w[c] - 1, &used);
				mutu_buf_put(out, cell, fit);
				mutu_buf_puts(out, "…");
				cw = used + 1;
			} else {
				mutu_buf_puts(out, cell);
			}
			if (!last)
				for (; cw < w[c] + 2; cw++)
					mutu_buf_putc(out, ' ');
		}
		/* no trailing blanks when the last column is short */
		while (out->len && out->ptr[out->len - 1] == ' ')
			out->ptr[--out->len] = '\0';
		mutu_buf_putc(out, '\n');
	}
	free(w);
	return mutu_buf_check(out);
}

void mutu_table_free(mutu_table *t)
{
	size_t i;

	if (!t)
		return;
	for (i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i]);
	free(t->cells);
	mutu_buf_free(&t->scratch);
	free(t);
}
