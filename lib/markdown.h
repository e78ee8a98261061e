/*
 * markdown — record bodies (CommonMark) rendered through libcmark.
 */
#ifndef MUTU_MARKDOWN_H
#define MUTU_MARKDOWN_H

#include "buf.h"

/* Append body as terminal text: normalised CommonMark, paragraphs wrapped
 * at width columns (0: no wrapping). */
int mutu_markdown_text(mutu_buf *out, const char *body, int width);

/* Append body as HTML (raw HTML in the body is escaped, not passed). */
int mutu_markdown_html(mutu_buf *out, const char *body);

#endif
