import CRsvg
import Foundation
import MigstatCore

/// Every figure's PDF and PNG, drawn on two threads (the PNG's deflate takes most of a figure's time, and cannot
/// be changed without changing its bytes) and handed back in the figures' order, so that the
/// caller writes the same files in the same order as one thread would, and sees the first figure's error.
/// At most `window` figures are drawn or waiting to be taken: the memory is that of two drawings whatever
/// the number of figures.
public enum FigureDrawing {
    public struct Figure: Sendable {
        public let svg: String
        /// The PDF's and PNG's paths, as errors name them.
        public let pdf: String, png: String
        public init(svg: String, pdf: String, png: String) { (self.svg, self.pdf, self.png) = (svg, pdf, png) }
    }

    /// Draws `figures` on `threads` threads and calls `take` with each one's PDF and PNG, in order, on the
    /// calling thread. The first figure that fails (its PDF before its PNG) throws, once the threads are done.
    public static func draw(_ figures: [Figure], threads: Int = 2, window: Int = 3,
                            take: (Int, _ pdf: Data, _ png: Data) throws -> Void) throws {
        guard !figures.isEmpty else { return }
        let queue = Queue(count: figures.count, window: max(window, threads))
        var workers: [Thread] = []
        for _ in 0..<max(1, min(threads, figures.count)) {
            let worker = Thread {
                while let index = queue.next() {
                    let figure = figures[index]
                    let result = Result { (try FigureFiles.pdf(svg: figure.svg, name: figure.pdf), try FigureFiles.png(svg: figure.svg, name: figure.png)) }
                    // The figure's fonts, then every page freed so far, go back before the next figure.
                    migstat_release_thread_fonts()
                    FreedMemory.release()
                    queue.finish(index, result)
                }
                queue.exited()
            }
            worker.stackSize = 8 << 20   // librsvg's and pango's recursion on a big document
            workers.append(worker)
        }
        workers.forEach { $0.start() }
        defer { queue.stopAndWait(threads: workers.count) }
        for index in figures.indices {
            let (pdf, png) = try queue.take(index).get()
            try take(index, pdf, png)
        }
    }


    /// The figures' indices handed out in order, no further than `window` past the first not yet taken, and
    /// their results kept until taken.
    final class Queue: @unchecked Sendable {
        private let condition = NSCondition()
        private let count: Int, window: Int
        private var handedOut = 0, taken = 0, exitedThreads = 0, stopped = false
        private var results: [Int: Result<(Data, Data), Error>] = [:]

        init(count: Int, window: Int) { (self.count, self.window) = (count, window) }

        func next() -> Int? {
            condition.lock()
            defer { condition.unlock() }
            while !stopped && handedOut < count && handedOut >= taken + window { condition.wait() }
            guard !stopped, handedOut < count else { return nil }
            handedOut += 1
            return handedOut - 1
        }

        func finish(_ index: Int, _ result: Result<(Data, Data), Error>) {
            condition.lock()
            results[index] = result
            condition.broadcast()
            condition.unlock()
        }

        func take(_ index: Int) -> Result<(Data, Data), Error> {
            condition.lock()
            defer { condition.unlock() }
            while true {
                if let result = results.removeValue(forKey: index) {
                    taken = index + 1
                    condition.broadcast()
                    return result
                }
                condition.wait()
            }
        }

        func exited() {
            condition.lock()
            exitedThreads += 1
            condition.broadcast()
            condition.unlock()
        }

        /// No more figures are handed out; returns once every thread has left its loop.
        func stopAndWait(threads: Int) {
            condition.lock()
            stopped = true
            condition.broadcast()
            while exitedThreads < threads { condition.wait() }
            condition.unlock()
        }
    }
}
