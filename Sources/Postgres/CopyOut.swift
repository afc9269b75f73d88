import CLibPQ

extension PostgresConnection {
    /// Runs `COPY (query) TO STDOUT` (text format) and gives each row to `body` as its fields' bytes, in the
    /// query's column order, unescaped; NULL as no bytes (as a SQLite scan reads it). The bytes are valid only
    /// inside the call. Rows come one at a time as the server sends them (`PQgetCopyData`), so a table is read
    /// in constant memory while the server scans it. Returns the number of rows.
    @discardableResult
    public func copyOut(_ sql: String, fields: Int, _ body: (UnsafeBufferPointer<UnsafeRawBufferPointer>) throws -> Void) throws -> Int {
        guard !copying else { throw misuse("a COPY is already in progress", sql: sql) }
        let started = PQexec(handle, sql)
        let status = PQresultStatus(started)
        if status != PGRES_COPY_OUT {
            defer { PQclear(started) }
            throw failure(started, sql: sql) ?? misuse("the statement did not start a COPY TO STDOUT", sql: sql)
        }
        PQclear(started)
        copying = true
        defer { copying = false }
        let cells = UnsafeMutableBufferPointer<UnsafeRawBufferPointer>.allocate(capacity: max(fields, 1))
        defer { cells.deallocate() }
        // A field with a backslash is unescaped into this buffer (one row's worth, grown as needed).
        var scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 12, alignment: 1)
        defer { scratch.deallocate() }
        var rows = 0
        var unfinished: Error?
        while true {
            var line: UnsafeMutablePointer<CChar>?
            let n = PQgetCopyData(handle, &line, 0)
            if n == -1 { break }
            guard n >= 0, let line else { unfinished = unfinished ?? lastError(sql: sql); break }
            defer { PQfreemem(line) }
            // After an error in `body` the rest is read and dropped: the connection stays usable.
            guard unfinished == nil else { continue }
            let bytes = UnsafeRawBufferPointer(start: line, count: Int(n))
            if scratch.count < bytes.count {
                scratch.deallocate()
                scratch = .allocate(byteCount: bytes.count, alignment: 1)
            }
            do {
                guard Self.split(bytes, into: cells, fields: fields, scratch: scratch) else {
                    throw misuse("a row of COPY TO STDOUT has not \(fields) fields", sql: sql)
                }
                try body(UnsafeBufferPointer(start: cells.baseAddress, count: fields))
                rows += 1
            } catch {
                unfinished = error
            }
        }
        var failed: PostgresError?
        while let result = PQgetResult(handle) {
            if failed == nil { failed = failure(result, sql: sql) }
            PQclear(result)
            if PQstatus(handle) != CONNECTION_OK { break }
        }
        if let failed { throw failed }
        if let unfinished { throw unfinished }
        return rows
    }

    /// One line of COPY's text format (tab-separated, `\N` for NULL, backslash escapes, a newline at the end)
    /// into its fields: escaped fields are decoded into `scratch`, the others point into the line. False if the
    /// line has another number of fields.
    static func split(_ line: UnsafeRawBufferPointer, into cells: UnsafeMutableBufferPointer<UnsafeRawBufferPointer>, fields: Int,
                      scratch: UnsafeMutableRawBufferPointer) -> Bool {
        var end = line.count
        if end > 0 && line[end - 1] == UInt8(ascii: "\n") { end -= 1 }
        var start = 0, field = 0, out = 0, stop = 0
        while field < fields {
            stop = start
            var escaped = false
            while stop < end && line[stop] != UInt8(ascii: "\t") {
                if line[stop] == UInt8(ascii: "\\") { escaped = true; stop += 1 }
                stop += 1
            }
            stop = min(stop, end)
            if stop - start == 2 && line[start] == UInt8(ascii: "\\") && line[start + 1] == UInt8(ascii: "N") {
                cells[field] = UnsafeRawBufferPointer(start: nil, count: 0)
            } else if escaped {
                let from = out
                var i = start
                while i < stop {
                    var b = line[i]
                    if b == UInt8(ascii: "\\") && i + 1 < stop {
                        i += 1
                        switch line[i] {
                        case UInt8(ascii: "b"): b = 8
                        case UInt8(ascii: "f"): b = 12
                        case UInt8(ascii: "n"): b = 10
                        case UInt8(ascii: "r"): b = 13
                        case UInt8(ascii: "t"): b = 9
                        case UInt8(ascii: "v"): b = 11
                        default: b = line[i]   // `\\` and the delimiter; COPY TO writes no octal or hex escapes
                        }
                    }
                    scratch[out] = b
                    out += 1; i += 1
                }
                cells[field] = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(scratch)[from..<out])
            } else {
                cells[field] = UnsafeRawBufferPointer(rebasing: line[start..<stop])
            }
            field += 1
            guard stop < end || field == fields else { return false }
            start = stop + 1
        }
        return stop >= end
    }
}
