#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <errno.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <sys/prctl.h>
#include "csupport.h"

// glibc's renameat2 wrapper exists since 2.28, but the raw syscall also works on older libcs.
int migstat_exchange_paths(const char *a, const char *b) {
#ifdef SYS_renameat2
    return (int)syscall(SYS_renameat2, AT_FDCWD, a, AT_FDCWD, b, (1 << 1) /* RENAME_EXCHANGE */);
#else
    errno = ENOSYS;
    return -1;
#endif
}

long migstat_copy_file_range(int from, int to, unsigned long length) {
#ifdef SYS_copy_file_range
    return (long)syscall(SYS_copy_file_range, from, NULL, to, NULL, length, 0);
#else
    errno = ENOSYS;
    return -1;
#endif
}

void migstat_name_thread(const char *name) {
    prctl(PR_SET_NAME, name, 0, 0, 0);
}
