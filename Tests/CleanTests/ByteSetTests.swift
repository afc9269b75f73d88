import Clean
import XCTest

/// ByteSet finds members by their bytes, numbered in sorted order, through its linear path (a handful of
/// members) and its hash table (more), for keys shorter and longer than the sixteen bytes kept as words; and
/// it owns its memory: copies share it and the last one frees it.
final class ByteSetTests: XCTestCase {
    func index(_ set: ByteSet, _ key: String) -> Int? {
        var key = key
        return key.withUTF8 { set.index(of: UnsafeRawBufferPointer($0)) }
    }

    func testMembersAreFoundByTheirBytesAndNumberedInSortedOrder() {
        let long = "a key of more than sixteen bytes, ending in 1"
        for members in [["b", "a", "", long], (0..<100).map { "code-\($0)" } + [long, ""]] {
            let set = ByteSet(members + members)
            let sorted = Array(Set(members)).sorted()
            XCTAssertEqual(set.members, sorted.count)
            for (i, member) in sorted.enumerated() {
                XCTAssertEqual(index(set, member), i, member)
                XCTAssertEqual(set.member(i), member)
            }
            XCTAssertNil(index(set, "a key of more than sixteen bytes, ending in 2"), "differs after the sixteenth byte")
            XCTAssertNil(index(set, "code-100"))
            XCTAssertNil(index(set, "a\u{0}"), "a trailing zero byte is not padding")
        }
    }

    func testTheLastReferenceFreesTheSet() {
        weak var released: ByteSet?
        var kept: ByteSet?
        do {
            let set = ByteSet(["x", "y"])
            released = set
            kept = set
        }
        XCTAssertNotNil(released)
        XCTAssertEqual(kept.map { index($0, "y") }, 1)
        kept = nil
        XCTAssertNil(released)
    }
}
