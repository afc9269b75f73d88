import Foundation

/// Runs jobs on threads of their own (the first on the calling thread) and waits for all; rethrows the first error.
enum Parallel {
    // Unchecked: `errors` is only touched with `lock` held.
    private final class Failures: @unchecked Sendable {
        private var errors: [Error?]
        private let lock = NSLock()
        init(_ count: Int) { errors = Array(repeating: nil, count: count) }
        func set(_ i: Int, _ error: Error) { lock.lock(); errors[i] = error; lock.unlock() }
        var first: Error? { lock.lock(); defer { lock.unlock() }; return errors.compactMap { $0 }.first }
    }

    static func run(_ jobs: [@Sendable () throws -> Void]) throws {
        let failures = Failures(jobs.count)
        let done = DispatchSemaphore(value: 0)
        for (i, job) in jobs.enumerated().dropFirst() {
            Thread {
                do { try job() } catch { failures.set(i, error) }
                done.signal()
            }.start()
        }
        if let first = jobs.first { do { try first() } catch { failures.set(0, error) } }
        for _ in jobs.dropFirst() { done.wait() }
        if let error = failures.first { throw error }
    }
}
