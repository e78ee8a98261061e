#include "markdown.h"

#include "error.h"

#include <cmark.h>
#include <stdlib.h>
#include <string.h>

static int render(mutu_buf *out, const char *body, int width, int html)
{
	cmark_node *doc = cmark_parse_document(body, strlen(body), CMARK_OPT_DEFAULT);
	char *text;

	if (!doc)
		return mutu_error_nomem();
	text = html ? cmark_render_html(doc, CMARK_OPT_DEFAULT)  /* CMARK_OPT_UNSAFE off: raw HTML dropped */
		    : cmark_render_commonmark(doc, CMARK_OPT_DEFAULT, width);
	cmark_node_free(doc);
	if (!text)
		return mutu_error_nomem();
	mutu_buf_puts(out, text);
	free(text);
	return mutu_buf_check(out);
}

int mutu_markdown_text(mutu_buf *out, const char *body, int width)
{
	return render(out, body, width, 0);
}

int mutu_markdown_html(mutu_buf *out, const char *body)
{
	return render(out, body, 0, 1);
}
