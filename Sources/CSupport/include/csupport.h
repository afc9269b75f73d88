#ifndef MIGSTAT_CSUPPORT_H
#define MIGSTAT_CSUPPORT_H
/// Atomically exchanges two paths (Linux renameat2 RENAME_EXCHANGE); returns 0 or -1 with errno set.
int migstat_exchange_paths(const char *a, const char *b);
/// copy_file_range(2) on whole descriptors from their current offsets: bytes copied, or -1 with errno set.
long migstat_copy_file_range(int from, int to, unsigned long length);
/// Names the calling thread (as ps, top and perf show it).
void migstat_name_thread(const char *name);
/// Starts writing a file's dirty pages to disk without waiting (sync_file_range SYNC_FILE_RANGE_WRITE), so
/// that a later fsync finds little left to do; 0 or -1 with errno set.
int migstat_start_writeback(int fd);
/// Installs a handler for each of `signals` that writes the signal's number (one byte) to a pipe, and returns
/// the pipe's read end (or -1 with errno set): a thread reading it does what a handler may not.
int migstat_signal_pipe(const int *signals, int count);
/// The filesystem of the entry `name` of `directory` (not following a link): its device and its mount id
/// (statx STATX_MNT_ID; 0 if the kernel has none). A bind mount has the device of the filesystem it shows
/// but a mount id of its own. 0, or -1 with errno set.
int migstat_filesystem_of(int directory, const char *name, unsigned long long *device, unsigned long long *mount);
/// Gives back to the system the pages malloc holds free, in every thread's arena (malloc_trim).
void migstat_release_freed_memory(void);
#endif
