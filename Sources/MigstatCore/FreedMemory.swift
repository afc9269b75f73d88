import CSupport

/// Memory freed by threads that are gone: each thread's malloc arena keeps what it freed after the thread ends,
/// where the main thread's next allocations cannot use it. The registry load and the figures' drawing give it
/// back to the system before the steps after them take theirs.
public enum FreedMemory {
    public static func release() { migstat_release_freed_memory() }
}
