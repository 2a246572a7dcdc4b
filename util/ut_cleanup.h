/* ut_cleanup.h - what a tool puts back when a signal ends it.
 *
 * A tool registers the temporary files and directories it is writing, and
 * the async-signal-safe hooks that undo what it changed on the machine
 * (a hugetlb pool, child processes). If SIGINT, SIGTERM, SIGHUP, SIGPIPE,
 * SIGXFSZ or SIGALRM then ends the process, the handler runs the hooks,
 * removes the registered paths and re-raises the signal with its default
 * action, so the exit status still says which signal it was. Signals the
 * process ignores (nohup's SIGHUP) stay ignored. SIGKILL cannot be caught:
 * what must survive it is recorded on disk by the tool itself.
 */
#ifndef MMAPLAB_UT_CLEANUP_H
#define MMAPLAB_UT_CLEANUP_H

/* Registers PATH (a file, or a directory removed with everything below it,
 * no symbolic links followed) for removal on a fatal signal. The string is
 * copied. 0, ENOMEM, or ENOSPC when 32 paths are registered already. */
int ut_cleanup_add(const char *path);

/* Unregisters PATH (when it was renamed into place or removed normally). */
void ut_cleanup_forget(const char *path);

/* Registers FN to run in the signal handler before the paths are removed;
 * FN must be async-signal-safe. 0 or ENOSPC (8 hooks at most). */
int ut_cleanup_hook(void (*fn)(int sig));

/* Unregisters FN. */
void ut_cleanup_unhook(void (*fn)(int sig));

/* Removes PATH and everything below it without following symbolic links,
 * using only async-signal-safe calls. 0 or errno; a missing PATH is 0. */
int ut_remove_tree(const char *path);

#endif /* MMAPLAB_UT_CLEANUP_H */
