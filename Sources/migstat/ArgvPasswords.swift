import Foundation
import MigstatCore

/// `ps` and /proc/<pid>/cmdline show a process's argv to every user of the machine: a `--store` URL with a
/// password is written over in place (`postgresql://u:****@h/db`) as soon as migstat starts, after Swift has
/// copied the arguments it parses. The password was visible from exec until then: PGPASSWORD or ~/.pgpass
/// keep it out of argv altogether (README "Passwords").
enum ArgvPasswords {
    static func hide() {
        _ = CommandLine.arguments   // the copy ArgumentParser reads, taken before the originals are overwritten
        for index in 1..<Int(CommandLine.argc) {
            guard let argument = CommandLine.unsafeArgv[index] else { continue }
            let text = String(cString: argument)
            let masked = PostgresURL.masked(text)
            guard masked != text else { continue }
            let bytes = Array(masked.utf8)
            guard bytes.count == strlen(argument) else { continue }
            for (offset, byte) in bytes.enumerated() { argument[offset] = CChar(bitPattern: byte) }
        }
    }
}
