import Foundation
import MigstatCore
import Pipeline
import Store
import XCTest

/// An old migstat on an output a newer one made: the store's later layout is not guessed at, the run builds its own.
final class StoreLayoutRunTests: XCTestCase {
    func testAStoreOfALaterLayoutIsNotCarriedAndTheRunStillSucceeds() throws {
        let raw = try copyOfRaw()
        let out = try temporaryDirectory().appendingPathComponent("output")
        try runPipeline(raw: raw.path, out: out)
        let store = out.appendingPathComponent("migration.sqlite").path
        try Database(path: store).setLayoutVersion(StoreLayout.current + 5)
        // The manifest vouches for the store as a newer migstat's own would, so that it is trusted and carried.
        let manifestURL = out.appendingPathComponent("manifest.json")
        var manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: manifestURL)) as! [String: Any]
        var hashes = manifest["output_sha256"] as! [String: String]
        var hasher = SHA256()
        hasher.update([UInt8](try Data(contentsOf: URL(fileURLWithPath: store))))
        hashes["migration.sqlite"] = hasher.finalize()
        manifest["output_sha256"] = hashes
        try JSONSerialization.data(withJSONObject: manifest, options: [.sortedKeys]).write(to: manifestURL)

        // A new delivery: the run has work to do and would load it into the carried store.
        try FileManager.default.copyItem(at: raw.appendingPathComponent("registry/registry_20140201.csv"),
                                         to: raw.appendingPathComponent("registry/registry_20140301.csv"))
        var events: [RunEvent] = []
        let options = RunOptions(configPath: Repo.config, rawDirectory: raw.path, outputDirectory: out.path)
        _ = try Runner(options: options, log: { events.append($0) }).run()
        XCTAssertTrue(events.contains { $0.name == "store_not_carried" }, "the warning names why the store was rebuilt")
        XCTAssertEqual(try Database(path: store).layoutVersion(), StoreLayout.current)
    }
}
