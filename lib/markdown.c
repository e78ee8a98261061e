#include "markdown.h"

#include "error.h"

#include <cmark.h>
#include <stdlib.h>
#include <string.h>

int mutu_markdown_text(mutu_buf *out, const char *body, int width)
{
	cmark_node *doc;
	char *text;

	if (!*body)
		return 0;  /* cmark would render an empty document as a newline */
	if (!(doc = cmark_parse_document(body, strlen(body), CMARK_OPT_DEFAULT)))
		return mutu_error_nomem();
	text = cmark_render_commonmark(doc, CMARK_OPT_DEFAULT, width);
	cmark_node_free(doc);
	if (!text)
		return mutu_error_nomem();
	mutu_buf_puts(out, text);
	free(text);
	return mutu_buf_check(out);
}
