import Foundation
import MigstatCore
import XCTest

/// A property of `check` and `run`: whatever pipeline.json holds — a wrong type, an extreme or negative number, an
/// empty string, deep nesting, a key removed — they end with a clean error (exit 64 for the configuration, 1 for
/// the data) or a clean run, never a crash or a hang. Seeded and bounded; MIGSTAT_CONFIG_FUZZ_ITERATIONS=N runs longer.
final class ConfigMutationTests: XCTestCase {
    static let iterations = Int(ProcessInfo.processInfo.environment["MIGSTAT_CONFIG_FUZZ_ITERATIONS"] ?? "") ?? 24

    /// Every path to a value of the JSON (objects' keys, arrays' indices), and whether the value is a number.
    static func paths(_ json: Any, _ prefix: [Any] = []) -> [(path: [Any], isNumber: Bool)] {
        var out: [(path: [Any], isNumber: Bool)] = prefix.isEmpty ? [] : [(prefix, json is NSNumber && !(json is Bool))]
        if let object = json as? [String: Any] {
            for key in object.keys.sorted() { out += paths(object[key]!, prefix + [key]) }
        } else if let array = json as? [Any] {
            for (i, element) in array.enumerated() { out += paths(element, prefix + [i]) }
        }
        return out
    }

    nonisolated(unsafe) static let numbers: [Any] = [-1, -3, 0, 1, 11, -1_000_000, 1_000_000_000_000_000, -1_000_000_000_000_000, Int64.max, Int64.min,
                                 0.5, -0.000001, 1e300, -1e300, 1e-300, 2_147_483_648]

    static func randomValue(_ rng: inout SplitMix64) -> Any {
        switch Int.random(in: 0..<9, using: &rng) {
        case 0: return numbers.randomElement(using: &rng)!
        case 1: return ["", " ", "x", "../../x", "/etc/passwd", "<script>", "a\u{0}b", "=1+1", "é", "raw/../raw"].randomElement(using: &rng)!
        case 2: return Bool.random(using: &rng)
        case 3: return NSNull()
        case 4: return [Any]()
        case 5: return [String: Any]()
        case 6:
            var nested: Any = [Any]()   // deep nesting: Foundation refuses past its depth limit, shallower ones are wrong types
            for _ in 0..<Int.random(in: 1...600, using: &rng) { nested = Bool.random(using: &rng) ? [nested] : ["k": nested] }
            return nested
        case 7: return String(repeating: "a", count: Int.random(in: 1_000...100_000, using: &rng))
        default: return [numbers.randomElement(using: &rng)!, numbers.randomElement(using: &rng)!]
        }
    }

    /// Where the configuration model takes a number, as edits of the fixture: a number, or a pair for a range.
    nonisolated(unsafe) static let numberSlots: [(path: [Any], value: (Any, Any) -> Any)] = [
        (["exhibits", 0, "layout", "decimals"], { a, _ in a }),
        (["exhibits", 1, "layout", "decimals"], { a, _ in a }),
        (["sources", 1, "tables", 0, "columns", 4, "range"], { a, b in [a, b] }),
        (["sources", 1, "tables", 1, "columns", 1, "range"], { a, b in [a, b] }),
        (["exhibits", 0, "where"], { a, b in ["size": ["min": a, "max": b]] }),
        (["exhibits", 0, "series", 1], { a, b in ["id": "sizes", "variable": "size", "bins": [["name": "b", "min": a, "max": b]]] }),
        (["study", "contents"], { a, _ in [["number": "Table 1", "title": "T", "page": a]] }),
    ]

    /// One edit, sometimes two: a number where the model takes one (most often), a number of the fixture changed,
    /// a value replaced by another type, a key or element removed, a value emptied.
    static func mutate(_ json: Any, _ rng: inout SplitMix64) -> Any {
        var json = json
        for _ in 0..<(Int.random(in: 0..<4, using: &rng) == 0 ? 2 : 1) {
            let all = paths(json)
            let numeric = all.filter(\.isNumber)
            switch Int.random(in: 0..<10, using: &rng) {
            case 0..<3:
                let slot = numberSlots.randomElement(using: &rng)!
                json = ConfigJSON.set(json, slot.path, to: slot.value(numbers.randomElement(using: &rng)!, numbers.randomElement(using: &rng)!))
            case 3..<5 where !numeric.isEmpty:
                json = ConfigJSON.set(json, numeric.randomElement(using: &rng)!.path, to: numbers.randomElement(using: &rng)!)
            case 5..<7 where !all.isEmpty:
                json = ConfigJSON.set(json, all.randomElement(using: &rng)!.path, to: randomValue(&rng))
            case 7..<9 where !all.isEmpty:
                json = ConfigJSON.set(json, all.randomElement(using: &rng)!.path, to: nil)
            default:
                if let target = all.randomElement(using: &rng) { json = ConfigJSON.set(json, target.path, to: "") }
            }
        }
        return json
    }

    /// In process, many cases: validation either accepts the configuration or throws a MigstatError naming a JSON path.
    func testTheLoaderRejectsAnyMutationWithAConfigurationError() throws {
        let valid = try ConfigJSON.read(Studies.fixtures.appendingPathComponent("clean/pipeline.json"))
        var rng = SplitMix64(seed: 2026)
        var accepted = 0
        for i in 0..<(Self.iterations * 10) {
            let mutated = Self.mutate(valid, &rng)
            guard let data = try? JSONSerialization.data(withJSONObject: mutated) else { continue }
            do {
                _ = try ConfigLoader.decode(data)
                accepted += 1
            } catch let error as MigstatError {
                guard case let .config(path, message, _) = error else { XCTFail("case \(i): not a configuration error: \(error)"); continue }
                XCTAssertTrue(path.hasPrefix("$"), "case \(i): \(error)")
                XCTAssertFalse(message.isEmpty, "case \(i)")
            } catch let all as ConfigErrors {
                // Two edits can make two errors: each is a configuration error naming a JSON path.
                XCTAssertGreaterThan(all.count, 1, "case \(i): one error is thrown as itself")
                for error in all.errors {
                    guard case let .config(path, message, _) = error else { XCTFail("case \(i): not a configuration error: \(error)"); continue }
                    XCTAssertTrue(path.hasPrefix("$") && !message.isEmpty, "case \(i): \(error)")
                }
            } catch {
                XCTFail("case \(i): \(error)")
            }
        }
        XCTAssertGreaterThan(accepted, 0, "some mutations stay valid (a label changed, an optional key removed)")
    }

    /// Through the binary: `check` and `run` on the mutated fixture study end cleanly within a bound, and agree.
    func testCheckAndRunNeverCrashOrHangOnAMutatedConfiguration() throws {
        let valid = try ConfigJSON.read(Studies.fixtures.appendingPathComponent("clean/pipeline.json"))
        var rng = SplitMix64(seed: 64)
        let dir = try Studies.copy("clean")
        var outcomes: [Int32: Int] = [:]
        for i in 0..<Self.iterations {
            let mutated = Self.mutate(valid, &rng)
            try ConfigJSON.write(mutated, to: dir.appendingPathComponent("pipeline.json"))
            var statuses: [Int32] = []
            for command in ["check", "run"] {
                let (r, timedOut) = try Migstat.run([command, "--no-verify"], in: dir, within: 60)
                XCTAssertFalse(timedOut, "case \(i): \(command) hung")
                // 65: a mutation (a code, a range) can quarantine more than half a source's rows: its threshold.
                XCTAssertTrue([0, 1, 64, 65].contains(r.status), "case \(i): \(command) exited \(r.status): \(r.stderr)")
                if r.status == 64, r.stderr.hasSuffix(" configuration errors (each above)\n") {
                    assertCleanConfigErrors(r, "case \(i): \(command)")
                } else if r.status != 0 {
                    assertCleanFailure(r, status: r.status, mentions: "")
                }
                statuses.append(r.status)
            }
            XCTAssertEqual(statuses[0], statuses[1], "case \(i): check and run agree")
            outcomes[statuses[1], default: 0] += 1
            XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix("output.tmp-") }, [],
                           "case \(i): no staging directory left")
        }
        XCTAssertGreaterThan(outcomes[64] ?? 0, 0, "\(outcomes)")
        print("config mutations through the binary: exit status → cases \(outcomes.sorted { $0.key < $1.key })")
    }
}

/// Several configuration errors (exit 64): a line each naming pipeline.json's line, column and JSON path, then
/// the count; nothing else, and nothing that looks like a crash.
func assertCleanConfigErrors(_ r: Migstat.Result, _ label: String, file: StaticString = #filePath, line: UInt = #line) {
    var lines = r.stderr.split(separator: "\n").map(String.init)
    let count = lines.popLast() ?? ""
    XCTAssertNotNil(count.range(of: #"^migstat: error: [0-9]+ configuration errors( \(the first 50 shown, and [0-9]+ more\))? \(each above\)$"#,
                                options: .regularExpression), "\(label): \(r.stderr)", file: file, line: line)
    XCTAssertGreaterThan(lines.count, 1, "\(label): \(r.stderr)", file: file, line: line)
    for error in lines {
        XCTAssertNotNil(error.range(of: #"^migstat: error: [^:]*pipeline\.json:[0-9]+:[0-9]+: \$"#, options: .regularExpression),
                        "\(label): \(error)", file: file, line: line)
    }
}
