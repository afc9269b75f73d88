import Foundation
import MigstatCore

/// The files of a delivery table: those matching its `deliveries` pattern, in file-name order.
public enum DeliveryFiles {
    /// Paths relative to the raw directory, sorted by file name (byte order, as the tie rule compares them).
    public static func list(rawDirectory: String, pattern: String) -> [String] {
        let parts = pattern.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        guard let namePattern = parts.last else { return [] }
        let folder = parts.dropLast().joined(separator: "/")
        let directory = folder.isEmpty ? rawDirectory : (rawDirectory as NSString).appendingPathComponent(folder)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [] }
        return names.filter { fnmatch(namePattern, $0, FNM_PERIOD) == 0 }
            .sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
            .map { folder.isEmpty ? $0 : folder + "/" + $0 }
    }
}
