import CSupport
import Foundation

/// Starts `body` on a thread of its own named `name` (in ps, top and perf), with a 1 MB stack: the loader's
/// threads hold nothing large on theirs.
public func startNamedThread(_ name: String, _ body: @escaping @Sendable () -> Void) {
    let thread = Thread {
        migstat_name_thread(name)
        body()
    }
    thread.stackSize = 1 << 20
    thread.start()
}
