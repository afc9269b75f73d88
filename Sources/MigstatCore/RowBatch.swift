import CSupport

/// Cleaned rows packed for the store without a String per field: one typed slot per column and row, text
/// as bytes in one buffer. The cleaning thread fills a batch, the store's thread binds it, and the batch is
/// reused, so a delivery of any size moves through a fixed amount of memory.
// Unchecked: one thread at a time owns a batch; the queue between cleaner and store hands it over.
public final class RowBatch: @unchecked Sendable {
    /// Defined once, in C (`migstat_row_kind.h`), for the store's batch table reads the same bytes.
    public typealias Kind = MigstatRowKind

    public let columns: Int
    public let capacity: Int
    @exclusivity(unchecked) public private(set) var count = 0
    /// The physical line each row came from.
    @exclusivity(unchecked) public private(set) var lines: [Int]
    /// Rows rejected while this batch was filled, in file order.
    public var quarantine: [QuarantineRecord] = []
    /// Bytes of the file read so far when the batch was handed over (for progress).
    public var bytesRead = 0

    @usableFromInline let kinds: UnsafeMutablePointer<Kind>
    /// An integer's value, a real's bit pattern, or a text's offset in `text`.
    @usableFromInline let values: UnsafeMutablePointer<Int64>
    @usableFromInline let lengths: UnsafeMutablePointer<Int32>
    // The setters run once per field of millions of rows, on one thread at a time: no dynamic exclusivity checks,
    // and the accessors are inlinable into the cleaner and the store.
    @exclusivity(unchecked) @usableFromInline var text: UnsafeMutablePointer<UInt8>
    @exclusivity(unchecked) @usableFromInline var textCapacity: Int
    @exclusivity(unchecked) @usableFromInline var textUsed = 0
    @exclusivity(unchecked) private var rowTextStart = 0

    public init(columns: Int, capacity: Int = 4096) {
        self.columns = columns
        self.capacity = capacity
        kinds = .allocate(capacity: columns * capacity)
        values = .allocate(capacity: columns * capacity)
        lengths = .allocate(capacity: columns * capacity)
        textCapacity = capacity * 128
        text = .allocate(capacity: textCapacity)
        lines = []
        lines.reserveCapacity(capacity)
    }

    deinit { kinds.deallocate(); values.deallocate(); lengths.deallocate(); text.deallocate() }

    public var isFull: Bool { count == capacity }

    /// Starts row `count`; its slots are then set one by one and the row kept with `commitRow` or dropped with `discardRow`.
    public func beginRow() { rowTextStart = textUsed }

    @inlinable public func setNull(_ column: Int) { kinds[count * columns + column] = .null }

    @inlinable public func setInteger(_ column: Int, _ value: Int64) {
        let slot = count * columns + column
        kinds[slot] = .integer
        values[slot] = value
    }

    @inlinable public func setReal(_ column: Int, _ value: Double) {
        let slot = count * columns + column
        kinds[slot] = .real
        values[slot] = Int64(bitPattern: value.bitPattern)
    }

    @inlinable @inline(__always) public func setText(_ column: Int, _ bytes: UnsafeRawBufferPointer) {
        let slot = count * columns + column
        if textUsed + bytes.count > textCapacity { grow(to: textUsed + bytes.count) }
        if let base = bytes.baseAddress, bytes.count > 0 {
            (text + textUsed).update(from: base.assumingMemoryBound(to: UInt8.self), count: bytes.count)
        }
        kinds[slot] = .text
        values[slot] = Int64(textUsed)
        lengths[slot] = Int32(bytes.count)
        textUsed += bytes.count
    }

    public func setText(_ column: Int, _ string: String) {
        var s = string
        s.withUTF8 { setText(column, UnsafeRawBufferPointer($0)) }
    }

    public func commitRow(line: Int) {
        lines.append(line)
        count += 1
    }

    public func discardRow() { textUsed = rowTextStart }

    public func reset() {
        count = 0
        textUsed = 0
        lines.removeAll(keepingCapacity: true)
        quarantine.removeAll(keepingCapacity: true)
        bytesRead = 0
    }

    @inlinable public func kind(_ row: Int, _ column: Int) -> Kind { kinds[row * columns + column] }
    @inlinable public func integer(_ row: Int, _ column: Int) -> Int64 { values[row * columns + column] }
    @inlinable public func real(_ row: Int, _ column: Int) -> Double { Double(bitPattern: UInt64(bitPattern: values[row * columns + column])) }
    @inlinable public func text(_ row: Int, _ column: Int) -> UnsafeRawBufferPointer {
        let slot = row * columns + column
        return UnsafeRawBufferPointer(start: text + Int(values[slot]), count: Int(lengths[slot]))
    }

    /// The batch's storage as C reads it (Store's batch table): per row and column the kind,
    /// the value or text offset and the text length; the text; and each row's line.
    public func withStorage<R>(_ body: (_ kinds: UnsafePointer<Kind>, _ values: UnsafePointer<Int64>, _ lengths: UnsafePointer<Int32>,
                                        _ text: UnsafePointer<UInt8>, _ lines: UnsafePointer<Int64>) throws -> R) rethrows -> R {
        try lines.withUnsafeBufferPointer { lines in
            let lineWords = lines.baseAddress.map { UnsafeRawPointer($0) } ?? UnsafeRawPointer(values)
            return try body(kinds, values, lengths, text,
                            lineWords.assumingMemoryBound(to: Int64.self))
        }
    }

    @usableFromInline func grow(to needed: Int) {
        let capacity = max(textCapacity * 2, needed)
        let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        bigger.update(from: text, count: textUsed)
        text.deallocate()
        text = bigger
        textCapacity = capacity
    }
}
