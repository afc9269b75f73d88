import Clean
import Foundation
import MigstatCore

/// What reading and cleaning a delivery would load and quarantine.
public struct DeliveryCheck: Sendable {
    public var file: String
    public var bytes: Int
    public var read: Int
    public var quarantined: Int
    /// The rows a load would quarantine (`check --quarantine`), in file order; kept only when asked for.
    public var rejected: [QuarantineRecord] = []
}

extension DeliveryLoader {
    /// Reads and cleans one delivery exactly as `load` does, and writes nothing (`migstat check`). A strict
    /// source's first bad row is thrown, as it would stop a run.
    /// `keepRejected`: the quarantined rows are returned too (for `check --quarantine`).
    public func check(_ file: String, keepRejected: Bool = false, note: (String) -> Void = { _ in }) throws -> DeliveryCheck {
        try readingAgainIfMalformed(file, note: note) { try check(file, fullReader: $0, keepRejected: keepRejected) }
    }

    private func check(_ file: String, fullReader: Bool, keepRejected: Bool) throws -> DeliveryCheck {
        let producer = producer(file, fullReader: fullReader)
        producer.start()
        var rejected: [QuarantineRecord] = []
        while let batch = producer.full.take() {
            if keepRejected { rejected += batch.quarantine }
            batch.reset()
            producer.free.put(batch)
        }
        producer.done.wait()
        if let failure = producer.failure { throw failure }
        return DeliveryCheck(file: file, bytes: producer.bytes, read: producer.cleaner.read, quarantined: producer.cleaner.quarantined, rejected: rejected)
    }
}
