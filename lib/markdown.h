/*
 * markdown — record bodies (CommonMark) rendered through libcmark.
 */
#ifndef MUTU_MARKDOWN_H
#define MUTU_MARKDOWN_H

#include "buf.h"

/* Append body as terminal text: normalised CommonMark, paragraphs wrapped
 * at width columns (0: no wrapping). An empty body appends nothing. */
int mutu_markdown_text(mutu_buf *out, const char *body, int width);

#endif
