/*
 * run — a program run as a tool: bytes on its standard input, its
 * standard output read back, bounded; its stderr kept, to say why it
 * failed (a tool that succeeded has nothing to tell the member).
 *
 * No shell: argv[0] is found on PATH (or is a path). The child starts as
 * a program expects (no signal blocked, SIGPIPE at its default); a child
 * that exits without reading all its input does not kill this process
 * with SIGPIPE; the child is always reaped.
 */
#ifndef MUTU_RUN_H
#define MUTU_RUN_H

#include "buf.h"

#include <stddef.h>

/*
 * Run argv with input (len bytes) on stdin and append its stdout to out,
 * at most max bytes (more: MUTU_EDATA). 0 when it exited 0; otherwise
 * MUTU_EIO with the reason (could not run, exit status and the last line
 * it wrote on stderr, signal) as the last error, prefixed by what (a
 * sentence naming the tool's job).
 */
int mutu_run(const char *const argv[], const char *input, size_t len, mutu_buf *out, size_t max,
	     const char *what);

#endif
