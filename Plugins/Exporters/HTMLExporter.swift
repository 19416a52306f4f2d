import CCHCCore
import Foundation

/// One self-contained HTML page per report: inline CSS and SVG charts, no network, readable
/// when printed to A4.
public struct HTMLExporter: Exporter {
    public let id = "html"
    public let summary = "a self-contained web page with charts (inline CSS and SVG), for reading and printing"

    /// The tables it shows: a table's sections each as one.
    public func contents(of report: Report) -> String { Report.contents(report.forPeople.tables, parts: "table") }
    public let showsOnScreen = false
    /// Creates the exporter.
    public init() {}

    /// Band colours, best first (shared with the workbooks' conditional formats).
    static let palette = BandColours.palette

    /// Unit names longer than this are shortened with "…" the same way in every chart.
    static let labelLength = 40

    public func export(_ report: Report) throws -> Data {
        // Which rows a gate demoted (a field only scripts read), to mark their bars.
        var demoted: [String: [String?]] = [:]
        for table in report.tables {
            guard let from = table.column("demoted_from") else { continue }
            let gate = table.column("gate")
            // Bands by the names people read, from the rows that hold both.
            var names: [String: String] = [:]
            if let code = table.column("band"), let name = table.column("band_name") {
                for row in table.rows {
                    if case .text(let key) = row[code], case .text(let value) = row[name] { names[key] = value }
                }
            }
            demoted[table.key] = table.rows.map { row in
                guard case .text(let code) = row[from] else { return nil }
                let band = names[code] ?? code
                let by = gate.map { row[$0].display } ?? ""
                // The gate's code means nothing to an office; the notes under the table say it.
                return report.language == "vi"
                    ? "hạ từ '\(band)' theo điều kiện hạ loại (xem ghi chú)" : "demoted from '\(band)' by gate \(by)"
            }
        }
        let report = report.forPeople
        let vietnamese = report.language == "vi"
        var body: [String] = []
        if let title = report.title { body.append("<h1>\(Self.escape(title))</h1>") }
        if !report.facts.isEmpty {
            body.append("<dl class=\"facts\">")
            for fact in report.facts {
                body.append(
                    "<dt>\(Self.escape(fact.label))</dt><dd>\(Self.escape(fact.value.printed(vietnamese: vietnamese)))</dd>"
                )
            }
            body.append("</dl>")
        }
        for table in report.tables {
            body.append("<section>")
            if let title = table.title { body.append("<h2>\(Self.escape(title))</h2>") }
            for chart in report.charts where chart.table == table.key {
                body.append(
                    Self.svg(chart, table: table, marks: demoted[table.key], vietnamese: report.language == "vi"))
            }
            body.append(Self.html(table, vietnamese: vietnamese))
            body.append("</section>")
        }
        if !report.allNotes.isEmpty {
            body.append("<footer>" + report.allNotes.map { "<p>\(Self.escape($0))</p>" }.joined() + "</footer>")
        }
        let page = """
            <!DOCTYPE html>
            <html lang="\(report.language)">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="generator" content="cchc">
            <title>\(Self.escape(report.title ?? "CCHC Workbench"))</title>
            <style>
            \(Self.css)
            </style>
            </head>
            <body>
            \(body.joined(separator: "\n"))
            </body>
            </html>

            """
        return Data(page.utf8)
    }

    static let css = """
        @page { size: A4; margin: 14mm 12mm; }
        body { font-family: "Noto Sans", "DejaVu Sans", Arial, sans-serif; font-size: 11pt; color: #1f2328; margin: 1.5em auto; max-width: 60em; padding: 0 1em; }
        h1 { font-size: 16pt; margin: 0 0 .6em; }
        h2 { font-size: 13pt; margin: 1.2em 0 .4em; }
        dl.facts { display: grid; grid-template-columns: max-content auto; gap: .15em 1em; margin: 0 0 1em; }
        dl.facts dt { font-weight: 600; } dl.facts dd { margin: 0; }
        table { border-collapse: collapse; width: 100%; font-size: 9pt; margin: .4em 0 1em; }
        th, td { border: 1px solid #d0d7de; padding: 2px 5px; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
        td { min-width: 3.5em; }
        th { background: #f0f3f6; overflow-wrap: normal; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        td.word { overflow-wrap: normal; white-space: nowrap; }
        thead { display: table-header-group; }
        tr, svg { break-inside: avoid; page-break-inside: avoid; }
        svg { display: block; max-width: 100%; height: auto; margin: .4em 0; }
        svg text { font-family: inherit; font-size: 11px; fill: #1f2328; }
        figure { margin: .4em 0 .8em; }
        figcaption { font-size: 9pt; color: #57606a; }
        footer { font-size: 9pt; color: #57606a; border-top: 1px solid #d0d7de; margin-top: 1.5em; }
        @media print { body { margin: 0; max-width: none; } table { font-size: 8pt; } }
        """

    /// True for short text of one word (a date, an id, a code: at most 16 characters, no space),
    /// which a cell keeps on one line.
    static func isWord(_ text: String) -> Bool {
        !text.isEmpty && text.count <= 16 && !text.contains(where: \.isWhitespace)
    }

    /// The table's cells as ``Cell/printed(vietnamese:)`` prints them, numbers aligned right.
    static func html(_ table: ReportTable, vietnamese: Bool) -> String {
        var lines = ["<table>", "<thead><tr>"]
        lines.append(table.columns.map { "<th>\(escape($0.header))</th>" }.joined())
        lines.append("</tr></thead>")
        lines.append("<tbody>")
        for row in table.rows {
            lines.append(
                "<tr>"
                    + row.map { cell in
                        let printed = cell.printed(vietnamese: vietnamese)
                        let text = escape(printed)
                        if cell.isNumeric { return "<td class=\"num\">\(text)</td>" }
                        // A date, an id or a code is not broken across lines (`15/09/2`, `024`).
                        return isWord(printed) ? "<td class=\"word\">\(text)</td>" : "<td>\(text)</td>"
                    }.joined() + "</tr>")
        }
        lines.append("</tbody></table>")
        return lines.joined(separator: "\n")
    }

    static func number(_ cell: Cell) -> Double? {
        switch cell {
        case .number(let value, _): value.isFinite ? value : nil
        case .integer(let value), .signed(let value): Double(value)
        default: nil
        }
    }

    /// The chart as inline SVG inside a figure, or an empty string when its columns are missing.
    static func svg(_ chart: Chart, table: ReportTable, marks: [String?]? = nil, vietnamese: Bool = false) -> String {
        guard let label = table.column(chart.label), !table.rows.isEmpty else { return "" }
        let labels = table.rows.map { $0[label].display }
        // Values beside the marks as the tables print them (a decimal comma in Vietnamese).
        let figure: (Double) -> String = { Cell.number($0).printed(vietnamese: vietnamese) }
        let drawing: String?
        switch chart.kind {
        case .bars(let value, let scale, let category, let categories):
            drawing = table.column(value).map { column in
                bars(
                    labels: labels, values: table.rows.map { number($0[column]) }, scale: scale,
                    colours: table.rows.map { row in
                        colour(category.flatMap(table.column).map { row[$0].display }, in: categories)
                    }, legend: category == nil ? [] : categories.map { ($0, colour($0, in: categories)) },
                    marks: marks ?? [], markLegend: vietnamese ? "▼ hạ bậc do điều kiện" : "▼ demoted by a gate",
                    figure: figure)
            }
        case .progress(let value, let maximum):
            if let valueColumn = table.column(value), let maxColumn = table.column(maximum) {
                drawing = progress(
                    labels: labels, values: table.rows.map { number($0[valueColumn]) ?? 0 },
                    maxima: table.rows.map { number($0[maxColumn]) ?? 0 }, figure: figure)
            } else {
                drawing = nil
            }
        case .slope(let from, let to, let fromLabel, let toLabel):
            if let fromColumn = table.column(from), let toColumn = table.column(to) {
                drawing = slope(
                    labels: labels, from: table.rows.map { number($0[fromColumn]) },
                    to: table.rows.map { number($0[toColumn]) }, fromLabel: fromLabel, toLabel: toLabel,
                    figure: figure)
            } else {
                drawing = nil
            }
        }
        guard let drawing else { return "" }
        return "<figure>\n\(drawing)\n<figcaption>\(escape(chart.title))</figcaption>\n</figure>"
    }

    static func colour(_ category: String?, in categories: [String]) -> String {
        BandColours.index(of: category, in: categories).map { palette[$0] } ?? "#8c959f"
    }

    static let labelWidth = 290.0
    static let plotWidth = 380.0
    static let rowHeight = 18.0

    /// Horizontal bars; a row with a mark (a gate demoted it) gets "▼" after its value, with
    /// the mark as its tooltip, and the legend says what "▼" means.
    static func bars(
        labels: [String], values: [Double?], scale: Double, colours: [String], legend: [(String, String)] = [],
        marks: [String?] = [], markLegend: String = "", figure: (Double) -> String = { Format.fixed($0) }
    ) -> String {
        // A legend row of the categories' swatches above the bars, when there are categories, and
        // a row saying what "▼" means when a bar has it.
        let marked = marks.contains { $0 != nil }
        let offset = (legend.isEmpty ? 0.0 : 22.0) + (marked ? 18.0 : 0)
        let height = Double(labels.count) * rowHeight + 24
        var parts = [svgOpen(width: labelWidth + plotWidth + 60, height: height + offset)]
        var x = labelWidth
        for (name, fill) in legend {
            parts.append(
                "<rect x=\"\(f(x))\" y=\"4\" width=\"12\" height=\"12\" fill=\"\(fill)\"/>"
                    + "<text x=\"\(f(x + 16))\" y=\"14\">\(escape(name))</text>")
            x += 16 + Double(name.count) * 7 + 14
        }
        if marked {
            parts.append(
                "<text x=\"\(f(labelWidth))\" y=\"\(f(legend.isEmpty ? 14 : 32))\">\(escape(markLegend))</text>")
        }
        parts.append("<g transform=\"translate(0 \(f(offset)))\">")
        for tick in stride(from: 0.0, through: scale, by: scale / 4) {
            let x = labelWidth + tick / scale * plotWidth
            parts.append(
                "<line x1=\"\(f(x))\" y1=\"0\" x2=\"\(f(x))\" y2=\"\(f(height - 16))\" stroke=\"#d0d7de\"/>"
                    + "<text x=\"\(f(x))\" y=\"\(f(height - 4))\" text-anchor=\"middle\">\(f(tick))</text>")
        }
        for (index, text) in labels.enumerated() {
            let y = Double(index) * rowHeight
            parts.append(
                "<text x=\"\(f(labelWidth - 6))\" y=\"\(f(y + 13))\" text-anchor=\"end\">\(escape(clip(text, labelLength)))</text>"
            )
            guard let value = values[index] else { continue }
            let width = max(0, min(value, scale)) / scale * plotWidth
            let mark = index < marks.count ? marks[index] : nil
            let markText = mark.map { " <tspan class=\"mark\">▼<title>\(escape($0))</title></tspan>" } ?? ""
            parts.append(
                "<rect x=\"\(f(labelWidth))\" y=\"\(f(y + 3))\" width=\"\(f(width))\" height=\"\(f(rowHeight - 5))\" fill=\"\(colours[index])\"><title>\(escape(text)): \(figure(value))\(mark.map { " — " + escape($0) } ?? "")</title></rect>"
                    + "<text x=\"\(f(labelWidth + width + 4))\" y=\"\(f(y + 13))\">\(figure(value))\(markText)</text>"
            )
        }
        return parts.joined(separator: "\n") + "\n</g>\n</svg>"
    }

    static func progress(
        labels: [String], values: [Double], maxima: [Double], figure: (Double) -> String = { Format.fixed($0) }
    ) -> String {
        let scale = max(maxima.max() ?? 1, 1)
        let height = Double(labels.count) * rowHeight + 8
        var parts = [svgOpen(width: labelWidth + plotWidth + 90, height: height)]
        for (index, text) in labels.enumerated() {
            let y = Double(index) * rowHeight
            let full = maxima[index] / scale * plotWidth
            let done = max(0, min(values[index], maxima[index])) / scale * plotWidth
            parts.append(
                "<text x=\"\(f(labelWidth - 6))\" y=\"\(f(y + 13))\" text-anchor=\"end\">\(escape(clip(text, labelLength)))</text>"
                    + "<rect x=\"\(f(labelWidth))\" y=\"\(f(y + 3))\" width=\"\(f(full))\" height=\"\(f(rowHeight - 5))\" fill=\"#eaeef2\" stroke=\"#afb8c1\"/>"
                    + "<rect x=\"\(f(labelWidth))\" y=\"\(f(y + 3))\" width=\"\(f(done))\" height=\"\(f(rowHeight - 5))\" fill=\"#0969da\"/>"
                    + "<text x=\"\(f(labelWidth + full + 4))\" y=\"\(f(y + 13))\">\(figure(values[index])) / \(figure(maxima[index]))</text>"
            )
        }
        return parts.joined(separator: "\n") + "\n</svg>"
    }

    static func slope(
        labels: [String], from: [Double?], to: [Double?], fromLabel: String, toLabel: String,
        figure: (Double) -> String = { Format.fixed($0) }
    ) -> String {
        let values = (from + to).compactMap { $0 }
        let low = (values.min() ?? 0).rounded(.down)
        let high = max((values.max() ?? 100).rounded(.up), low + 1)
        let rowsHeight = max(Double(labels.count) * 16, 200)
        let top = 28.0
        let height = rowsHeight + top + 10
        let left = 330.0
        let right = 530.0
        func y(_ value: Double) -> Double { top + (high - value) / (high - low) * rowsHeight }
        var parts = [svgOpen(width: 860, height: height)]
        parts.append(
            "<text x=\"\(f(left))\" y=\"14\" text-anchor=\"middle\" font-weight=\"bold\">\(escape(fromLabel))</text>"
                + "<text x=\"\(f(right))\" y=\"14\" text-anchor=\"middle\" font-weight=\"bold\">\(escape(toLabel))</text>"
                + "<line x1=\"\(f(left))\" y1=\"\(f(top))\" x2=\"\(f(left))\" y2=\"\(f(top + rowsHeight))\" stroke=\"#afb8c1\"/>"
                + "<line x1=\"\(f(right))\" y1=\"\(f(top))\" x2=\"\(f(right))\" y2=\"\(f(top + rowsHeight))\" stroke=\"#afb8c1\"/>"
        )
        let drawn = labels.indices.filter { from[$0] != nil && to[$0] != nil }
        let leftLabels = spread(drawn.map { (index: $0, y: y(from[$0]!)) })
        let rightLabels = spread(drawn.map { (index: $0, y: y(to[$0]!)) })
        for index in drawn {
            let (a, b, text) = (from[index]!, to[index]!, labels[index])
            let colour = b > a + 0.005 ? "#1a7f37" : (b < a - 0.005 ? "#c62828" : "#8c959f")
            let (labelA, labelB) = (leftLabels[index, default: y(a)], rightLabels[index, default: y(b)])
            parts.append(
                "<line x1=\"\(f(left))\" y1=\"\(f(y(a)))\" x2=\"\(f(right))\" y2=\"\(f(y(b)))\" stroke=\"\(colour)\" stroke-width=\"1.5\"><title>\(escape(text)): \(figure(a)) → \(figure(b))</title></line>"
                    + leader(from: (left, y(a)), to: (left - 5, labelA), colour: colour)
                    + leader(from: (right, y(b)), to: (right + 5, labelB), colour: colour)
                    + "<text x=\"\(f(left - 6))\" y=\"\(f(labelA + 4))\" text-anchor=\"end\">\(escape(clip(text, labelLength))) \(figure(a))</text>"
                    + "<text x=\"\(f(right + 6))\" y=\"\(f(labelB + 4))\">\(figure(b)) \(escape(clip(text, labelLength)))</text>"
            )
        }
        let bottom = max(leftLabels.values.max() ?? 0, rightLabels.values.max() ?? 0) + 10
        if bottom > height {
            parts[0] = svgOpen(width: 860, height: bottom)
        }
        return parts.joined(separator: "\n") + "\n</svg>"
    }

    /// A thin line from a point to its label when the label had to move away from it, so every
    /// label stays with its line.
    static func leader(from point: (Double, Double), to label: (Double, Double), colour: String) -> String {
        guard abs(point.1 - label.1) > 2 else { return "" }
        return
            "<line x1=\"\(f(point.0))\" y1=\"\(f(point.1))\" x2=\"\(f(label.0))\" y2=\"\(f(label.1))\" stroke=\"\(colour)\" stroke-width=\"0.6\"/>"
    }

    /// Label positions at least 13 units apart, in the order of their points, each cluster of
    /// labels that had to move centred on its points (not pushed down below them).
    static func spread(_ points: [(index: Int, y: Double)]) -> [Int: Double] {
        let sorted = points.sorted { $0.y < $1.y || ($0.y == $1.y && $0.index < $1.index) }
        // Clusters: runs of labels that would overlap; each is centred on its points' mean and
        // merged with the one before when they then overlap.
        var clusters: [(start: Int, count: Int, top: Double)] = []
        for (position, point) in sorted.enumerated() {
            clusters.append((position, 1, point.y))
            while clusters.count > 1 {
                let last = clusters[clusters.count - 1]
                let previous = clusters[clusters.count - 2]
                guard previous.top + Double(previous.count) * 13 > last.top else { break }
                let merged = (start: previous.start, count: previous.count + last.count, top: 0.0)
                let ys = sorted[merged.start..<(merged.start + merged.count)].map(\.y)
                let centre = ys.reduce(0, +) / Double(ys.count)
                clusters.removeLast(2)
                clusters.append((merged.start, merged.count, max(0, centre - Double(merged.count - 1) * 13 / 2)))
            }
        }
        var placed: [Int: Double] = [:]
        for cluster in clusters {
            for offset in 0..<cluster.count {
                placed[sorted[cluster.start + offset].index] = cluster.top + Double(offset) * 13
            }
        }
        return placed
    }

    static func svgOpen(width: Double, height: Double) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(f(width)) \(f(height))\" width=\"\(f(width))\" height=\"\(f(height))\" role=\"img\">"
    }

    static func clip(_ text: String, _ length: Int) -> String {
        text.count <= length ? text : String(text.prefix(length - 1)) + "…"
    }

    /// A coordinate with at most one decimal.
    static func f(_ value: Double) -> String { Format.number((value * 10).rounded() / 10) }

    /// Escapes text for HTML and XML content and attributes.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}
