import MigstatCore
import Render

/// Everything the report shows, as values the pipeline has already computed and rendered: the report
/// builder formats, it never computes.
public struct ReportInput {
    public var studyTitle: String
    public var citation: String?
    /// The study's lists of tables and figures in the study's order (pipeline.json `study.contents`).
    public var contents: [ContentsEntry]
    /// The exhibits the run regenerated, as declared in pipeline.json.
    public var exhibits: [ReportExhibit]
    public var quarantine: [QuarantineRecord]
    public var rowsRead: Int
    public var rowsLoaded: Int
    /// False when the run skipped verification (`--no-verify`).
    public var verified: Bool
    public var generator: String
    /// Sources and deliveries with rows quarantined, each within its `max_quarantined` ("cmr_2009: 3 of 648 rows …").
    public var quarantineLimits: [String] = []
    /// statistics.csv's rows, shown in a section of their own.
    public var statistics: [ReportStatistic] = []
    /// tests.csv's rows, each shown beside its exhibit.
    public var tests: [IndependenceTest] = []
    /// The disclosure audit's verdict on the census tables (`DisclosureVerdict.sentence`); nil when none is published.
    public var disclosure: String?

    public init(studyTitle: String, citation: String?, contents: [ContentsEntry], exhibits: [ReportExhibit],
                quarantine: [QuarantineRecord], rowsRead: Int, rowsLoaded: Int, verified: Bool, generator: String) {
        self.studyTitle = studyTitle; self.citation = citation; self.contents = contents; self.exhibits = exhibits
        self.quarantine = quarantine; self.rowsRead = rowsRead; self.rowsLoaded = rowsLoaded; self.verified = verified
        self.generator = generator
    }
}

/// One regenerated exhibit: how it looks and how its numbers compare with the study's.
public struct ReportExhibit {
    public enum Body {
        case table(TableModel)
        /// The figure's SVG, exactly as written to figures/<id>.svg.
        case figure(svg: String)
        /// Numbers the study gives only in its prose: nothing to draw, only checks.
        case text
    }

    public var id: String
    public var number: String
    public var title: String
    public var kind: ExhibitKind
    public var sourceNote: String
    public var body: Body
    /// For a diagram or timeline: what the thesis says of it, from which it is rebuilt.
    public var basis: String?
    public var checks: [ReportCheck]
    /// The exhibit's files in output/, relative to the report.
    public var files: [String]
    /// Its declared contrasts (contrasts.csv), shown beside it.
    public var contrasts: ContrastTable?

    public init(id: String, number: String, title: String, kind: ExhibitKind, sourceNote: String, body: Body,
                basis: String? = nil, checks: [ReportCheck] = [], files: [String] = []) {
        self.id = id; self.number = number; self.title = title; self.kind = kind; self.sourceNote = sourceNote
        self.body = body; self.basis = basis; self.checks = checks; self.files = files
    }
}

/// One published number beside the regenerated one (a row of verification.csv, with its labels).
public struct ReportCheck {
    public enum Status: String { case match, differs, textDiffers = "text-differs" }
    /// The series the number belongs to, when the exhibit has several ("Communication at work").
    public var group: String?
    /// The category the number is of ("Knowledge of Russian is quite enough").
    public var label: String
    public var published: String
    public var computed: String
    public var status: Status
    /// The thesis' words for a number stated in its prose; nil for a number printed in a table or figure.
    public var quote: String?

    public init(group: String? = nil, label: String, published: String, computed: String, status: Status, quote: String? = nil) {
        self.group = group; self.label = label; self.published = published; self.computed = computed; self.status = status; self.quote = quote
    }
}
