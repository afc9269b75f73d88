import Foundation
import XCTest

/// Random sequences of edits to a small study, an incremental run after each, compared with a `--force` run
/// into another directory: every output file and the store's canonical dump must be the same.
final class IncrementalPropertyTests: RegistryTestCase {
    /// xorshift64*: seeded, so that a failure replays.
    struct Random: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state ^= state >> 12; state ^= state << 25; state ^= state >> 27
            return state &* 0x2545_F491_4F6C_DD1D
        }
    }

    /// An edit of pipeline.json or raw/ as a user or a data provider makes it; nil when it does not apply now.
    typealias Edit = (inout EditableStudy, inout Random, Int) throws -> String?

    nonisolated(unsafe) static let edits: [Edit] = [
        { study, random, step in   // add a join: a lookup of the household into its members, or a count of members
            let survey = study.surveyId, id = "j\(step)"
            let join: [String: Any] = Bool.random(using: &random)
                ? ["id": id, "from": "\(survey).members", "grain": "one row per member",
                   "lookup": ["table": "\(survey).households", "on": ["hh_id": "hh_id"], "add": ["tenure"]]]
                : ["id": id, "from": "\(survey).households", "grain": "one row per household",
                   "count": ["table": "\(survey).members", "on": ["hh_id": "hh_id"], "as": "members_n"]]
            study.joins.append(join)
            if Bool.random(using: &random) {   // and sometimes an exhibit over it
                let variable = join["lookup"] != nil ? "sex" : "tenure"
                study.exhibits.append(["id": "over_\(id)", "number": "Table \(id)", "kind": "table", "title": "Over \(id)", "from": id,
                                       "source_note": "Edit.", "series": [["id": "all", "variable": variable]],
                                       "layout": ["rows": "categories", "values": ["n", "percent"], "decimals": 1]])
            }
            return "add join \(id)"
        },
        { study, random, _ in   // change a join
            guard !study.joins.isEmpty else { return nil }
            let i = Int.random(in: 0..<study.joins.count, using: &random)
            if var lookup = study.joins[i]["lookup"] as? [String: Any] {
                lookup["add"] = (lookup["add"] as? [String])?.count == 1 ? ["tenure", "region"] : ["tenure"]
                study.joins[i]["lookup"] = lookup
            } else if var count = study.joins[i]["count"] as? [String: Any] {
                count["where"] = count["where"] == nil ? ["sex": "1"] : nil
                study.joins[i]["count"] = count
            }
            return "change join \(study.joins[i]["id"]!)"
        },
        { study, random, _ in   // remove a join no exhibit reads
            let used = Set(study.exhibits.compactMap { $0["from"] as? String })
            let free = study.joins.indices.filter { !used.contains(study.joins[$0]["id"] as! String) }
            guard let i = free.randomElement(using: &random) else { return nil }
            return "remove join \(study.joins.remove(at: i)["id"]!)"
        },
        { study, random, step in   // add an exhibit over the households
            study.exhibits.append(["id": "x\(step)", "number": "Table X\(step)", "kind": Bool.random(using: &random) ? "table" : "figure",
                                   "title": "Tenure again", "from": "\(study.surveyId).households", "source_note": "Edit.",
                                   "series": [["id": "all", "variable": "tenure"]],
                                   "layout": ["rows": "categories", "values": ["n", "percent"], "decimals": Int.random(in: 0...2, using: &random)]])
            return "add exhibit x\(step)"
        },
        { study, random, step in   // change an exhibit's title and decimals
            let i = Int.random(in: 0..<study.exhibits.count, using: &random)
            study.exhibits[i]["title"] = "Retitled \(step)"
            var layout = study.exhibits[i]["layout"] as! [String: Any]
            layout["decimals"] = Int.random(in: 0...2, using: &random)
            study.exhibits[i]["layout"] = layout
            return "change exhibit \(study.exhibits[i]["id"]!)"
        },
        { study, random, _ in   // remove an exhibit (one stays)
            guard study.exhibits.count > 1 else { return nil }
            return "remove exhibit \(study.exhibits.remove(at: Int.random(in: 0..<study.exhibits.count, using: &random))["id"]!)"
        },
        { study, _, step in   // add a source: another copy of the regions
            let file = "extra\(step)/regions.csv"
            try FileManager.default.createDirectory(at: study.raw.appendingPathComponent("extra\(step)"), withIntermediateDirectories: true)
            try Data("code,name\nN,North\nW,West \(step)\n".utf8).write(to: study.raw.appendingPathComponent(file))
            var source = study.sources[0]
            source["id"] = "extra\(step)"
            var table = (source["tables"] as! [[String: Any]])[0]
            table["file"] = file
            source["tables"] = [table]
            study.sources.append(source)
            return "add source extra\(step)"
        },
        { study, random, _ in   // remove an added source
            let extras = study.sources.indices.filter { (study.sources[$0]["id"] as! String).hasPrefix("extra") }
            guard let i = extras.randomElement(using: &random) else { return nil }
            return "remove source \(study.sources.remove(at: i)["id"]!)"
        },
        { study, random, step in   // rename the survey, the registry or an added source
            let candidates = [study.surveyId, study.registryId] + study.sources.compactMap { $0["id"] as? String }.filter { $0.hasPrefix("extra") }
            let old = candidates.randomElement(using: &random)!
            study.renameSource(old, to: "renamed\(step)")
            return "rename source \(old) to renamed\(step)"
        },
        { study, random, step in   // a survey file grows: a household (good, or with a code the codebook lacks) and a member
            let tenure = ["1", "2", "7"].randomElement(using: &random)!
            try study.append("survey/households.csv", "\(100 + step);N;01.04.2008;2,0;2;\(tenure);\n")
            try study.append("survey/members.csv", "\(100 + step);1;\(Int.random(in: 1...2, using: &random))\n")
            return "append household \(100 + step) with tenure \(tenure)"
        },
        { study, _, step in   // the codebook relabels a code
            let url = study.raw.appendingPathComponent("survey/codebook.csv")
            let bytes = try Data(contentsOf: url)
            guard let range = bytes.range(of: Data(";Owned".utf8)) ?? bytes.range(of: Data(";Owned ".utf8)) else { return nil }
            var edited = bytes
            edited.replaceSubrange(range, with: Data(";Owned \(step)".utf8))
            try edited.write(to: url)
            return "relabel tenure 1 in the codebook"
        },
        { study, random, step in   // a delivery arrives (in order or late), is re-sent with other content, or is withdrawn
            let existing = try FileManager.default.contentsOfDirectory(atPath: study.raw.appendingPathComponent("registry").path).sorted()
            switch Int.random(in: 0..<3, using: &random) {
            case 0:
                let year = Bool.random(using: &random) ? 2013 : 2014   // 2013: sent late, before those loaded
                let name = "registry_\(year)\(String(format: "%02d", step % 12 + 1))\(String(format: "%02d", step % 28 + 1))x.csv"
                try study.delivery(name, seed: UInt64(step), firstId: 1_000 * step)
                return "add delivery \(name)"
            case 1:
                guard let name = existing.randomElement(using: &random) else { return nil }
                try study.delivery(name, seed: UInt64(100 + step), firstId: 1)
                return "re-send delivery \(name)"
            default:
                guard existing.count > 1, let name = existing.randomElement(using: &random) else { return nil }
                try FileManager.default.removeItem(at: study.raw.appendingPathComponent("registry/\(name)"))
                return "withdraw delivery \(name)"
            }
        },
    ]

    /// Two seeds of six edits each (2 to 6 s in a debug build on a shared machine); MIGSTAT_PROPERTY_SEEDS=n tries n seeds instead.
    func testRandomEditsThenAnIncrementalRunEqualAFullRebuild() throws {
        let seeds = Int(ProcessInfo.processInfo.environment["MIGSTAT_PROPERTY_SEEDS"] ?? "") ?? 2
        for seed in (1...UInt64(seeds)).map({ $0 &* 0x9E37_79B9_7F4A_7C15 }) {
            var random = Random(state: seed)
            var study = try EditableStudy(name: "seed\(seed)", withRegistry: true)
            try study.runner.run(into: study.output)
            // Every kind of edit in a shuffled order, so that a few steps try many kinds (one that does not apply,
            // with nothing to remove, is passed over).
            var pending: [Int] = []
            var history: [String] = []
            while history.count < 6 {
                if pending.isEmpty { pending = Self.edits.indices.shuffled(using: &random) }
                guard let done = try Self.edits[pending.removeFirst()](&study, &random, history.count + 1) else { continue }
                history.append(done)
                try study.save()
                try study.runner.assertIncrementalEqualsFull(study.output, full: study.full, "seed \(seed), edits: \(history.joined(separator: "; "))")
            }
        }
    }
}
