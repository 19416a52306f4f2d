import CCHCCore

/// Titles and headers of exports in Vietnamese (`lang vi`); English is the reports' own text.
enum Localization {
    /// The report with its titles, labels and headers in `language` (`en` leaves it as is).
    static func translate(_ report: Report, to language: String) -> Report {
        guard language == "vi" else { return report }
        var report = report
        report.language = "vi"
        report.title = report.title.map(title)
        report.facts = report.facts.map { fact in
            var fact = fact
            fact.label = headers[fact.key] ?? fact.label
            return fact
        }
        report.tables = report.tables.map { table in
            var table = table
            table.title = table.title.map { titles[$0] ?? $0 }
            table.columns = table.columns.map { column in
                var column = column
                column.header = headers[column.key] ?? column.header
                return column
            }
            table.sections = table.sections.map { TableSection(title: title($0.title), count: $0.count) }
            return table
        }
        report.charts = report.charts.map { chart in
            var chart = chart
            chart.title = title(chart.title)
            return chart
        }
        return report
    }

    /// Translates the words of a title around its quoted names and numbers.
    static func title(_ text: String) -> String {
        // Names are quoted ('asset', 'commune'): only the words between them are translated, so
        // a scenario named 'asset' never becomes 'asbộ tiêu chí'.
        text.split(separator: "'", omittingEmptySubsequences: false).enumerated().map { index, part in
            guard index.isMultiple(of: 2) else { return String(part) }
            var words = String(part)
            for (english, vietnamese) in phrases {
                words = words.replacingOccurrences(of: english, with: vietnamese)
            }
            return words
        }.joined(separator: "'")
    }

    /// Longer phrases first, so "Feedback report" wins over "report".
    static let phrases: [(String, String)] = [
        ("Points against the applicable maximum, by field", "Điểm đạt so với điểm tối đa áp dụng, theo lĩnh vực"),
        ("Index % by unit, coloured by band", "Chỉ số % theo đơn vị, tô màu theo mức xếp loại"),
        ("Feedback report", "Báo cáo ý kiến phản ánh"),
        (": not ranked", ": không xếp hạng"), ("Not ranked", "Không xếp hạng"), ("Ranked", "Được xếp hạng"),
        ("Group", "Khối"), (", by kind", ", theo loại đơn vị"), (", by group", ", theo khối"),
        ("Ranking:", "Xếp hạng:"), ("Scorecard:", "Phiếu điểm:"), ("Diff:", "So sánh:"),
        ("Gaps:", "Điểm bị mất:"), ("Simulation:", "Mô phỏng:"), ("Index % in", "Chỉ số % trong"),
        ("scenario", "kịch bản"), ("set", "bộ tiêu chí"), ("year", "năm"), (" and ", " và "),
    ]

    static let titles: [String: String] = [
        "Fields": "Lĩnh vực", "Criteria": "Tiêu chí", "By status": "Theo trạng thái",
        "By criterion, most contested first": "Theo tiêu chí, nhiều ý kiến nhất trước", "By unit": "Theo đơn vị",
        "Escalations pending": "Kiến nghị lên Sở Nội vụ đang chờ",
    ]

    static let headers: [String: String] = [
        "rank": "Hạng", "unit_id": "Mã đơn vị", "unit": "Đơn vị", "set": "Bộ tiêu chí", "total": "Tổng điểm",
        "max": "Điểm tối đa", "missing_leaves": "Chưa có dữ liệu",
        "reason": "Lý do không xếp hạng", "index_pct": "Chỉ số %", "band": "Xếp loại", "field": "Lĩnh vực",
        "title": "Nội dung",
        "achieved": "Điểm đạt", "lost": "Điểm bị mất", "id": "Mã tiêu chí", "points": "Điểm", "rule": "Cách tính",
        "evidence": "Tài liệu kiểm chứng", "notes": "Ghi chú", "stage_self": "Tự chấm",
        "stage_appraisal1": "Thẩm định lần 1", "stage_explanation": "Giải trình", "stage_appraisal2": "Thẩm định lần 2",
        "bonus": "Điểm thưởng", "penalty": "Điểm trừ", "scenario": "Kịch bản", "criterion": "Tiêu chí",
        "source": "Nguồn điểm", "rule_says": "Theo cách tính", "total_a": "Tổng A", "total_b": "Tổng B",
        "total_delta": "Chênh lệch tổng", "index_a": "Chỉ số A", "index_b": "Chỉ số B",
        "index_delta": "Chênh lệch chỉ số",
        "band_a": "Xếp loại A", "band_b": "Xếp loại B", "band_name_a": "Xếp loại A",
        "band_name_b": "Xếp loại B", "band_name": "Xếp loại", "gate_text": "Điều kiện hạ loại", "rank_a": "Hạng A",
        "rank_b": "Hạng B",
        "rank_move": "Thay đổi hạng",
        "status": "Trạng thái", "items": "Số ý kiến", "open": "Đang mở", "about": "Về", "escalated_to": "Gửi tới",
        "since": "Từ", "year": "Năm", "gate": "Điều kiện hạ loại", "provenance": "Nguồn gốc",
    ]
}
