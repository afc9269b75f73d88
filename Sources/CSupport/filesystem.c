#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/stat.h>
#include "csupport.h"

int migstat_filesystem_of(int directory, const char *name, unsigned long long *device, unsigned long long *mount) {
    struct statx st;
    if (statx(directory, name, AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT, STATX_MNT_ID, &st) != 0) return -1;
    *device = ((unsigned long long)st.stx_dev_major << 32) | st.stx_dev_minor;
    *mount = (st.stx_mask & STATX_MNT_ID) ? st.stx_mnt_id : 0;
    return 0;
}
