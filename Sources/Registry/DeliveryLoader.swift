import Clean
import CSupport
import Foundation
import Ingest
import MigstatCore
import Store

/// Where a load is, for a progress bar or log.
public struct LoadProgress: Sendable {
    public var file: String
    public var bytesRead: Int
    public var totalBytes: Int
    public var rows: Int
    public var seconds: Double
}

/// What loading one delivery did.
public struct DeliveryResult: Sendable {
    public var delivery: LoadedDelivery
    /// Rows that changed the table (new keys, or newer versions); the rest were older than the stored version.
    public var applied: Int
    public var seconds: Double
    /// Seconds each side waited for the other: the one that waited less is the bottleneck.
    public var readerWaited: Double
    public var writerWaited: Double
    /// CPU seconds of each side (the reading side: its parsing and cleaning threads): what the load costs on an idle machine, whatever else runs.
    public var readerCPU: Double
    public var writerCPU: Double
    /// Rows held back (their key was not above every key so far) and the sorted runs they made.
    public var heldBack: Int
    public var runs: Int
    /// Of the writer's time after the last row: merging and upserting the held-back rows, and the commit.
    public var mergeSeconds: Double
    public var commitSeconds: Double
}

/// CPU seconds (user and system) the calling thread has used.
func threadCPUSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

/// Loads the files of a delivery table into its store with three threads: one parses (libcsv), one decodes and
/// cleans into batches, the third writes them into SQLite, with small bounded queues between them, so a
/// delivery of any size is loaded at the pace of the slowest in a fixed amount of memory.
public struct DeliveryLoader {
    public let source: SourceConfig
    public let table: TableConfig
    public let columns: [ColumnConfig]
    public let referenceKeys: [String: Set<String>]
    public let rawDirectory: String
    public let displayPrefix: String
    /// Rows per batch, and batches in flight: the memory a load needs is their product.
    public var batchRows = 4096
    public var batchesInFlight = 4
    /// Records per block from the parsing thread to the cleaning thread (the byte path).
    public var parsedBlockRecords = 4096

    public init(source: SourceConfig, table: TableConfig, columns: [ColumnConfig], referenceKeys: [String: Set<String>],
                rawDirectory: String, displayPrefix: String) {
        self.source = source; self.table = table; self.columns = columns; self.referenceKeys = referenceKeys
        self.rawDirectory = rawDirectory; self.displayPrefix = displayPrefix
    }

    /// Loads one delivery (a path relative to the raw directory) in one transaction, recorded as complete only
    /// when every row is in. A delivery with malformed quoting is read again by the full reader, which
    /// quarantines (or, in a strict source, reports) the bad records as it does for every source.
    public func load(_ file: String, into store: some DeliverySink, progress: (LoadProgress) -> Void = { _ in },
                     note: (String) -> Void = { _ in }) throws -> DeliveryResult {
        try readingAgainIfMalformed(file, note: note) { try load(file, into: store, fullReader: $0, progress: progress) }
    }

    /// Runs `read` with the byte reader, and again with the full reader if the file is not clean CSV.
    func readingAgainIfMalformed<T>(_ file: String, note: (String) -> Void, _ read: (_ fullReader: Bool) throws -> T) throws -> T {
        do {
            return try read(false)
        } catch let signal as RawReadNeedsFullReader {
            note("registry: \(file): malformed CSV near line \(signal.line); reading it again with the full reader")
            return try read(true)
        }
    }

    /// The reading side of a delivery, ready to start: its reader and cleaner, and the batches between the threads.
    func producer(_ file: String, fullReader: Bool) -> Producer {
        let display = displayPrefix + file
        let reader = CSVReader(path: path(file), displayPath: display, source: source.id, options: CSVOptions(source.format),
                               lenient: source.mode == .lenient)
        let free = BlockingQueue<RowBatch>(capacity: batchesInFlight)
        let full = BlockingQueue<RowBatch>(capacity: batchesInFlight)
        for _ in 0..<batchesInFlight { free.put(RowBatch(columns: columns.count, capacity: batchRows)) }
        let cleaner = DeliveryCleaner(source: source, table: table, columns: columns, displayPath: display, file: file,
                                      referenceKeys: referenceKeys)
        return Producer(reader: reader, cleaner: cleaner, fullReader: fullReader, blockRecords: parsedBlockRecords, free: free, full: full)
    }

    func path(_ file: String) -> String { (rawDirectory as NSString).appendingPathComponent(file) }

    private func load(_ file: String, into store: some DeliverySink, fullReader: Bool, progress: (LoadProgress) -> Void) throws -> DeliveryResult {
        let started = Date()
        let display = displayPrefix + file
        let total = fileSize(path(file))
        let producer = producer(file, fullReader: fullReader)
        let (cleaner, free, full) = (producer.cleaner, producer.free, producer.full)
        try store.begin(file: file)
        // The content hash is taken on a thread of its own, from the page cache: the reading side has the least slack.
        let hasher = FileHasher(path: path(file))
        producer.start()

        let cpuAtStart = threadCPUSeconds()
        var rows = 0
        var failure: Error?
        var waited = 0.0
        while true {
            let waitStart = Date()
            guard let batch = full.take() else { break }
            waited += Date().timeIntervalSince(waitStart)
            if failure == nil {
                do {
                    try store.write(batch)
                    rows += batch.count
                    progress(LoadProgress(file: display, bytesRead: batch.bytesRead, totalBytes: total, rows: rows,
                                          seconds: Date().timeIntervalSince(started)))
                } catch {
                    failure = error
                    free.close()   // stops the producer at its next batch
                }
            }
            batch.reset()
            free.put(batch)
        }
        producer.done.wait()
        if let error = failure ?? producer.failure {
            _ = try? hasher.result()
            store.rollback()
            throw error
        }
        let sha256 = try hasher.result()
        let delivery = LoadedDelivery(file: file, sha256: sha256, bytes: producer.bytes, read: cleaner.read,
                                      loaded: cleaner.read - cleaner.quarantined, quarantined: cleaner.quarantined)
        let applied = try store.finish(delivery)
        return DeliveryResult(delivery: delivery, applied: applied, seconds: Date().timeIntervalSince(started),
                              readerWaited: producer.waited, writerWaited: waited,
                              readerCPU: producer.cpu + producer.parseCPU, writerCPU: threadCPUSeconds() - cpuAtStart,
                              heldBack: store.heldBackRows, runs: store.runCount,
                              mergeSeconds: store.mergeSeconds, commitSeconds: store.commitSeconds)
    }
}

/// The reading side: decode and clean into batches, on a thread of its own (parsing on another: ParseThread).
// Unchecked: its state is the reading thread's; the other side sees only batches handed over by the queue.
final class Producer: @unchecked Sendable {
    let reader: CSVReader
    let cleaner: DeliveryCleaner
    let fullReader: Bool
    /// Records per block from the parsing thread to the cleaning one.
    let blockRecords: Int
    let free: BlockingQueue<RowBatch>
    let full: BlockingQueue<RowBatch>
    let done = DispatchSemaphore(value: 0)
    var failure: Error?
    var bytes = 0
    var waited = 0.0
    var cpu = 0.0
    /// CPU seconds of the parsing thread (the byte path).
    var parseCPU = 0.0
    private var batch: RowBatch?
    private var read = 0

    struct Cancelled: Error {}

    init(reader: CSVReader, cleaner: DeliveryCleaner, fullReader: Bool, blockRecords: Int, free: BlockingQueue<RowBatch>,
         full: BlockingQueue<RowBatch>) {
        self.reader = reader; self.cleaner = cleaner; self.fullReader = fullReader; self.blockRecords = blockRecords
        self.free = free; self.full = full
    }

    func start() { startNamedThread("migstat-read") { self.run() } }

    func run() {
        defer { cpu = threadCPUSeconds(); full.close(); done.signal() }
        do {
            batch = free.take()
            guard batch != nil else { return }
            if fullReader {
                try reader.forEachRecord { record in
                    if let defect = record.defect, cleaner.headerSeen {
                        batch!.quarantine.append(try cleaner.clean(defective: record, defect))
                        return
                    }
                    let decoded = DecodedRecord(record, text: record.fields.map { $0 ?? "" }.joined(separator: cleaner.source.format.delimiter))
                    try take(decoded, decoded: true)
                }
                read = fileSize(reader.path)
            } else {
                try cleanParsedBlocks()
            }
            guard cleaner.headerSeen else {
                throw MigstatError.data(Location(source: cleaner.source.id, file: cleaner.displayPath, line: 1), value: nil,
                                        message: "empty file: expected a header with \(cleaner.table.columns.map(\.name).joined(separator: cleaner.source.format.delimiter))")
            }
            try cleaner.finish()
            batch!.bytesRead = read
            full.put(batch!)
            bytes = read
        } catch is Cancelled {
        } catch {
            failure = error
        }
    }

    /// The byte path on two threads: a parsing thread (libcsv) hands blocks of records to this one, which cleans
    /// them in file order, so the quarantine and the batches come out as from one thread.
    private func cleanParsedBlocks() throws {
        let lines = try RecordLines(reader: reader)
        let parse = ParseThread(reader: reader, blockRecords: blockRecords, blocksInFlight: 3)
        parse.start()
        // On any way out (a cleaning error, a stop from the writer) the parsing thread is stopped and joined.
        defer { parse.stop(); parseCPU = parse.cpu }
        while let block = parse.full.take() {
            for i in 0..<block.count { try take(block.record(i, lines: lines), decoded: false) }
            read = block.bytesRead
            block.reset()
            parse.free.put(block)
        }
        // `full` is closed once the parsing thread has set what it found.
        if let failure = parse.failure { throw failure }
        read = parse.bytes
    }

    private func take<R: DeliveryRecord>(_ record: R, decoded: Bool) throws {
        guard cleaner.headerSeen else { try cleaner.readHeader(record); return }
        if let rejected = try cleaner.clean(record, into: batch!, decoded: decoded) { batch!.quarantine.append(rejected) }
        if batch!.isFull {
            batch!.bytesRead = read
            let waitStart = Date()
            full.put(batch!)
            guard let next = free.take() else { throw Cancelled() }
            waited += Date().timeIntervalSince(waitStart)
            batch = next
        }
    }
}

/// A file's SHA-256 computed on a thread of its own.
// Unchecked: the hashing thread writes the digest once; it is read after that thread is joined.
private final class FileHasher: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var sha256: Result<String, Error> = .success("")

    init(path: String) {
        Thread {
            migstat_name_thread("migstat-hash")
            do { self.sha256 = .success(try FileHash.sha256(path: path)) } catch { self.sha256 = .failure(error) }
            self.done.signal()
        }.start()
    }

    func result() throws -> String {
        done.wait()
        done.signal()   // a second call returns at once
        return try sha256.get()
    }
}

/// A file's size, following symbolic links.
func fileSize(_ path: String) -> Int {
    var st = stat()
    return stat(path, &st) == 0 ? Int(st.st_size) : 0
}
