import Foundation
import XCTest

/// The report as a reader sees it on a phone (400 px) and on a desktop (1400 px), measured in the page Chromium
/// renders: nothing runs past its card or the screen except inside a scroll frame that says so, no text (HTML or
/// the figures' SVG text at the scale drawn) under 9 px, no two entries of the contents over each other, and the
/// wide registry table at the card's full width with its verification below. Each run leaves whole-page
/// screenshots at both widths in .build/report-screenshots/ for a person to look at.
extension ReportBrowserTests {
    struct Layout: Decodable {
        struct Overflow: Decodable { var what: String; var left: Double; var right: Double; var limit: String }
        struct SmallText: Decodable { var what: String; var px: Double }
        struct Frame: Decodable { var what: String; var overflowing: Bool; var hintShown: Bool; var labelled: Bool }
        struct Section: Decodable { var number: String; var besideVerification: Bool; var bodyWidth: Double; var cardWidth: Double }
        var viewport: Double; var height: Double; var pageScrolls: Bool
        var overflows: [Overflow]; var smallText: [SmallText]; var textCount: Int; var svgTextCount: Int; var smallestSVGText: Double
        var contentsOverlaps: [String]; var contentsEntries: Int; var frames: [Frame]; var sections: [Section]
    }

    static let layoutProbe = """
    <script>
    window.addEventListener('load', function () { setTimeout(function () {
      var vw = document.documentElement.clientWidth;
      function name(el) { return el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (typeof el.className === 'string' && el.className ? '.' + el.className.split(' ').join('.') : '')
        + ' in ' + ((el.closest('section,nav,header,footer') || {}).id || (el.closest('section,nav,header,footer') || el).tagName.toLowerCase()); }
      var cards = '.card,.findings,nav.contents,.exhibit-section,section.statistics,section.prose-numbers,section.quarantine,header.page';
      function frameOf(node) { var el = node.nodeType === 1 ? node : node.parentElement; var f = el.closest('.scroll-frame'); return f && f !== el ? f : null; }
      function skip(el) { return el.closest('title,style,script,#migstat-probe,.sr') || el.getClientRects().length === 0; }
      var overflows = [];
      function check(rect, el, what) {
        if (rect.width === 0 && rect.height === 0) return;
        if (rect.left < -0.5 || rect.right > vw + 0.5) overflows.push({ what: what, left: rect.left, right: rect.right, limit: 'viewport ' + vw });
        var card = el.closest(cards);
        if (card && card !== el) { var c = card.getBoundingClientRect();
          if (rect.left < c.left - 0.5 || rect.right > c.right + 0.5) overflows.push({ what: what, left: rect.left, right: rect.right, limit: name(card) + ' ' + c.left + '-' + c.right }); }
      }
      var elements = document.querySelectorAll('main *');
      for (var i = 0; i < elements.length; i++) { var el = elements[i]; if (skip(el) || frameOf(el)) continue; check(el.getBoundingClientRect(), el, name(el)); }
      var smallText = [], textCount = 0, svgTextCount = 0, smallestSVG = 1e9;
      var walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT), node;
      while ((node = walker.nextNode())) {
        if (!/\\S/.test(node.nodeValue)) continue;
        var parent = node.parentElement; if (skip(parent)) continue;
        var size = parseFloat(getComputedStyle(parent).fontSize), px = size;
        if (parent instanceof SVGElement) {
          // The size drawn: the font size in user units times the SVG's scale on screen (its CTM), checked against the
          // ratio of its drawn width to its viewBox.
          var svg = parent.ownerSVGElement || parent, m = parent.getScreenCTM(), box = svg.viewBox.baseVal;
          var scale = Math.min(Math.hypot(m.a, m.b), box && box.width ? svg.getBoundingClientRect().width / box.width : 1e9);
          px = size * scale; svgTextCount++; smallestSVG = Math.min(smallestSVG, px);
        }
        textCount++;
        if (px < 9 - 0.01) smallText.push({ what: name(parent) + ' "' + node.nodeValue.trim().slice(0, 40) + '"', px: px });
        if (!frameOf(node)) { var range = document.createRange(); range.selectNodeContents(node);
          [].slice.call(range.getClientRects()).forEach(function (r) { check(r, parent, 'text "' + node.nodeValue.trim().slice(0, 40) + '" in ' + name(parent)); }); }
      }
      // Contents: the parts of an entry (number, title, page, state) and the entries themselves never overlap.
      var overlaps = [], boxes = [], entries = document.querySelectorAll('nav.contents li');
      function rects(el) { return el ? [].slice.call(el.getClientRects()) : []; }
      function meet(a, b) { return Math.min(a.right, b.right) - Math.max(a.left, b.left) > 0.5 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 0.5; }
      [].slice.call(entries).forEach(function (li, k) {
        var label = (li.querySelector('.num') || li).textContent;
        var parts = ['.num', '.ttl', '.pageno', '.state .badge'].map(function (s) { return { part: s, rects: rects(li.querySelector(s)) }; });
        for (var a = 0; a < parts.length; a++) for (var b = a + 1; b < parts.length; b++)
          parts[a].rects.forEach(function (ra) { parts[b].rects.forEach(function (rb) { if (meet(ra, rb)) overlaps.push(label + ': ' + parts[a].part + ' over ' + parts[b].part); }); });
        var r = li.getBoundingClientRect();
        boxes.forEach(function (o) { if (meet(o.r, r)) overlaps.push(label + ' over ' + o.label); });
        boxes.push({ r: r, label: label });
      });
      var frames = [].slice.call(document.querySelectorAll('.scroll-frame')).map(function (f) {
        var hint = f.querySelector('.scroll-hint'), h = hint ? hint.getBoundingClientRect() : { height: 0 };
        return { what: name(f) + ' ' + f.getAttribute('aria-label'), overflowing: f.scrollWidth > f.clientWidth + 1,
                 hintShown: !!hint && h.height >= 9 && getComputedStyle(hint).visibility === 'visible',
                 labelled: f.getAttribute('role') === 'region' && !!f.getAttribute('aria-label') && f.tabIndex === 0 };
      });
      var sections = [].slice.call(document.querySelectorAll('section.exhibit-section:not(.missing)')).map(function (s) {
        var body = s.querySelector('.exhibit-body').getBoundingClientRect(), aside = s.querySelector('aside').getBoundingClientRect();
        return { number: s.getAttribute('data-number'), besideVerification: aside.top < body.bottom - 1, bodyWidth: body.width,
                 cardWidth: s.clientWidth - parseFloat(getComputedStyle(s).paddingLeft) - parseFloat(getComputedStyle(s).paddingRight) };
      });
      // The page is measured inside a frame of the width wanted (a headless window is at least 500 px wide): the
      // numbers go to the page around it.
      window.parent.postMessage(JSON.stringify({ viewport: vw, height: document.documentElement.scrollHeight, pageScrolls: document.documentElement.scrollWidth > vw + 0.5,
        overflows: overflows.slice(0, 30), smallText: smallText.slice(0, 30), textCount: textCount, svgTextCount: svgTextCount, smallestSVGText: smallestSVG,
        contentsOverlaps: overlaps.slice(0, 30), contentsEntries: entries.length, frames: frames, sections: sections }), '*');
    }, 300); });
    </script>
    """

    /// A page holding `page` in a frame `width` × `height` px: Chromium's headless window is never narrower than
    /// 500 px, so a phone's width is a frame's. `listen` adds the script that receives the probe's numbers.
    func framed(_ page: URL, width: Int, height: Int, listen: Bool) throws -> URL {
        let script = listen ? "<script>window.addEventListener('message', function (e) { var p = document.createElement('pre'); p.id = 'migstat-probe'; p.textContent = e.data; document.body.appendChild(p); });</script>" : ""
        let html = "<!DOCTYPE html><html><head><meta charset=\"utf-8\">\(script)</head><body style=\"margin:0;background:#8a8f96\">"
            + "<iframe src=\"\(page.lastPathComponent)\" style=\"display:block;border:0;width:\(width)px;height:\(height)px\"></iframe></body></html>\n"
        let wrapper = page.deletingLastPathComponent().appendingPathComponent("framed-\(width)-\(page.lastPathComponent)")
        try html.write(to: wrapper, atomically: true, encoding: .utf8)
        return wrapper
    }

    /// The report (as `edit` leaves it) laid out at `width` px, measured by `layoutProbe`.
    func layout(width: Int, edit: (String) -> String = { $0 }) throws -> Layout {
        let html = edit(try String(contentsOf: report, encoding: .utf8))
        let probed = Self.output.appendingPathComponent("out/layout-probe.html")
        try html.replacingOccurrences(of: "<head>\n", with: "<head>\n" + Self.layoutProbe + "\n").write(to: probed, atomically: true, encoding: .utf8)
        let wrapper = try framed(probed, width: width, height: 1000, listen: true)
        // Virtual time lets the probe's timeout pass before the dump, and drawing every frame in it starts the scroll
        // timelines behind the hints.
        let (dom, log) = try browse(["--hide-scrollbars", "--window-size=\(max(width, 500)),1000", "--virtual-time-budget=5000",
                                     "--run-all-compositor-stages-before-draw", "--dump-dom", wrapper.absoluteString])
        guard let start = dom.range(of: "<pre id=\"migstat-probe\">"), let end = dom.range(of: "</pre>", range: start.upperBound..<dom.endIndex) else {
            throw MissingBrowser(description: "the layout probe did not run at \(width) px: \(dom.prefix(300)) \(log.suffix(500))")
        }
        let json = dom[start.upperBound..<end.lowerBound].replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&amp;", with: "&")
        return try JSONDecoder().decode(Layout.self, from: Data(json.utf8))
    }

    /// A whole-page PNG of the report at `width` px in .build/report-screenshots/, its path printed (at least 500 px
    /// wide: a narrower page stands on the left of a grey band).
    func screenshot(width: Int, height: Double) throws {
        let directory = Self.root.appendingPathComponent(".build/report-screenshots")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let png = directory.appendingPathComponent("report-\(width).png")
        try? FileManager.default.removeItem(at: png)
        let tall = Int(height.rounded(.up))
        let wrapper = try framed(report, width: width, height: tall, listen: false)
        _ = try browse(["--hide-scrollbars", "--window-size=\(max(width, 500)),\(tall)", "--screenshot=\(png.path)", wrapper.absoluteString])
        XCTAssertTrue(FileManager.default.fileExists(atPath: png.path), "no screenshot at \(png.path)")
        print("report screenshot at \(width) px: \(png.path)")
    }

    /// The report at `width` px, photographed and checked by `assertLegible`.
    func legibleLayout(width: Int) throws -> Layout {
        if let error = Self.runError { throw error }
        _ = try chromium()
        let page = try layout(width: width)
        try screenshot(width: width, height: page.height)
        assertLegible(page, width: width)
        return page
    }

    func assertLegible(_ page: Layout, width: Int) {
        XCTAssertEqual(page.viewport, Double(width), "the window is \(width) px wide")
        XCTAssertFalse(page.pageScrolls, "the page scrolls sideways at \(width) px")
        XCTAssertEqual(page.overflows.map { "\($0.what): \($0.left)–\($0.right) past \($0.limit)" }, [], "at \(width) px")
        XCTAssertEqual(page.smallText.map { "\($0.what): \($0.px) px" }, [], "text under 9 px at \(width) px")
        XCTAssertGreaterThan(page.svgTextCount, 100, "the figures' text is measured")
        XCTAssertGreaterThanOrEqual(page.smallestSVGText, 9 - 0.01)
        XCTAssertGreaterThan(page.contentsEntries, 20)
        XCTAssertEqual(page.contentsOverlaps, [], "the contents at \(width) px")
        for f in page.frames {
            XCTAssertTrue(f.labelled, "\(f.what): a scroll frame is a labelled region a keyboard can scroll")
            XCTAssertEqual(f.hintShown, f.overflowing, "\(f.what) at \(width) px: the frame says it scrolls exactly when it does")
        }
    }

    func testTheReportIsLegibleOnAPhone() throws {
        let page = try legibleLayout(width: 400)
        // A phone cannot hold the figures at a legible size: they scroll, and say so.
        XCTAssertTrue(page.frames.contains { $0.overflowing }, "at 400 px some figure or table must scroll in its frame")
        for s in page.sections { XCTAssertFalse(s.besideVerification, "\(s.number): at 400 px the verification goes below") }
    }

    func testTheReportUsesTheWholeCardOnADesktop() throws {
        let page = try legibleLayout(width: 1400)
        // At 1400 px every table and figure fits its card: none is cut behind a scroll.
        XCTAssertEqual(page.frames.filter(\.overflowing).map(\.what), [], "frames that scroll at 1400 px")
        let registry = try XCTUnwrap(page.sections.first { $0.number == "Registry table 1" })
        XCTAssertFalse(registry.besideVerification, "Registry table 1 takes the card's width, its verification below it")
        XCTAssertEqual(registry.bodyWidth, registry.cardWidth, accuracy: 1)
        // A chart narrow enough (720 px) keeps its verification beside it.
        XCTAssertTrue(page.sections.contains { $0.number == "Figure 4.3" && $0.besideVerification })
    }

    /// A browser without scroll timelines (the CSS feature test made to fail in a copy) still says that a frame
    /// scrolls on a phone, where the figures do, and says nothing on a desktop.
    func testWithoutScrollTimelinesTheHintsShowOnAPhoneOnly() throws {
        if let error = Self.runError { throw error }
        _ = try chromium()
        func withoutTimelines(_ html: String) -> String {
            XCTAssertTrue(html.contains("@supports (animation-timeline:scroll())") && html.contains("@supports not (animation-timeline:scroll())"))
            return html.replacingOccurrences(of: "animation-timeline:scroll()", with: "animation-timeline:no-such-feature()")
        }
        let phone = try layout(width: 400, edit: withoutTimelines)
        XCTAssertTrue(phone.frames.contains { $0.overflowing })
        for f in phone.frames where f.overflowing { XCTAssertTrue(f.hintShown, "\(f.what) scrolls without saying so") }
        let desktop = try layout(width: 1400, edit: withoutTimelines)
        XCTAssertEqual(desktop.frames.filter(\.hintShown).map(\.what), [])
    }
}
