import Foundation

/// Work started on a thread of its own, waited for when its result is wanted: render's exports and figures
/// run beside the work of the main thread that does not depend on them.
// Unchecked: `work` and `outcome` are touched by the worker before `done` is signalled and by `result` after.
final class BackgroundTask<Value>: @unchecked Sendable {
    private var work: (() throws -> Value)?
    private var outcome: Result<Value, Error>?
    private let done = DispatchSemaphore(value: 0)

    init(_ work: @escaping () throws -> Value) {
        self.work = work
        let thread = Thread { [self] in
            outcome = Result { try self.work!() }
            self.work = nil
            done.signal()
        }
        thread.stackSize = 8 << 20   // as FigureDrawing's workers: librsvg and pango recurse deeply
        thread.start()
    }

    /// Waits for the work to end; its value or its error (the same every time it is asked).
    func result() -> Result<Value, Error> {
        done.wait()
        done.signal()
        return outcome!
    }
}
