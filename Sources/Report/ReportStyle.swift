/// The report's stylesheet, inline so the page is one file. System fonts only (nothing is fetched); the same
/// sans-serif face as the figures. A print section lays exhibits out on A4 without splitting them.
enum ReportStyle {
    static let css = """
    :root{--ink:#1b1f24;--muted:#5b6570;--rule:#d9dee3;--paper:#ffffff;--bg:#f3f5f7;--accent:#2f5d8a;
    --good:#2e7d32;--good-bg:#e8f3ea;--bad:#b3261e;--bad-bg:#fbe9e7;--warn:#9a5b00;--warn-bg:#fdf1dc;--none:#6b7280;--none-bg:#eef0f2}
    *{box-sizing:border-box}
    html{font-size:15px}
    body{margin:0;background:var(--bg);color:var(--ink);font-family:"DejaVu Sans",Helvetica,Arial,sans-serif;line-height:1.5}
    main{max-width:1280px;margin:0 auto;padding:2rem 1.5rem 3rem}
    a{color:var(--accent)}
    h1{font-family:"DejaVu Serif",Georgia,"Times New Roman",serif;font-size:1.9rem;line-height:1.25;margin:.2rem 0 .5rem}
    h2{font-size:1.15rem;margin:0 0 .6rem}
    h3{font-size:.95rem;margin:0 0 .4rem}
    header.page{margin-bottom:1.5rem}
    .kicker{text-transform:uppercase;letter-spacing:.08em;font-size:.75rem;color:var(--muted);margin:0}
    .citation{color:var(--muted);margin:0}
    .cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(220px,1fr));gap:.9rem;margin-bottom:1.2rem}
    .card{background:var(--paper);border:1px solid var(--rule);border-top:4px solid var(--none);border-radius:6px;padding:.8rem 1rem}
    .card.good{border-top-color:var(--good)}.card.bad{border-top-color:var(--bad)}.card.warn{border-top-color:var(--warn)}
    .card p{margin:0}
    .card .value{font-size:1.7rem;font-weight:bold;font-variant-numeric:tabular-nums}
    .card .label{font-weight:bold}
    .card .detail{color:var(--muted);font-size:.85rem}
    .findings{background:var(--paper);border:1px solid var(--rule);border-left:4px solid var(--warn);border-radius:6px;padding:.8rem 1rem;margin-bottom:1.2rem}
    .findings ul{margin:0;padding-left:1.2rem}
    q{font-style:italic}
    nav.contents{background:var(--paper);border:1px solid var(--rule);border-radius:6px;padding:1rem 1.2rem;margin-bottom:1.5rem}
    nav.contents ol{list-style:none;margin:0;padding:0}
    /* Number, title, page and state each in a column of its own, so that none can run into the next; on a narrow
       screen the number and title share a line with the page, and the state goes below. */
    nav.contents li{display:grid;grid-template-columns:minmax(0,1fr) 3.6rem 12rem;gap:.2rem .8rem;align-items:baseline;padding:.22rem 0;border-bottom:1px solid #eef0f2;font-size:.9rem}
    nav.contents li a{text-decoration:none;display:grid;grid-template-columns:10.5rem minmax(0,1fr);gap:.6rem;align-items:baseline;min-width:0}
    nav.contents li a:hover .ttl{text-decoration:underline}
    nav.contents .state{min-width:0}
    nav.contents .more{margin:.7rem 0 0;font-size:.9rem}
    nav.contents li.missing a{color:var(--muted)}
    .num{font-weight:bold;white-space:nowrap}
    .pageno{color:var(--muted);font-size:.8rem;white-space:nowrap}
    .badge{display:inline-block;font-size:.75rem;font-weight:bold;border-radius:999px;padding:.05rem .55rem;border:1px solid;white-space:nowrap;vertical-align:middle}
    aside.verification .badge{white-space:normal;border-radius:6px}
    .badge.good{color:var(--good);background:var(--good-bg)}.badge.bad{color:var(--bad);background:var(--bad-bg)}
    .badge.warn{color:var(--warn);background:var(--warn-bg)}.badge.none{color:var(--none);background:var(--none-bg)}
    .badge.drawn{color:var(--accent);background:#e8eff6}
    /* The table or figure and its verification side by side while both fit the card; a wider table or figure takes
       the card's whole width and the verification goes below it. The title and notes take no width of their own
       (contain:inline-size): the table or figure alone decides. */
    .exhibit-section{background:var(--paper);border:1px solid var(--rule);border-radius:6px;padding:1.2rem;margin-bottom:1.5rem;
    display:flex;flex-wrap:wrap;gap:1.5rem;align-items:flex-start}
    .exhibit-body{flex:999 1 auto;min-width:0;max-width:100%}
    h2.exhibit-title,.exhibit-body p.note{contain:inline-size}
    h2.exhibit-title{font-size:1.05rem;line-height:1.35;margin:0 0 .6rem}
    h2.exhibit-title .number{margin-right:.3rem}
    /* What does not fit even the whole card scrolls inside its frame, which then says so: the hint is shown only
       while the frame's scroll timeline is active, that is while its content is wider than the frame. */
    .scroll-frame{overflow-x:auto;scroll-timeline:--frame x}
    .scroll-frame:focus-visible{outline:2px solid var(--accent);outline-offset:2px}
    .scroll-hint{position:sticky;left:0;height:0;overflow:hidden;margin:0;font-size:.8rem;font-weight:bold;color:var(--warn)}
    .scroll-hint .hint-title{display:block;font-size:1.05rem;line-height:1.35;color:var(--ink);margin-bottom:.2rem}
    .scroll-hint .hint{display:block;padding-bottom:.4rem}
    @supports (animation-timeline:scroll()){.scroll-hint{animation:overflowing linear both;animation-timeline:--frame}}
    /* A browser without scroll timelines cannot tell: it shows the hint on narrow screens, where figures scroll. */
    @supports not (animation-timeline:scroll()){@media screen and (max-width:760px){.scroll-hint{height:auto}}}
    @keyframes overflowing{from,to{height:auto}}
    .exhibit-section.missing{display:block;border-style:dashed;background:transparent}
    .exhibit-section.missing h2{color:var(--muted)}
    .absent{color:var(--muted);margin:0}
    figure.exhibit{margin:0}
    figure.exhibit svg{display:block;max-width:100%;height:auto}
    /* --legible: the width below which the figure's smallest text would shrink under 9 px (SVGEmbedding.legible). */
    @media screen{figure.exhibit svg{min-width:var(--legible,0)}}
    table.exhibit{border-collapse:collapse;font-variant-numeric:tabular-nums;font-size:.92rem;margin:0 0 .4rem}
    table.exhibit caption{text-align:left;font-weight:bold;font-size:1.05rem;padding-bottom:.6rem}
    table.exhibit caption .number{margin-right:.3rem}
    table.exhibit th,table.exhibit td{padding:.35rem .7rem;border-bottom:1px solid var(--rule);vertical-align:top}
    table.exhibit thead th{border-bottom:2px solid var(--ink);vertical-align:bottom;text-align:right}
    table.exhibit thead tr:first-child th:first-child{text-align:left}
    table.exhibit td{text-align:right}
    table.exhibit tbody th{text-align:left;font-weight:normal}
    table.exhibit td.interval{white-space:nowrap;color:#444;font-size:.85em}
    table.exhibit td.base{color:#444}
    table.exhibit tbody td,table.exhibit tbody th{vertical-align:baseline}
    table.exhibit tr.base th{font-style:italic}
    table.exhibit.wide{font-size:.85rem}
    table.exhibit.wide th,table.exhibit.wide td{padding:.3rem .4rem}
    p.note{font-size:.85rem;font-style:italic;color:#333;margin:.3rem 0}
    aside.verification{flex:1 1 340px;min-width:0;max-width:100%;background:#f8f9fb;border:1px solid var(--rule);border-radius:4px;padding:.6rem .8rem;font-size:.85rem}
    .test{margin-top:.8rem}
    aside.verification p{margin:.3rem 0}
    .basis{color:#333}
    .files{color:var(--muted);font-size:.8rem;word-break:break-all}
    table.checks{border-collapse:collapse;width:100%;max-width:46rem;font-variant-numeric:tabular-nums;margin:.4rem 0}
    table.checks th,table.checks td{padding:.25rem .3rem;border-bottom:1px solid var(--rule);vertical-align:top}
    table.checks thead th{font-size:.75rem;color:var(--muted);text-align:right;font-weight:normal}
    table.checks thead th:first-child{text-align:left}
    table.checks tbody th{text-align:left;font-weight:normal}
    table.checks td{text-align:right}
    table.checks tr.differs{background:var(--bad-bg)}table.checks tr.text-differs{background:var(--warn-bg)}
    .quote{display:block;color:var(--muted);font-size:.78rem}
    table.checks tr.group th{font-weight:bold;font-size:.78rem;color:var(--muted);text-transform:uppercase;letter-spacing:.04em;padding-top:.6rem;border-bottom:1px solid var(--ink)}
    .mark{font-weight:bold}.mark.match{color:var(--good)}.mark.differs{color:var(--bad)}.mark.prose{color:var(--warn)}
    .sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
    section.statistics,section.prose-numbers,section.quarantine{background:var(--paper);border:1px solid var(--rule);border-radius:6px;padding:1.2rem;margin-bottom:1.5rem}
    .text-exhibit{margin-bottom:1rem}
    table.quarantine-list{border-collapse:collapse;width:100%;font-size:.85rem}
    table.quarantine-list th,table.quarantine-list td{text-align:left;padding:.25rem .5rem;border-bottom:1px solid var(--rule);vertical-align:top}
    table.quarantine-list td:nth-child(2){white-space:nowrap}
    table.statistics-list{border-collapse:collapse;font-variant-numeric:tabular-nums;font-size:.9rem}
    table.statistics-list th,table.statistics-list td{padding:.35rem .7rem;border-bottom:1px solid var(--rule);vertical-align:baseline;text-align:right}
    table.statistics-list thead th{border-bottom:2px solid var(--ink);vertical-align:bottom}
    table.statistics-list th:first-child{text-align:left;font-weight:normal;min-width:11rem}
    table.statistics-list thead th:first-child{font-weight:bold}
    table.statistics-list td.interval{white-space:nowrap}
    table.quarantine-list code{white-space:pre-wrap;word-break:break-all}
    footer{color:var(--muted);font-size:.8rem}
    @media (max-width:640px){
    main{padding:1.2rem .8rem 2rem}
    .exhibit-section{padding:.9rem}
    nav.contents{padding:.8rem}
    nav.contents li{grid-template-columns:minmax(0,1fr) auto}
    nav.contents li a{display:block}
    nav.contents .num{margin-right:.4rem}
    nav.contents .state{grid-column:1/-1}
    }
    @media print{
    @page{size:A4;margin:14mm 12mm}
    html{font-size:10.5pt}
    body{background:#fff}
    main{max-width:none;padding:0}
    .card,.findings,nav.contents,.exhibit-section,section.prose-numbers,section.quarantine{border-color:#bbb;box-shadow:none}
    .cards{grid-template-columns:repeat(4,1fr)}
    .exhibit-section{display:block;padding:.6rem 0;border:0;border-top:1px solid #bbb;border-radius:0}
    figure.exhibit,table.exhibit,aside.verification,.exhibit-section h2{break-inside:avoid;page-break-inside:avoid}
    figure.exhibit svg{max-height:230mm;width:auto}
    aside.verification{border:0;background:none;padding:.4rem 0 0}
    nav.contents{break-after:page}
    a{color:inherit;text-decoration:none}
    .badge,.card,tr.differs,tr.text-differs{-webkit-print-color-adjust:exact;print-color-adjust:exact}
    table.quarantine-list tr{break-inside:avoid}
    /* Every column on the page: nothing scrolls on paper. A wide table (Registry table 1's 17 months) turns its
       headers upright and tightens its cells, so that it fits the A4 width. */
    .scroll-frame{overflow:visible}
    .scroll-hint{display:none}
    h2.exhibit-title{break-after:avoid;page-break-after:avoid}
    table.exhibit{font-size:8.5pt}
    table.exhibit th,table.exhibit td{padding:.2rem .35rem}
    table.exhibit.wide th,table.exhibit.wide td{padding:.15rem .2rem}
    table.exhibit.wide thead th[scope=colgroup],table.exhibit.wide thead th.count,table.exhibit.wide thead th.percent{
    writing-mode:vertical-rl;transform:rotate(180deg);white-space:nowrap;text-align:left;vertical-align:bottom}
    table.exhibit.wide tbody th{min-width:28mm}
    }
    """
}
