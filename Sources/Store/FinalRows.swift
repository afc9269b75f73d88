import MigstatCore

/// Sees every row of a delivery table as it stands once a delivery is committed, one row per key in key order,
/// as the merge after the last row emits them (`DeliveryStore.finalRows`): whoever tallies the table's exhibits
/// then needs no scan of it afterwards. Only asked for when the table was empty before the delivery, so the
/// merge of its appended and held-back rows is the whole table.
public protocol FinalRowObserver: AnyObject {
    /// Before the first row: about how many rows will come (at least as many as will).
    func begin(rows: Int) throws
    /// One row, in the layout the held-back rows are packed in (`PackedRow` reads it); called on the merge's thread.
    func observe(_ row: PackedRow) throws
    /// After the last row, on the merge's thread.
    func end() throws
}

/// One row in the packed layout of held-back rows (`PendingRows`): per column a header byte — null, an integer
/// or a real (8 bytes follow), a text of up to 251 bytes (its length in the header), or a longer text (a 4-byte
/// length follows) — then the text. Reads the columns in place; `load` finds where each starts.
public final class PackedRow {
    public let columns: Int
    private let starts: UnsafeMutablePointer<Int>
    private let lengths: UnsafeMutablePointer<Int>
    private let headers: UnsafeMutablePointer<UInt8>
    private var bytes = UnsafeRawPointer(bitPattern: 8)!

    public init(columns: Int) {
        self.columns = columns
        starts = .allocate(capacity: columns)
        lengths = .allocate(capacity: columns)
        headers = .allocate(capacity: columns)
    }

    deinit { starts.deallocate(); lengths.deallocate(); headers.deallocate() }

    /// Points at a packed row's bytes (valid until the next `load`).
    func load(_ row: UnsafeRawPointer) {
        bytes = row
        let (starts, lengths, headers) = (self.starts, self.lengths, self.headers)
        PendingRows.forEachCell(row, columns: columns) { column, header, start, length in
            headers[column] = header
            starts[column] = start
            lengths[column] = length
        }
    }

    @inline(__always) public func kind(_ column: Int) -> RowBatch.Kind {
        switch headers[column] {
        case PendingRows.Header.null: return .null
        case PendingRows.Header.integer: return .integer
        case PendingRows.Header.real: return .real
        default: return .text
        }
    }

    /// An integer cell's value.
    @inline(__always) public func integer(_ column: Int) -> Int64 { bytes.loadUnaligned(fromByteOffset: starts[column], as: Int64.self) }

    /// A text cell's bytes.
    @inline(__always) public func text(_ column: Int) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: bytes + starts[column], count: lengths[column])
    }
}

/// A sink whose merge after a delivery's last row can show every row of the table (`DeliveryStore`): one that
/// cannot (a database server's) is not one, and its exhibits are computed from the table afterwards.
public protocol ObservableDeliverySink: DeliverySink {
    /// Sees the table's rows as the merge after the last row emits them, when the table was empty before the delivery.
    var finalRows: FinalRowObserver? { get set }
    /// Whether `finalRows` saw the whole table as the last delivery left it.
    var observed: Bool { get }
}
