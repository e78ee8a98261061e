/*
 * For `make asan` only: what libgit2 1.5.1 leaks on its own when it
 * talks to a remote, linked into the two commands that do (mutu-sync,
 * mutu-clone) and no other, so that every other command's leaks,
 * through pcre2 too (the schemas), are still caught.
 *
 * - Each config lookup by regular expression (a remote's url.*.insteadOf,
 *   git_remote_list, which git_branch_set_upstream calls) leaks its
 *   pcre2 match data.
 * - Each ssh connection leaks a few bytes in git_remote_connect_ext.
 *
 * libgit2 is built without frame pointers: stacks are unwound whole here
 * (slower, these two commands only), so the suppressions name libgit2's
 * functions, never a whole library.
 */
#if defined(__SANITIZE_ADDRESS__)
/* whole stacks through libgit2 and pcre2, so that the suppressions below
 * name the functions that leak, not the libraries */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
	return "fast_unwind_on_malloc=0";
}

const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:git_config_foreach_match\nleak:git_remote_lookup\nleak:git_remote_create_with_opts\nleak:git_remote_create_anonymous\nleak:git_remote_connect_ext\n";
}
#else
/* an object file needs something in it (ISO C) */
typedef int mutu_lsan_remote_unused;
#endif
