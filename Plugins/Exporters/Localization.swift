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
            fact.label = messages[fact.label] ?? fact.label
            return fact
        }
        report.tables = report.tables.map { table in
            var table = table
            table.title = table.title.map { messages[$0] ?? title($0) }
            table.columns = table.columns.map { column in
                var column = column
                column.header = messages[column.header] ?? column.header
                return column
            }
            // A section's title is a message, a phrase around a quoted name ("Group 'ward'"), or
            // a name of its own (a unit), which stays as it is.
            table.sections = table.sections.map {
                TableSection(
                    title: messages[$0.title] ?? ($0.title.contains("'") ? title($0.title) : $0.title), count: $0.count)
            }
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
        ("Feedback report", "Báo cáo ý kiến phản ánh"), (": mid-year review,", ": rà soát giữa năm,"),
        (" status,", ": tiến độ thực hiện,"), ("Plans", "Các kế hoạch nâng hạng"), ("Plan ", "Kế hoạch nâng hạng "),
        (": not ranked", ": không xếp hạng"), ("Not ranked", "Không xếp hạng"), ("Ranked", "Được xếp hạng"),
        ("Group", "Khối"), (", by kind", ", theo loại đơn vị"), (", by group", ", theo khối"),
        ("Ranking:", "Xếp hạng:"), ("Scorecard:", "Phiếu điểm:"), ("Diff:", "So sánh:"),
        ("Gaps:", "Điểm bị mất:"), ("Simulation:", "Mô phỏng:"), ("Index % in", "Chỉ số % trong"),
        ("scenario", "kịch bản"), ("set", "bộ tiêu chí"), ("year", "năm"), (" and ", " và "),
    ]

    /// English text → Vietnamese, keyed by the whole message (a header, a label, a table's or a
    /// section's title), never by a field's key: "Items" is "Số ý kiến" whatever field it heads.
    static let messages: [String: String] = [
        // Table titles.
        "Fields": "Lĩnh vực", "Criteria": "Tiêu chí", "By status": "Theo trạng thái",
        "By criterion, most contested first": "Theo tiêu chí, nhiều ý kiến nhất trước", "By unit": "Theo đơn vị",
        "Escalations pending": "Kiến nghị lên Sở Nội vụ đang chờ", "Summary": "Tổng hợp", "Ranked": "Được xếp hạng",
        "Not ranked": "Không xếp hạng",
        // Headers and labels.
        "5%": "5%", "95%": "95%", "About": "Về nội dung", "Above evidence": "Cao hơn minh chứng",
        "Acting as": "Người thực hiện", "Action": "Thao tác", "Actor": "Người thực hiện", "After": "Sau",
        "Applicable max": "Điểm tối đa áp dụng", "Assessments": "Số điểm đã chấm", "At": "Thời điểm",
        "At stake": "Điểm có thể mất", "Band": "Xếp loại", "Band A": "Xếp loại A", "Band B": "Xếp loại B",
        "Band code": "Mã xếp loại", "Band code A": "Mã xếp loại A", "Band code B": "Mã xếp loại B",
        "Before": "Trước", "Bonus": "Điểm thưởng", "By": "Người ghi", "Change": "Thay đổi",
        "Contributes": "Đóng góp", "Created": "Ngày tạo", "Criterion": "Tiêu chí", "Criterion id": "Mã tiêu chí",
        "Criterion title": "Tên tiêu chí", "Days left": "Số ngày còn lại", "Demoted from": "Hạ từ",
        "Depth": "Cấp", "Detail": "Chi tiết", "Due": "Hạn", "English": "Tiếng Anh", "Escalated to": "Gửi tới",
        "Evaluation year": "Năm đánh giá", "Exported": "Xuất lúc", "Exported by": "Người xuất",
        "Workspace": "Tệp dữ liệu", "Evidence": "Tài liệu kiểm chứng",
        "Evidence supports": "Minh chứng cho phép", "Evidence values": "Số minh chứng", "Feedback": "Ý kiến số",
        "Field": "Lĩnh vực", "Final points": "Điểm cuối cùng", "Flag": "Cảnh báo", "From": "Nguồn điểm",
        "Gain": "Điểm tăng", "Gate": "Điều kiện hạ loại", "Group": "Khối", "Id": "Mã tiêu chí",
        "Imported": "Ngày nhập", "In use": "Đang dùng", "Index %": "Chỉ số %", "Index A": "Chỉ số A",
        "Index B": "Chỉ số B", "Item": "Mục", "Items": "Số ý kiến", "Key": "Mã minh chứng", "Kind": "Loại",
        "Layer": "Lớp", "Leaves": "Số tiêu chí", "Leaves changed": "Số tiêu chí cần thay đổi", "Level": "Cấp",
        "Locked at": "Khóa lúc", "Losing": "Số đơn vị mất điểm", "Lost": "Điểm bị mất", "Lost %": "Tỷ lệ mất %",
        "Max": "Điểm tối đa", "Max A": "Điểm tối đa A", "Max B": "Điểm tối đa B", "Max points": "Điểm tối đa",
        "Median": "Trung vị", "Method": "Phương pháp chấm", "Missing": "Chưa có dữ liệu",
        "Missing leaves": "Số tiêu chí chưa có dữ liệu", "Module": "Mô-đun", "Moved": "Thay đổi hạng",
        "Name": "Tên", "No evidence": "Không có minh chứng", "No.": "Số", "Not ranked because": "Lý do không xếp hạng",
        "Note": "Ghi chú", "Notes": "Ghi chú", "Now": "Hiện tại", "Number": "Giá trị số", "Open": "Đang mở",
        "Override": "Thay đổi", "Overrides": "Số thay đổi", "Owner": "Cơ quan ban hành", "Penalty": "Điểm trừ",
        "Points": "Điểm", "Points at stake": "Điểm có thể mất", "Points lost": "Điểm bị mất",
        "Provenance": "Nguồn gốc", "Rank": "Hạng", "Rank A": "Hạng A", "Rank B": "Hạng B",
        "Ranking group": "Khối xếp hạng", "Read by": "Tiêu chí sử dụng",
        "Recorded": "Ngày ghi nhận", "Recorded at": "Ghi nhận lúc", "Recorded by": "Người ghi nhận", "Role": "Vai trò",
        "Rule": "Cách tính", "Rule says": "Theo cách tính", "SHA-256": "SHA-256", "Scenario": "Kịch bản",
        "Scenario A": "Kịch bản A", "Scenario B": "Kịch bản B", "Self": "Tự chấm", "Set": "Bộ tiêu chí",
        "Set SHA-256": "SHA-256 của bộ tiêu chí", "Set version": "Phiên bản bộ tiêu chí", "Since": "Từ ngày",
        "Source": "Nguồn", "Stage": "Giai đoạn", "Stage self": "Tự chấm", "Stage appraisal1": "Thẩm định lần 1",
        "Stage explanation": "Giải trình", "Stage appraisal2": "Thẩm định lần 2", "State": "Tình trạng",
        "Status": "Trạng thái", "Status code": "Mã trạng thái", "Step": "Bước", "Target": "Mục tiêu",
        "Text": "Nội dung", "Title": "Nội dung", "Total": "Tổng điểm", "Total A": "Tổng điểm A",
        "Total B": "Tổng điểm B", "Unit": "Đơn vị", "Unit id": "Mã đơn vị", "Unit name": "Tên đơn vị",
        "Units": "Số đơn vị", "Value": "Giá trị", "Values": "Giá trị", "Version": "Phiên bản", "Year": "Năm",
        "Δ": "Chênh lệch",
        // The yearly plan to raise the ranking.
        "Plan": "Kế hoạch", "Made by": "Người lập", "Made": "Ngày lập", "Tasks": "Số nhiệm vụ", "Done": "Đã xong",
        "Already at the target": "Đã đạt mục tiêu", "Points to gain": "Điểm có thể tăng",
        "Units and targets": "Đơn vị và mục tiêu", "Points to gain by field": "Điểm có thể tăng theo lĩnh vực",
        "Index at start %": "Chỉ số khi lập kế hoạch %", "Band at start": "Xếp loại khi lập kế hoạch",
        "Rank at start": "Hạng khi lập kế hoạch", "In charge": "Phụ trách",
        "As of": "Tính đến ngày", "Met": "Đã đạt",
        "Done, not shown in the evidence yet": "Báo đã xong, minh chứng chưa thể hiện", "Doing": "Đang thực hiện",
        "Dropped": "Đã bỏ", "Overdue": "Quá hạn", "Points secured": "Điểm đã đạt được",
        "Units meeting the target now": "Số đơn vị đã đạt mục tiêu",
        "Units meeting it if the open tasks are done": "Số đơn vị đạt mục tiêu nếu hoàn thành các nhiệm vụ còn lại",
        "Units: now and if the open tasks are done": "Đơn vị: hiện tại và nếu hoàn thành các nhiệm vụ còn lại",
        "Index now %": "Chỉ số hiện tại %", "Band now": "Xếp loại hiện tại", "Rank now": "Hạng hiện tại",
        "Projected index %": "Chỉ số dự kiến %", "Projected band": "Xếp loại dự kiến", "Projected rank": "Hạng dự kiến",
        "Meets target now": "Đã đạt mục tiêu", "Meets target if done": "Đạt mục tiêu nếu hoàn thành",
        "Points now": "Điểm hiện tại", "Points aimed at": "Điểm cần đạt", "Progress": "Tiến độ",
        "Secured": "Đã đạt được", "Remaining": "Còn lại", "Overdue tasks": "Nhiệm vụ quá hạn",
        "Days late": "Số ngày trễ", "Plan tasks waiting on open feedback": "Nhiệm vụ chờ kết quả xử lý ý kiến phản ánh",
        "Task": "Nhiệm vụ", "Frame item": "Thành phần", "Tasks by unit": "Nhiệm vụ theo đơn vị",
        "Feedback status": "Trạng thái ý kiến",
        "Task status": "Trạng thái nhiệm vụ",
    ]
}
