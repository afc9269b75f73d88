import Foundation
import Ingest

/// The build's identity in the fingerprints: the SHA-256 of the running executable. `MigstatVersion` names a
/// release and stays the same across builds that compute differently (a patch, an upgrade without a version
/// bump), so only the code's own bytes tell that a previous output was made by other code.
public enum BuildIdentity {
    /// Hashed once per process (the debug binary of 14 MB in about 60 ms, see the README's "Safety").
    /// Without /proc (not Linux) there is no identity to compare, and "unknown" then never matches a recorded one.
    public static let sha256: String = (try? FileHash.sha256(path: "/proc/self/exe")) ?? "unknown-\(UUID().uuidString)"
}
