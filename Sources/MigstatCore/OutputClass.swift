/// The two classes of what migstat writes (../shared/extracts.md, "Confidentiality: what may be published"):
/// confidential files hold unit data or exact small numbers and are never readable by other users;
/// publication files are what may be handed out.
public enum OutputClass: String, Sendable {
    case confidential, publication

    /// The class of a path relative to the output directory (a `<out>.rejected.csv` beside it included).
    public static func of(_ relative: String) -> OutputClass {
        let top = relative.split(separator: "/", maxSplits: 1).first.map(String.init) ?? relative
        if confidentialNames.contains(top) || top.hasPrefix("migration.sqlite-") || top.hasSuffix(".rejected.csv") { return .confidential }
        return .publication
    }

    /// The store and its journal files, the unit-level estimates, the quarantine (it quotes raw values), the
    /// exports, and the registry scan's scratch directory (person-level rows while a run computes).
    static let confidentialNames: Set<String> = ["migration.sqlite", "estimates.csv", "contrasts.csv", "quarantine.csv", "export", ".registry-scan"]

    /// Modes to create confidential files and directories with (the umask takes more away, never adds).
    public static let confidentialFileMode: UInt32 = 0o640
    public static let confidentialDirectoryMode: UInt32 = 0o750
    /// The permission bits of "other" users.
    public static let otherBits: UInt32 = 0o007
}
