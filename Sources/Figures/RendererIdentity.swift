import CRsvg
import Foundation
import MigstatCore

/// What a figure's PDF and PNG are drawn with besides migstat's own build: the drawing libraries in the process
/// (each file's path, size, inode and modification time, and the versions they report) and every file
/// fontconfig reads (its configuration and the fonts it lists). A previous output's drawing of an unchanged SVG
/// is kept only under the same identity: an upgraded cairo or a font installed or replaced means drawing again,
/// as a full rebuild would.
public enum RendererIdentity {
    /// Computed once per process (fontconfig lists ~100 fonts in ~15 ms).
    public static let sha256: String = SHA256.hex(Array(description.utf8))

    /// The identity's text, one line per file, sorted: what the hash covers, for a reader of the code.
    static var description: String {
        var lines = ["cairo \(String(cString: cairo_version_string())) libpng \(String(cString: png_get_libpng_ver(nil))) "
                     + "zlib \(String(cString: zlibVersion())) librsvg \(rsvg_major_version).\(rsvg_minor_version).\(rsvg_micro_version)"]
        lines += drawingLibraries().sorted().map { "library \(fileLine($0))" }
        let read = FontconfigFiles()
        if migstat_fontconfig_paths(Unmanaged.passUnretained(read).toOpaque(), FontconfigFiles.take) != 0 {
            lines.append("fontconfig: no configuration")
        }
        lines += read.configuration.sorted().map { "configuration \(fileLine($0))" }
        lines += read.fonts.sorted().map { "font \(fileLine($0))" }
        return lines.joined(separator: "\n")
    }

    /// The shared objects mapped into the process that draw: librsvg and what it draws with.
    static func drawingLibraries() -> Set<String> {
        let drawing = ["librsvg-2", "libcairo", "libpango", "libharfbuzz", "libfreetype", "libfontconfig", "libpixman", "libpng16",
                       "libz.so", "libgdk_pixbuf", "libxml2", "libglib-2", "libgobject-2", "libgio-2"]
        // Read to its end: /proc files report a size of 0.
        guard let data = FileHandle(forReadingAtPath: "/proc/self/maps")?.readDataToEndOfFile() else { return [] }
        let maps = String(decoding: data, as: UTF8.self)
        var paths = Set<String>()
        for line in maps.split(separator: "\n") {
            guard let slash = line.firstIndex(of: "/") else { continue }
            let path = String(line[slash...])
            let name = path.split(separator: "/").last.map(String.init) ?? ""
            if drawing.contains(where: { name.hasPrefix($0) }) { paths.insert(path) }
        }
        return paths
    }

    /// A file as the identity sees it: a file replaced or rewritten in place changes its inode, size or time.
    static func fileLine(_ path: String) -> String {
        var info = stat()
        guard stat(path, &info) == 0 else { return "\(path) missing" }
        return "\(path) \(info.st_size) \(info.st_ino) \(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec) \(info.st_ctim.tv_sec).\(info.st_ctim.tv_nsec)"
    }

    final class FontconfigFiles {
        var configuration: [String] = []
        var fonts: [String] = []

        static let take: migstat_fontconfig_path_t = { closure, font, path in
            guard let closure, let path else { return }
            let files = Unmanaged<FontconfigFiles>.fromOpaque(closure).takeUnretainedValue()
            if font != 0 { files.fonts.append(String(cString: path)) } else { files.configuration.append(String(cString: path)) }
        }
    }
}
