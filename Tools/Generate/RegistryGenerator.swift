import MigstatCore

/// Writes a synthetic registry delivery in the contract's format (`registry` in extracts.md), deterministically:
/// the same options give the same bytes. It is test and benchmark data, not part of the pipeline, so it names
/// the contract's columns; every attribute is a hash of the record or person it belongs to, so a record
/// repeated later (in this file or a later delivery) keeps its person, dates and employer and changes only
/// its status, permit and `updated_at`, which may be newer or older than before.
public struct RegistryGenerator {
    public struct Options: Sendable {
        public var rows: Int
        public var seed: UInt64
        /// The record_id of the first new record; a later delivery starts after the earlier ones, and its
        /// repeated records then come from them.
        public var firstRecordId: Int
        /// Person ids are drawn from 1...persons.
        public var persons: Int
        /// Share of rows that repeat an earlier record with another `updated_at`.
        public var repeatShare: Double
        /// Share of rows with one defect (unknown code, impossible date, missing value, extra field).
        public var badShare: Double
        /// Ids are written as this prefix and a fixed number of digits (`R00000042`, `P0001234`): eight for
        /// records, so that one delivery may hold 20 M of them and ids of every delivery keep one width (a
        /// repeated record keeps its key), seven for persons; with empty prefixes they are plain zero-padded numbers.
        public var recordPrefix: String
        public var personPrefix: String
        /// Writes the record ids in a random order: each id is replaced by its image under a pseudo-random
        /// permutation of the ids this delivery may use, so that keys arrive as a registry exporting by update
        /// time sends them rather than ascending; the records are otherwise the same.
        public var shuffle = false
        /// Writes record ids without leading zeros (`1`, `2`, … `1000000`: not ascending as text), as a registry
        /// that does not zero-pad sends them; meant with an empty `recordPrefix`.
        public var unpaddedRecordIds = false
        public static let recordIdDigits = 8, personIdDigits = 7

        /// The largest id written in `digits` digits.
        static func largestId(_ digits: Int) -> Int { (0..<digits).reduce(0) { n, _ in n * 10 + 9 } }

        /// Why the ids these options call for do not fit in their digits (they would wrap round and collide
        /// with others), or nil when they do.
        public var problem: String? {
            let largestRecord = Options.largestId(Options.recordIdDigits), largestPerson = Options.largestId(Options.personIdDigits)
            // Written so that nothing overflows, whatever the numbers.
            if firstRecordId > largestRecord || rows > largestRecord - firstRecordId + 1 {
                return "record ids from \(firstRecordId) for \(rows) rows run past \(largestRecord): they do not fit in \(Options.recordIdDigits) digits"
            }
            if persons > largestPerson {
                return "person ids up to \(persons) run past \(largestPerson): they do not fit in \(Options.personIdDigits) digits"
            }
            return nil
        }
        public init(rows: Int, seed: UInt64, firstRecordId: Int = 1, persons: Int = 2_000_000,
                    repeatShare: Double = 0.08, badShare: Double = 0.0005, recordPrefix: String = "R", personPrefix: String = "P") {
            self.rows = rows; self.seed = seed; self.firstRecordId = firstRecordId; self.persons = persons
            self.repeatShare = repeatShare; self.badShare = badShare; self.recordPrefix = recordPrefix; self.personPrefix = personPrefix
        }
    }

    public struct Summary: Sendable, Equatable {
        public var rows: Int
        public var bytes: Int
        public var newRecords: Int
        public var repeats: Int
        public var defective: Int
    }

    public static let columns = ["record_id", "person_id", "citizenship", "sex", "birth_date", "origin_region", "host_region",
                                 "entry_date", "registration_date", "purpose", "permit", "employer_name", "status", "updated_at"]
    public static let originRegions = ["DUS", "SUG", "KHT", "GBAO", "RRP"]
    static let originWeights = [0.10, 0.30, 0.33, 0.05, 0.22]
    static let purposes = ["work", "private", "study", "tourism"]
    static let purposeWeights = [0.80, 0.10, 0.06, 0.04]
    static let permits = ["patent", "work_permit", "none"]
    static let permitWeights = [0.60, 0.15, 0.25]
    static let statuses = ["registered", "expired", "deregistered"]
    static let statusWeights = [0.72, 0.20, 0.08]

    let options: Options
    let random: SplitMix
    let hostWeights: [Double]
    let hostTotal: Double
    let employers: [[UInt8]]
    let recordPrefix: [UInt8]
    let personPrefix: [UInt8]
    /// The code lists as bytes, so that writing a row allocates nothing.
    let hostCodes = RussianRegions.all.map { Array($0.code.utf8) }
    let originCodes = RegistryGenerator.originRegions.map { Array($0.utf8) }
    let purposeCodes = RegistryGenerator.purposes.map { Array($0.utf8) }
    let permitCodes = RegistryGenerator.permits.map { Array($0.utf8) }
    let statusCodes = RegistryGenerator.statuses.map { Array($0.utf8) }
    let constants = (tjk: Array("TJK".utf8), male: Array("M".utf8), female: Array("F".utf8), badSex: Array("X".utf8),
                     badHost: Array("RU-XXX".utf8), badDate: Array("2013-02-30".utf8), badPermit: Array("patnet".utf8),
                     extra: Array("extra".utf8), newline: Array("\nбригада 2".utf8))

    public init(_ options: Options) {
        self.options = options
        random = SplitMix(seed: options.seed)
        // Most migrants work in the two capitals and their oblasts; the rest spread thinly.
        let heavy: [String: Double] = ["RU-MOW": 36, "RU-MOS": 14, "RU-SPE": 10, "RU-LEN": 3, "RU-SVE": 4, "RU-KHM": 3,
                                       "RU-TYU": 2, "RU-KDA": 2, "RU-NVS": 2, "RU-SAM": 2, "RU-YAN": 2]
        hostWeights = RussianRegions.all.map { heavy[$0.code] ?? 0.25 }
        hostTotal = hostWeights.reduce(0, +)
        employers = RegistryGenerator.employerNames()
        recordPrefix = Array(options.recordPrefix.utf8)
        personPrefix = Array(options.personPrefix.utf8)
    }

    /// Employer names as a migration office types them: Cyrillic, legal forms, quotes, commas.
    static func employerNames() -> [[UInt8]] {
        let names = ["Стройка", "Мосстрой", "Вектор", "Альянс", "Север", "Техно", "Дом-5", "Трансстрой", "Rosstroy", "Urban"]
        var out: [[UInt8]] = []
        for (i, n) in names.enumerated() {
            out.append(Array("ООО \"\(n)\"".utf8))
            out.append(Array("ООО «\(n)»".utf8))
            out.append(Array("ЗАО \"\(n)\", \(i + 1)".utf8))
            out.append(Array("\(n), LLC".utf8))
        }
        for surname in ["Рахимов Ш.", "Иванов А.", "Назаров Ф."] { out.append(Array("ИП \(surname)".utf8)) }
        return out
    }

    /// Writes the delivery to `path`.
    @discardableResult
    /// Writes the delivery to `path`; a file already there is replaced only if `replacing` (never written into).
    public func write(to path: String, replacing: Bool = false) throws -> Summary {
        if let problem = options.problem ?? RegistryGenerator.datingProblem(path: path) { throw MigstatError.output(path: path, message: problem) }
        let out = try ByteWriter(path: path)
        out.bytes(Array(RegistryGenerator.columns.joined(separator: ",").utf8))
        out.byte(10)
        var summary = Summary(rows: options.rows, bytes: 0, newRecords: 0, repeats: 0, defective: 0)
        var nextId = options.firstRecordId
        for row in 0..<options.rows {
            let rowKey = UInt64(row) &+ UInt64(options.firstRecordId) &* 1_000_003
            let draw = random.unit(rowKey, Stream.kind)
            let defect = draw < options.badShare ? random.below(6, rowKey, Stream.defect) : nil
            let id: Int, version: Int
            if defect == nil, draw < options.badShare + options.repeatShare, nextId > 1 {
                id = 1 + random.below(nextId - 1, rowKey, Stream.pick)
                version = 1 + random.below(1_000_000, rowKey, Stream.version)
                summary.repeats += 1
            } else {
                id = nextId
                nextId += 1
                version = 0
                summary.newRecords += 1
            }
            if defect != nil { summary.defective += 1 }
            writeRecord(out, id: id, version: version, defect: defect)
        }
        try out.finish(replacing: replacing)
        summary.bytes = out.written
        return summary
    }

    enum Stream {
        static let kind: UInt64 = 1, defect: UInt64 = 2, pick: UInt64 = 3, version: UInt64 = 4
        static let person: UInt64 = 10, host: UInt64 = 11, registration: UInt64 = 12, entry: UInt64 = 13
        static let purpose: UInt64 = 14, employer: UInt64 = 15, newline: UInt64 = 16, stamp: UInt64 = 17
        static let sex: UInt64 = 20, birth: UInt64 = 21, origin: UInt64 = 22
        static let permit: UInt64 = 30, status: UInt64 = 31, shift: UInt64 = 32, later: UInt64 = 33
        static let shuffle: UInt64 = 40
    }

    /// Days from 1970-01-01 of the registration window's first day (2012-01-01) and of the birth window (1960-01-01).
    /// The window ends early enough that every date written, a later version's `updated_at` included, lies before
    /// the deliveries tests and benchmarks name (2013-12-01 and later): no row is after its file's date.
    static let firstRegistrationDay = 15340, registrationDays = 547
    static let firstBirthDay = -3653, birthDays = 13514
    /// The last day any written date falls on: the registration window's last day, then a first `updated_at` up
    /// to 56 h later and a later version's up to 120 days after that (`writeRecord`).
    public static let latestDay = firstRegistrationDay + registrationDays - 1 + (8 * 3600 + 48 * 3600 + 120 * 86_400 - 2) / 86_400

    /// Why a delivery written to `path` would carry rows dated after its file's date (extracts.md: more than a
    /// day after it is a bad value), or nil.
    public static func datingProblem(path: String) -> String? {
        let (y, m, d) = CivilDate.date(days: latestDay)
        guard let dated = DeliveryDate(fileName: path), CivilDate.days(year: dated.year, month: dated.month, day: dated.day) < latestDay else { return nil }
        let latest = "\(y)\(m < 10 ? "0" : "")\(m)\(d < 10 ? "0" : "")\(d)"
        return "a delivery dated \(dated.iso) by its file name cannot hold the generated rows, dated up to \(latest): name it with a date from \(latest) on"
    }

    private func writeRecord(_ out: ByteWriter, id: Int, version: Int, defect: Int?) {
        let r = UInt64(id)
        let person = 1 + random.below(options.persons, r, Stream.person)
        let p = UInt64(person)
        let registration = RegistryGenerator.firstRegistrationDay + random.below(RegistryGenerator.registrationDays, r, Stream.registration)
        let entry = registration - random.below(8, r, Stream.entry)
        let purpose = random.pick(RegistryGenerator.purposeWeights, total: 1, r, Stream.purpose)
        let v = UInt64(version) &* 64
        let permit = purpose == 0 ? random.pick(RegistryGenerator.permitWeights, total: 1, r, Stream.permit &+ v) : 2
        let status = random.pick(RegistryGenerator.statusWeights, total: 1, r, Stream.status &+ v)
        var stamp = registration * 86_400 + 8 * 3600 + random.below(48 * 3600, r, Stream.stamp)
        if version > 0 {
            // A later version is usually newer than the first one, but a delivery may carry an older one too.
            if random.unit(r, Stream.later &+ v) < 0.7 { stamp += 86_400 + random.below(119 * 86_400, r, Stream.shift &+ v) }
            else { stamp -= 3600 + random.below(30 * 86_400, r, Stream.shift &+ v) }
        }

        func comma() { out.byte(44) }
        let c = constants
        if defect != 4 {
            out.bytes(recordPrefix)
            let written = options.shuffle ? shuffled(id) : id
            if options.unpaddedRecordIds { out.integer(written) } else { out.padded(written, width: Options.recordIdDigits) }
        }
        comma(); if defect != 4 { out.bytes(personPrefix); out.padded(person, width: Options.personIdDigits) }
        comma(); out.bytes(c.tjk)
        comma(); out.bytes(defect == 3 ? c.badSex : (random.unit(p, Stream.sex) < 0.82 ? c.male : c.female))
        comma(); date(out, RegistryGenerator.firstBirthDay + random.below(RegistryGenerator.birthDays, p, Stream.birth))
        comma(); out.bytes(originCodes[random.pick(RegistryGenerator.originWeights, total: 1, p, Stream.origin)])
        comma(); out.bytes(defect == 1 ? c.badHost : hostCodes[random.pick(hostWeights, total: hostTotal, r, Stream.host)])
        comma(); date(out, entry)
        comma(); if defect == 2 { out.bytes(c.badDate) } else { date(out, registration) }
        comma(); out.bytes(purposeCodes[purpose])
        comma(); out.bytes(defect == 0 ? c.badPermit : permitCodes[permit])
        comma()
        if purpose == 0 && permit != 2 {
            let name = employers[random.below(employers.count, r, Stream.employer)]
            quoted(out, random.below(5_000, r, Stream.newline) == 0 ? name + c.newline : name)
        }
        comma(); out.bytes(statusCodes[status])
        comma(); timestamp(out, stamp)
        if defect == 5 { comma(); out.bytes(c.extra) }
        out.byte(10)
    }

    /// The id's image under a permutation of firstRecordId..<firstRecordId + rows (the ids a delivery may
    /// use): a four-round Feistel network on enough bits, walking the cycle until it lands in range.
    func shuffled(_ id: Int) -> Int {
        let first = options.firstRecordId, count = max(options.rows, 1)
        // A repeat of an earlier delivery's record keeps its id: only this delivery's ids are permuted.
        guard id >= first, id - first < count else { return id }
        var half = 1
        while 1 << (2 * half) < count { half += 1 }
        let mask = UInt64(1 << half) - 1
        var x = UInt64(id - first)
        repeat {
            var (left, right) = (x >> UInt64(half), x & mask)
            for round in 0..<4 {
                (left, right) = (right, left ^ (random.next(right, Stream.shuffle &+ UInt64(round)) & mask))
            }
            x = left << UInt64(half) | right
        } while x >= UInt64(count)
        return first + Int(x)
    }

    /// RFC 4180: quoted when the field holds a comma, quote or line end, with inner quotes doubled.
    private func quoted(_ out: ByteWriter, _ field: [UInt8]) {
        guard field.contains(where: { $0 == 44 || $0 == 34 || $0 == 10 || $0 == 13 }) else { out.bytes(field); return }
        out.byte(34)
        for b in field { if b == 34 { out.byte(34) }; out.byte(b) }
        out.byte(34)
    }

    private func date(_ out: ByteWriter, _ days: Int) {
        let (y, m, d) = CivilDate.date(days: days)
        out.padded(y, width: 4); out.byte(45); out.padded(m, width: 2); out.byte(45); out.padded(d, width: 2)
    }

    private func timestamp(_ out: ByteWriter, _ seconds: Int) {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let rest = seconds - days * 86_400
        date(out, days)
        out.byte(84); out.padded(rest / 3600, width: 2); out.byte(58); out.padded(rest / 60 % 60, width: 2)
        out.byte(58); out.padded(rest % 60, width: 2); out.byte(90)
    }
}
