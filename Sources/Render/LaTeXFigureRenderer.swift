/// `figures/<id>.tex`: a `figure` float that includes `figures/<id>.pdf` (the figure's SVG drawn as PDF),
/// numbered by LaTeX with `\label{fig:<id>}`. The contract names figures `.svg|.pdf|.png` and `tables/<id>.tex`
/// is already the chart's numbers as a table (`tab:<id>`), so the float sits beside its PDF. The path is relative
/// to `output/`: a paper elsewhere says `\graphicspath{{path/to/output/}}` (README "LaTeX and the workbook").
public enum LaTeXFigureRenderer {
    public static func render(id: String, number: String, title: String) -> String {
        // Scaled to the text width, but never taller than most of the page (the tall diagrams).
        LaTeXTableRenderer.header(number, needs: "\\usepackage{graphicx}")
            + "\\begin{figure}[htbp]\n\\centering\n"
            + "\\includegraphics[width=\\linewidth,height=0.8\\textheight,keepaspectratio]{figures/\(id).pdf}\n"
            + LaTeXTableRenderer.caption(number: number, title: title) + "\\label{fig:\(id)}\n"
            + "\\end{figure}\n"
    }
}
