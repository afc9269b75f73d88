import CCrypto

/// FIPS 180-4 SHA-256 from the system's libcrypto (OpenSSL's EVP interface, which uses the CPU's SHA
/// extensions when it has them), so that hashing a large delivery costs a fraction of reading it.
public struct SHA256 {
    /// Owns the EVP context and frees it; a copy of the struct shares it (no caller copies a running hash).
    private final class Context {
        let handle: OpaquePointer
        init() {
            // Allocation or initialisation fails only when out of memory or with a broken libcrypto.
            guard let handle = EVP_MD_CTX_new(), EVP_DigestInit_ex(handle, EVP_sha256(), nil) == 1 else {
                fatalError("libcrypto could not start a SHA-256 digest")
            }
            self.handle = handle
        }
        deinit { EVP_MD_CTX_free(handle) }
    }

    private let context = Context()

    public init() {}

    public mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        guard EVP_DigestUpdate(context.handle, base, bytes.count) == 1 else { fatalError("libcrypto: SHA-256 update failed") }
    }

    /// The lowercase hex digest; the state is spent afterwards.
    public mutating func finalize() -> String {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        guard EVP_DigestFinal_ex(context.handle, &digest, &length) == 1, length == 32 else {
            fatalError("libcrypto: SHA-256 final failed")
        }
        return hex(digest: digest.prefix(32))
    }

    public static func hex<S: Sequence>(_ bytes: S) -> String where S.Element == UInt8 {
        var s = SHA256()
        s.update(Array(bytes))
        return s.finalize()
    }

    private func hex(digest: ArraySlice<UInt8>) -> String {
        let hexDigits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(64)
        for b in digest { out.append(hexDigits[Int(b >> 4)]); out.append(hexDigits[Int(b & 15)]) }
        return String(decoding: out, as: UTF8.self)
    }
}
