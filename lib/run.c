#include "run.h"

#include "error.h"
#include "i18n.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* Feed input and read both outputs at once: a child that writes before
 * it has read everything never blocks against us. stderr is kept to say
 * why the child failed (its last bytes, bounded). */
static int exchange(int to, int from, int errfd, const char *input, size_t len, mutu_buf *out,
		    size_t max, mutu_buf *errs)
{
	char chunk[8192];
	size_t off = 0;
	int over = 0;

	if (len == 0) {
		close(to);
		to = -1;
	}
	while (to >= 0 || from >= 0 || errfd >= 0) {
		struct pollfd pfd[3];
		int *fds[3];
		nfds_t n = 0, i;
		ssize_t got;

		if (to >= 0)
			fds[n] = &to, pfd[n++] = (struct pollfd){ to, POLLOUT, 0 };
		if (from >= 0)
			fds[n] = &from, pfd[n++] = (struct pollfd){ from, POLLIN, 0 };
		if (errfd >= 0)
			fds[n] = &errfd, pfd[n++] = (struct pollfd){ errfd, POLLIN, 0 };
		if (poll(pfd, n, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (i = 0; i < n; i++) {
			if (!pfd[i].revents)
				continue;
			if (fds[i] == &to) {
				got = write(to, input + off, len - off);
				if (got < 0 && (errno == EINTR || errno == EAGAIN))
					continue;
				if (got > 0)
					off += (size_t)got;
				if (got < 0 || off == len) {
					close(to);
					to = -1;
				}
				continue;
			}
			got = read(*fds[i], chunk, sizeof(chunk));
			if (got < 0 && (errno == EINTR || errno == EAGAIN))
				continue;
			if (got > 0 && fds[i] == &from) {
				if (out->len + (size_t)got > max)
					over = 1;
				else if (!over)
					mutu_buf_put(out, chunk, (size_t)got);
			} else if (got > 0 && errs->len < 4096) {
				mutu_buf_put(errs, chunk, (size_t)got);
			}
			if (got <= 0) {
				close(*fds[i]);
				*fds[i] = -1;
			}
		}
	}
	if (to >= 0)
		close(to);
	if (from >= 0)
		close(from);
	if (errfd >= 0)
		close(errfd);
	return over;
}

/* The last line of what the child said on stderr, or "". */
static const char *last_line(mutu_buf *errs)
{
	char *p, *end;

	if (!errs->len)
		return "";
	mutu_buf_putc(errs, '\0');
	p = errs->ptr;
	end = p + strlen(p);
	while (end > p && (end[-1] == '\n' || end[-1] == '\r'))
		*--end = '\0';
	while (end > p && end[-1] != '\n')
		end--;
	return end;
}

int mutu_run(const char *const argv[], const char *input, size_t len, mutu_buf *out, size_t max,
	     const char *what)
{
	int in[2] = { -1, -1 }, outp[2] = { -1, -1 }, errp[2] = { -1, -1 }, err, status = 0, over;
	mutu_buf errs = MUTU_BUF_INIT;
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	sigset_t none, dflt, pipe_only, old, pending;
	int pipe_was_pending;
	pid_t pid;

	if (pipe2(in, O_CLOEXEC) < 0 || pipe2(outp, O_CLOEXEC) < 0 || pipe2(errp, O_CLOEXEC) < 0) {
		err = errno;
		if (in[0] >= 0)
			close(in[0]), close(in[1]);
		if (outp[0] >= 0)
			close(outp[0]), close(outp[1]);
		return mutu_error_set(MUTU_EIO, "%s: %s", what, strerror(err));
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, in[0], 0);
	posix_spawn_file_actions_adddup2(&fa, outp[1], 1);
	posix_spawn_file_actions_adddup2(&fa, errp[1], 2);
	posix_spawnattr_init(&attr);
	sigemptyset(&none);
	sigemptyset(&dflt);
	sigaddset(&dflt, SIGPIPE);
	posix_spawnattr_setsigmask(&attr, &none);
	posix_spawnattr_setsigdefault(&attr, &dflt);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
	err = (strchr(argv[0], '/') ? posix_spawn : posix_spawnp)(&pid, argv[0], &fa, &attr,
								  (char *const *)argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&attr);
	close(in[0]);
	close(outp[1]);
	close(errp[1]);
	if (err) {
		close(in[1]);
		close(outp[0]);
		close(errp[0]);
		return mutu_error_set(MUTU_EIO, _("%s: cannot run %s: %s"), what, argv[0], strerror(err));
	}
	/* a child that stops reading must not kill us with SIGPIPE */
	sigemptyset(&pipe_only);
	sigaddset(&pipe_only, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &pipe_only, &old);
	sigpending(&pending);
	pipe_was_pending = sigismember(&pending, SIGPIPE);
	over = exchange(in[1], outp[0], errp[0], input, len, out, max, &errs);
	sigpending(&pending);
	if (!pipe_was_pending && sigismember(&pending, SIGPIPE))
		sigtimedwait(&pipe_only, NULL, &(struct timespec){ 0, 0 });
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			status = 0;
			break;
		}
	if (over)
		err = mutu_error_set(MUTU_EDATA, _("%s: %s wrote more than %zu bytes"), what, argv[0], max);
	else if (WIFSIGNALED(status))
		err = mutu_error_set(MUTU_EIO, _("%s: %s was killed by signal %d"), what, argv[0],
				     WTERMSIG(status));
	else if (WIFEXITED(status) && WEXITSTATUS(status))
		err = mutu_error_set(MUTU_EIO, _("%s: %s exited with status %d (%s)"), what, argv[0],
				     WEXITSTATUS(status), last_line(&errs));
	mutu_buf_free(&errs);
	return err;
}
