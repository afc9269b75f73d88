import CSupport

/// FIPS 180-4 SHA-256 over the C implementation in CSupport (SHA-NI when the CPU has it), so that hashing a
/// large delivery costs a fraction of reading it; kept rather than building swift-crypto on every CI run.
public struct SHA256 {
    private var context = migstat_sha256_ctx()

    public init() { migstat_sha256_init(&context) }

    public mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        migstat_sha256_update(&context, base, bytes.count)
    }

    /// The lowercase hex digest; the state is spent afterwards.
    public mutating func finalize() -> String {
        var digest = [UInt8](repeating: 0, count: 32)
        migstat_sha256_final(&context, &digest)
        let hexDigits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(64)
        for b in digest { out.append(hexDigits[Int(b >> 4)]); out.append(hexDigits[Int(b & 15)]) }
        return String(decoding: out, as: UTF8.self)
    }

    public static func hex<S: Sequence>(_ bytes: S) -> String where S.Element == UInt8 {
        var s = SHA256()
        s.update(Array(bytes))
        return s.finalize()
    }

    /// Whether the CPU's SHA extensions are in use.
    public static var isAccelerated: Bool { migstat_sha256_accelerated() != 0 }
}
