import Foundation
import MigstatCore
import Render

/// A row of statistics.csv with the name of the source it is estimated from, as a reader knows it.
public struct ReportStatistic {
    public var statistic: Statistic
    /// The source's title ("ILO household survey in Tajikistan, 2009"), not its id.
    public var source: String

    public init(_ statistic: Statistic, source: String) { self.statistic = statistic; self.source = source }
}

/// Numbers as a reader takes them in: an estimate printed to the precision its standard error carries (two
/// significant digits of the se), with thousands separated, never the binary noise of the CSV (`704068.4169999997`).
enum ReportNumber {
    /// Decimals that keep two significant digits of `se` (negative: round to tens, hundreds, thousands…).
    static func decimals(se: Double?) -> Int {
        guard let se, se.isFinite, se > 0 else { return 2 }
        return 1 - Int(log10(se).rounded(.down))
    }

    static func text(_ x: Double, decimals: Int) -> String {
        guard x.isFinite else { return "–" }
        if decimals >= 0 { return grouped(formatFixed(x, decimals: decimals)) }
        let step = pow(10, Double(-decimals))
        return grouped(formatFixed((x / step).rounded(.toNearestOrAwayFromZero) * step, decimals: 0))
    }

    /// "704068" → "704,068": commas between thousands of the integer part.
    static func grouped(_ s: String) -> String {
        let negative = s.hasPrefix("-")
        let body = negative ? String(s.dropFirst()) : s
        let parts = body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        var digits = Array(parts[0]), out = ""
        while digits.count > 3 { out = "," + String(digits.suffix(3)) + out; digits.removeLast(3) }
        out = String(digits) + out
        return (negative ? "-" : "") + out + (parts.count > 1 ? "." + parts[1] : "")
    }

    /// A p-value as tables print it: three decimals, or "< 0.001".
    static func p(_ p: Double) -> String { p < 0.001 ? "p < 0.001" : "p = " + formatFixed(p, decimals: 3) }

    /// Degrees of freedom: whole when they are, else two decimals (Rao–Scott's are fractional).
    static func df(_ d: Double) -> String { d == d.rounded() ? formatFixed(d, decimals: 0) : formatFixed(d, decimals: 2) }
}

extension ReportPage {
    /// The exhibit's test of independence (tests.csv), in words, under its verification.
    func independenceTest(_ e: ReportExhibit) -> String {
        guard let t = input.tests.first(where: { $0.exhibit == e.id }) else { return "" }
        var rows = "its rows"
        if case let .table(model) = e.body, !model.stubHeader.isEmpty { rows = "\(model.stubHeader.lowercased())" }
        var s = "<div class=\"test\" data-exhibit=\"\(escapeHTML(e.id))\">\n<h3>Test of independence</h3>\n"
        guard let r = t.test else {
            return s + "<p>Not computed: too few units with both answers (n = \(t.n)).</p>\n</div>\n"
        }
        s += "<p>Do the shares differ by \(escapeHTML(rows))? Rao–Scott design-corrected F = \(formatFixed(r.f, decimals: 2)) "
            + "on \(ReportNumber.df(r.ndf)) and \(ReportNumber.df(r.ddf)) degrees of freedom, <strong>\(ReportNumber.p(r.p))</strong> "
            + "(Pearson X² = \(formatFixed(r.pearson, decimals: 2)); n = \(ReportNumber.grouped(String(t.n))) with both answers).</p>\n"
        return s + "</div>\n"
    }

    /// The exhibit's declared contrasts: each difference with its interval and the test's p-value, in words.
    func contrastsPanel(_ e: ReportExhibit) -> String {
        guard let table = e.contrasts else { return "" }
        var s = "<div class=\"contrast\" data-exhibit=\"\(escapeHTML(e.id))\">\n<h3>Differences between series</h3>\n"
        for r in table.rows {
            s += "<p>\(escapeHTML(r[0])): \(escapeHTML(r[1])) \(escapeHTML(r[2])) % against \(escapeHTML(r[3])) \(escapeHTML(r[4])) %, "
                + "a difference of <strong>\(escapeHTML(r[5])) points</strong> (95% interval \(escapeHTML(r[6])); t = \(escapeHTML(r[7])), "
                + "<strong>p \(r[8].hasPrefix("<") ? escapeHTML(r[8]) : "= " + escapeHTML(r[8]))</strong>).</p>\n"
        }
        return s + "<p class=\"note\">\(escapeHTML(table.notes[1]))</p>\n</div>\n"
    }

    /// statistics.csv as a table: each estimate with its standard error and 95% interval, at the precision they carry.
    func statisticsSection() -> String {
        guard !input.statistics.isEmpty else { return "" }
        var s = "<section class=\"statistics\" id=\"statistics\">\n<h2>Means, totals and ratios</h2>\n"
        s += "<p>Statistics not tied to a table or figure, estimated with each source's sampling design (statistics.csv has them unrounded).</p>\n"
        s += "<div class=\"scroll-frame\" role=\"region\" tabindex=\"0\" aria-label=\"Means, totals and ratios (scrolls sideways when wider than the screen)\">\n"
            + ReportPage.scrollHint()
            + "<table class=\"statistics-list\">\n<thead><tr><th scope=\"col\">Statistic</th><th scope=\"col\">Estimate</th><th scope=\"col\">SE</th>"
            + "<th scope=\"col\">95% CI</th><th scope=\"col\">n</th><th scope=\"col\">Design effect</th></tr></thead>\n<tbody>\n"
        for row in input.statistics {
            let st = row.statistic, r = st.result
            let d = ReportNumber.decimals(se: r.se)
            func value(_ x: Double?) -> String { x.map { ReportNumber.text($0, decimals: d) } ?? "–" }
            let interval = r.ciLow.map { low in "\(value(low))–\(value(r.ciHigh))" } ?? "–"
            s += "<tr id=\"statistic-\(escapeHTML(st.id))\"><th scope=\"row\">\(escapeHTML(st.label))<span class=\"quote\">\(st.kind.rawValue), \(escapeHTML(row.source))</span></th>"
                + "<td>\(value(r.estimate))</td><td>\(value(r.se))</td><td class=\"interval\">\(interval)</td>"
                + "<td>\(ReportNumber.grouped(String(r.n)))</td><td>\(r.deff.map { formatFixed($0, decimals: 2) } ?? "–")</td></tr>\n"
        }
        return s + "</tbody>\n</table>\n</div>\n</section>\n"
    }
}
