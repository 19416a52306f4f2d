import CCHCCore
import Foundation

/// Titles and headers of exports in Vietnamese (`lang vi`); English is the reports' own text.
enum Localization {
    /// The report with its titles, labels, headers and notes in `language` (`en` leaves it as
    /// is); with `values`, also the words of its text cells (statuses, steps, yes/no) for the
    /// formats people read — never names, ids or free text, and never in CSV or JSON, which
    /// scripts read.
    ///
    /// `sets` names criteria sets in Vietnamese by their ids (``setNames(_:)``): a title's
    /// `bộ tiêu chí 'commune'` reads `bộ tiêu chí cấp xã`, and in files people read a set's
    /// column and fact give the name too.
    static func translate(
        _ report: Report, to language: String, values: Bool = false, sets: [String: String] = [:]
    ) -> Report {
        guard language == "vi" else { return report }
        var report = report
        report.language = "vi"
        // Titles and notes: the template's quoted id, by the set's name.
        func text(_ english: String) -> String { named(Localization.text(english)) }
        func named(_ vietnamese: String) -> String {
            var result = vietnamese
            for (id, name) in sets {
                for words in ["bộ tiêu chí", "Bộ tiêu chí"] where result.contains("\(words) '\(id)'") {
                    result = result.replacingOccurrences(of: "\(words) '\(id)'", with: "\(words) \(name)")
                }
            }
            return result
        }
        report.title = report.title.map(text)
        report.facts = report.facts.map { fact in
            var fact = fact
            fact.label = message(fact.label) ?? fact.label
            if values, case .text(let value) = fact.value, fact.key == "set", let name = sets[value] {
                fact.value = .text(name)
            } else if values, case .text(let value) = fact.value, fact.key == "set_title",
                let id = sets.keys.first(where: { value.hasSuffix(" (\($0))") })
            {
                fact.value = .text(String(value.dropLast(id.count + 3)))
            } else if values, case .text(let value) = fact.value, !freeText.contains(fact.key) {
                fact.value = .text(
                    message(value).map(named) ?? (identifiers.contains(fact.key) ? value : decimalCommas(in: value)))
            }
            return fact
        }
        report.tables = report.tables.map { table in
            var table = table
            table.title = table.title.map(text)
            if values {
                let translated = table.columns.map { !freeText.contains($0.key) }
                let measures = table.columns.map { !identifiers.contains($0.key) }
                // Values repeat down a column (bands, statuses): each is looked up once.
                var known: [Bool: [String: String]] = [:]
                func word(_ value: String, measure: Bool) -> String {
                    if let done = known[measure]?[value] { return done }
                    // A measure written as text (`80.4%`, a value now) reads with a comma too.
                    let result = message(value) ?? (measure ? decimalCommas(in: value) : value)
                    known[measure, default: [:]][value] = result
                    return result
                }
                let set = table.column("set")
                let stageNotes = table.column("notes")
                table.rows = table.rows.map { cells in
                    var cells = cells
                    if let set, case .text(let id) = cells[set], let name = sets[id] { cells[set] = .text(name) }
                    if let stageNotes, case .text(let notes) = cells[stageNotes] {
                        cells[stageNotes] = .text(Self.stageNotes(notes))
                    }
                    return zip(cells, zip(translated, measures)).map { cell, kind in
                        switch cell {
                        case .text(let value) where kind.0: .text(word(value, measure: kind.1))
                        case .bool(let flag): .text(flag ? "có" : "không")
                        default: cell
                        }
                    }
                }
            }
            table.columns = table.columns.map { column in
                var column = column
                column.header = message(column.header) ?? column.header
                return column
            }
            // A section's title is a message, a template around a name ("Group 'ward'"), or a
            // name of its own (a unit), which stays as it is.
            table.sections = table.sections.map {
                TableSection(title: text($0.title), count: $0.count)
            }
            table.whenEmpty = table.whenEmpty.map(text)
            return table
        }
        report.notes = report.notes.map(text)
        report.charts = report.charts.map { chart in
            var chart = chart
            chart.title = text(chart.title)
            // A slope's ends are scenarios: the baseline by its Vietnamese name.
            if case .slope(let from, let to, let fromLabel, let toLabel) = chart.kind {
                // (A scenario's own name is a name, never translated.)
                func scenario(_ name: String) -> String {
                    name == Scenario.baseline ? Localization.values[name] ?? name : name
                }
                chart.kind = .slope(from: from, to: to, fromLabel: scenario(fromLabel), toLabel: scenario(toLabel))
            }
            return chart
        }
        return report
    }

    /// Columns of names and free text, whose values are never translated.
    static let freeText: Set<String> = [
        "unit", "unit_name", "name", "title", "set_title", "text", "text_line", "answer", "proposal", "note", "owner",
        "addressee", "plan", "notes",
        "unit_id", "id",
        "criterion", "set", "key", "value", "escalated_to", "resolution", "actor", "exported_by", "gate", "about",
        "method",
    ]

    /// The Vietnamese names of criteria sets by id, for documents: a set alone at its level is
    /// named by the units it evaluates (`commune` → `cấp xã`, `department` → `cơ quan chuyên
    /// môn`); sets sharing a level keep their ids, which tell them apart.
    static func setNames(_ sets: [CriteriaSet]) -> [String: String] {
        var names: [String: String] = [:]
        for (level, ofLevel) in Dictionary(grouping: sets, by: \.level) where ofLevel.count == 1 {
            names[ofLevel[0].id] = level == .commune ? "cấp xã" : "cơ quan chuyên môn"
        }
        return names
    }

    /// Columns and facts whose text may be a number but is an id, never a measure: criterion
    /// and field ids (`3.2`), versions (`2024.1`), dossier ids.
    static let identifiers: Set<String> = [
        "field", "parent", "was", "read_by", "leaves", "item", "key", "mapping", "changes", "merged_into", "subject",
        "successor", "successor_id", "predecessors", "set_version", "version",
        // The office's answer: its words are a template's (an amendment) or typed (kept as typed).
        "answer_words",
    ]

    /// `text` in Vietnamese when it is a known message or fits a template; else as it is.
    static func text(_ text: String) -> String { message(text) ?? text }

    /// The Vietnamese of a whole message: a known text, or a template's words around its values
    /// (names, numbers), which are kept as they are; a message may end in one of the
    /// ``suffixes`` (", scenario 'x'"). Nil when none fits.
    static func message(_ text: String) -> String? {
        if let known = messages[text] ?? values[text] { return known }
        for (english, vietnamese) in suffixes {
            // The suffix with its values, after a head that is a message of its own.
            guard let found = values(of: text, in: "{}" + english), let head = found.first,
                let translated = message(head)
            else { continue }
            return translated + fill(vietnamese, with: Array(found.dropFirst()))
        }
        return templated(text)
    }

    /// `text` by the first template it fits, its values translated when they are words of
    /// ``values`` or fit a template themselves (`yes`, `sample generator: synthetic`); names
    /// and numbers stay as they are.
    static func templated(_ text: String) -> String? {
        // Words after a text of its own, translated in turn: a rule's outcome that differs from
        // the points recorded.
        for (english, vietnamese) in wrappers {
            guard let found = values(of: text, in: english), let inner = found.first else { continue }
            return fill(vietnamese, with: [templated(inner) ?? values[inner] ?? inner])
        }
        // A rule and its outcome stand beside the criterion's title, which says what the
        // evidence is: the Vietnamese leaves the evidence key (`survey.sipas.access`) out.
        for (english, vietnamese, keySlot) in evidenceTemplates {
            guard let found = values(of: text, in: english), Values.isEvidenceKey(found[keySlot]) else { continue }
            return fill(vietnamese, with: found.map { values[$0] ?? templated($0) ?? decimalCommas(in: $0) })
        }
        for (english, vietnamese) in templates {
            guard let found = values(of: text, in: english) else { continue }
            let numbers = measures.contains(english)
            let ids = identifierSlots[english] ?? []
            return fill(
                vietnamese,
                with: found.enumerated().map { slot, value in
                    values[value] ?? templated(value)
                        ?? (numbers && !ids.contains(slot) ? decimalCommas(in: value) : value)
                })
        }
        return nil
    }

    /// The note on an amended rule that moves nobody because recorded points stand, for one unit
    /// and for several (``measures`` and ``identifierSlots`` name them too).
    static let standingOne =
        "The amended rule of {} gives {} unit other points, but the points recorded at a stage stand ({}: the rule gives {}, recorded {}); 'explain UNIT {}' shows why, 'set UNIT {} POINTS' sets a unit's points"
    static let standingMany =
        "The amended rule of {} gives {} units other points, but the points recorded at a stage stand ({}: the rule gives {}, recorded {}); 'explain UNIT {}' shows why, 'set UNIT {} POINTS' sets a unit's points"

    /// Templates whose values are measures (points, rates, indexes), written with a decimal
    /// comma in Vietnamese; other templates' values may be versions or ids (`2024.1`, `3.2.1`).
    static let measures: Set<String> = [
        "raise the points of {} from {} to {}", "raise {} from {} to ≥ {}", "raise {} from {} to {}",
        standingOne,
        standingMany,
        "points set to {}", "maximum points set to {} for every unit", "thresholds set to {} for every unit",
        "evidence {} = {}", "scenario, scaled from {}/{} ({})",
        "set {} evidence {} {}", "amendment: amend {}:{} max {}", "amendment: amend {}:{} threshold {}",
        "amend {}:{} max {}", "amend {}:{} threshold {}",
        "make {} {} (now {})", "reduce {} from {} to {}", "bring {} to its maximum {} (now {})",
        "{}%, {}, rank {}", "{}%, {}, rank {} (shared with {})",
        "{} points lost in all; 'Lost %' is the share of the points the applicable units could have had.",
        "{} cannot reach {}% by evidence or points",
        "boolean: {} yes → {}, no → 0", "manual: an assessor enters 0…{} points", "survey: {} (index 0…100) / 100 × {}",
        "deduction: {} − {} per {}, not below {}", "ratio: {} {}, otherwise {}; no cases → {}", "{} = {} ({})",
        "{} = {} → {}", "{} = {}",
        "Points are shown to 2 decimals and totals add the exact points, so the leaves as shown add up to {}, the total to {}",
    ]

    /// A scorecard's notes (`self: Đủ 4 báo cáo quý; appraisal1: …`) with each stage named in
    /// Vietnamese (`Tự chấm: Đủ 4 báo cáo quý`); the people's words stay as written.
    static func stageNotes(_ text: String) -> String {
        text.components(separatedBy: "; ").map { part in
            for stage in Stage.allCases where part.hasPrefix(stage.rawValue + ": ") {
                guard let name = values[stage.rawValue] else { break }
                return name.prefix(1).uppercased() + name.dropFirst() + part.dropFirst(stage.rawValue.count)
            }
            return part
        }.joined(separator: "; ")
    }

    /// The slots of a measure's template that hold a criterion's id, kept as written: `1.6` is
    /// criterion 1.6, not one and six tenths.
    static let identifierSlots: [String: Set<Int>] = [
        standingOne:
            [0, 5, 6],
        standingMany:
            [0, 5, 6],
        "raise the points of {} from {} to {}": [0], "bring {} to its maximum {} (now {})": [0],
        "amendment: amend {}:{} max {}": [0, 1], "amendment: amend {}:{} threshold {}": [0, 1],
        "amend {}:{} max {}": [0, 1], "amend {}:{} threshold {}": [0, 1],
    ]

    /// The numbers in `text` as Vietnamese writes them (`≥ 90% → 1.5, ≥ 80% → 0.75` →
    /// `≥ 90% → 1,5, ≥ 80% → 0,75`): a decimal point between digits becomes a comma where the
    /// number stands alone, not in an id (`3.2.1`), a version (`v2.1`) or a key (`q1.rate`).
    static func decimalCommas(in text: String) -> String {
        var bytes = Array(text.utf8)
        func isWord(_ byte: UInt8) -> Bool {
            (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
                || byte == 0x5F || byte == 0x2E || byte >= 0x80
        }
        func isDigit(_ index: Int) -> Bool { index >= 0 && index < bytes.count && (0x30...0x39).contains(bytes[index]) }
        var index = 0
        var changed = false
        while index < bytes.count {
            guard isDigit(index), index == 0 || !isWord(bytes[index - 1]) else {
                index += 1
                continue
            }
            // A run of digits, a point, digits: a number when nothing word-like follows.
            var end = index
            while isDigit(end) { end += 1 }
            if end < bytes.count, bytes[end] == 0x2E, isDigit(end + 1) {
                var after = end + 1
                while isDigit(after) { after += 1 }
                if after == bytes.count || !isWord(bytes[after]) {
                    bytes[end] = 0x2C
                    changed = true
                }
                end = after
            }
            while end < bytes.count, isWord(bytes[end]) { end += 1 }
            index = end
        }
        return changed ? String(decoding: bytes, as: UTF8.self) : text
    }

    /// The values a template's placeholders (`{}`) take in `text`, each at least one character
    /// and as short as it can be but the last; nil when the text does not fit the template.
    static func values(of text: String, in template: String) -> [String]? {
        let literals = template.components(separatedBy: "{}")
        guard text.hasPrefix(literals[0]) else { return nil }
        guard literals.count > 1 else { return text == literals[0] ? [] : nil }
        var rest = text.dropFirst(literals[0].count)
        var found: [String] = []
        for (index, literal) in literals.enumerated().dropFirst() {
            if index == literals.count - 1 {
                guard rest.count > literal.count, rest.hasSuffix(literal) else { return nil }
                found.append(String(rest.dropLast(literal.count)))
            } else {
                guard !rest.isEmpty, let range = rest.dropFirst().range(of: literal) else { return nil }
                found.append(String(rest[..<range.lowerBound]))
                rest = rest[range.upperBound...]
            }
        }
        return found
    }

    /// `template` with `{0}`, `{1}`… replaced by `values`.
    static func fill(_ template: String, with values: [String]) -> String {
        var result = template
        for (index, value) in values.enumerated() {
            result = result.replacingOccurrences(of: "{\(index)}", with: value)
        }
        return result
    }

    /// Endings a title may carry after its own words.
    static let suffixes: [(String, String)] = [
        (", scenario '{}'", ", kịch bản '{0}'"), (", by kind", ", theo loại đơn vị"), (", by group", ", theo khối"),
        (": not ranked", ": không xếp hạng"),
    ]

    /// Messages with values: `{}` in English, `{0}`, `{1}`… in Vietnamese, in the English order.
    /// Templates whose one value is a text translated in its own right, tried first.
    static let wrappers: [(String, String)] = [("{} (differs)", "{0} (khác điểm đã chấm)")]

    /// Templates of rules and rule outcomes, the slot that holds the evidence key (left out of
    /// the Vietnamese), tried before ``templates``; longer templates first.
    static let evidenceTemplates: [(String, String, Int)] = [
        ("no evidence '{}'", "chưa có minh chứng", 0), ("evidence {} = {}", "minh chứng: {1}", 0),
        ("{} = {}: {} / 100 × {} → {}", "chỉ số {1}: {2} / 100 × {3} → {4}", 0),
        ("{} = {}: {} − {} × {}, floored at {} → {}", "{1} trường hợp: {2} − {3} × {4}, không thấp hơn {5} → {6}", 0),
        ("{} = {}: {} − {} × {} → {}", "{1} trường hợp: {2} − {3} × {4} → {5}", 0),
        ("{} = {}: no cases → full points", "{1}: không phát sinh trường hợp nào → đủ điểm", 0),
        ("{} = {}: no cases → not applicable", "{1}: không phát sinh trường hợp nào → không áp dụng", 0),
        ("{} = {}: no cases → {}", "{1}: không phát sinh trường hợp nào → {2}", 0),
        ("{} = {} → {}", "{1} → {2}", 0), ("{} = {} ({})", "{1} ({2})", 0), ("{} = {}", "{1}", 0),
        ("boolean: {} yes → {}, no → 0", "có/không: có → {1}, không → 0", 0),
        ("survey: {} (index 0…100) / 100 × {}", "khảo sát: chỉ số 0…100 / 100 × {1}", 0),
        ("deduction: {} − {} per {}, not below {}", "trừ điểm: {0} − {1} cho mỗi trường hợp, không thấp hơn {3}", 2),
        (
            "ratio: {} {}, otherwise {}; no cases → {}",
            "tỷ lệ: {1}, còn lại {2}; không phát sinh trường hợp nào → {3}", 0
        ),
    ]

    static let templates: [(String, String)] = [
        // Titles.
        ("Ranking: set '{}', year {}", "Xếp hạng: bộ tiêu chí '{0}', năm {1}"),
        ("Set '{}', year {}", "Bộ tiêu chí '{0}', năm {1}"), ("Year {}", "Năm {0}"),
        ("Scorecard: {}, set '{}', year {}", "Phiếu điểm: {0}, bộ tiêu chí '{1}', năm {2}"),
        ("Diff: '{}' → '{}', set '{}', year {}", "So sánh: '{0}' → '{1}', bộ tiêu chí '{2}', năm {3}"),
        ("Diff: '{}' → '{}', year {}", "So sánh: '{0}' → '{1}', năm {2}"), ("Set '{}'", "Bộ tiêu chí '{0}'"),
        // What feedback is about when it is not a criterion.
        ("method: {}", "phương pháp chấm: {0}"),
        // A plan's words on a unit.
        (
            "nothing recorded for {}: no index to plan from; import its scores or evidence first",
            "chưa có dữ liệu năm {0}: chưa có chỉ số để lập kế hoạch; cần nhập điểm hoặc tài liệu kiểm chứng trước"
        ),
        (
            "cannot reach it: with every improvable leaf at its best, index {}; gate {} demotes it",
            "không thể đạt: kể cả khi mọi tiêu chí đạt mức cao nhất, chỉ số là {0} và bị hạ loại theo điều kiện {1}"
        ),
        (
            "cannot reach it: with every improvable leaf at its best, index {}",
            "không thể đạt: kể cả khi mọi tiêu chí đạt mức cao nhất, chỉ số chỉ là {0}"
        ),
        ("{} cannot reach {}% by evidence or points", "{0} không thể đạt {1}% bằng minh chứng hoặc chấm điểm"),
        // A scenario's changes, as `scenario show` and `diff` list them.
        // A scenario's change beside its unit and criterion, as people read it.
        ("points set to {}", "được {0} điểm"),
        ("maximum points set to {} for every unit", "điểm tối đa là {0} với mọi đơn vị"),
        ("thresholds set to {} for every unit", "ngưỡng chấm với mọi đơn vị: {0}"),
        ("rule set to {} for every unit", "cách chấm với mọi đơn vị: {0}"),
        ("What scenario '{}' changes", "Nội dung thay đổi của kịch bản '{0}'"),
        ("Scenario '{}' changes nothing yet.", "Kịch bản '{0}' chưa thay đổi nội dung nào."),
        ("set {} evidence {} {}", "{0}: minh chứng {1} là {2}"), ("set {} {} na", "{0}: tiêu chí {1} không áp dụng"),
        ("set {} {} {}", "{0}: tiêu chí {1} được {2} điểm"), ("exclude {}", "không xếp hạng {0}"),
        // The set is the document's: a criterion by its id alone (`department:1.2.2` → `1.2.2`).
        ("amend {}:{} max {}", "điểm tối đa của tiêu chí {1} là {2}"),
        ("amend {}:{} threshold {}", "ngưỡng chấm của tiêu chí {1}: {2}"),
        ("amend {}:{} rule {}", "cách chấm tiêu chí {1}: {2}"),
        ("amend {} max {}", "điểm tối đa của tiêu chí {0} là {1}"),
        // An accepted feedback's amendment, as the office's answer.
        ("amendment: amend {}:{} max {}", "chấp nhận, sửa điểm tối đa của tiêu chí {1} thành {2}"),
        ("amendment: amend {}:{} threshold {}", "chấp nhận, sửa ngưỡng của tiêu chí {1}: {2}"),
        ("amendment: amend {}:{} rule {}", "chấp nhận, sửa cách tính của tiêu chí {1}: {2}"),
        ("amend {} threshold {}", "ngưỡng chấm của tiêu chí {0}: {1}"),
        ("amend {} rule {}", "cách chấm tiêu chí {0}: {1}"),
        ("Set '{}': {}", "Bộ tiêu chí '{0}': {1}"),
        (
            "Simulation: set '{}', year {}, {} runs, seed {}, spread ±{}%",
            "Mô phỏng: bộ tiêu chí '{0}', năm {1}, {2} lượt, số khởi tạo ngẫu nhiên {3}, biên độ ±{4}%"
        ),
        ("Points lost by criterion: set '{}', year {}", "Điểm bị mất theo tiêu chí: bộ tiêu chí '{0}', năm {1}"),
        ("Points lost: {}, set '{}', year {}", "Điểm bị mất: {0}, bộ tiêu chí '{1}', năm {2}"),
        ("Goal for {}: band {}, set '{}', year {}", "Mục tiêu của {0}: xếp loại {1}, bộ tiêu chí '{2}', năm {3}"),
        ("Goal for {}: rank {}, set '{}', year {}", "Mục tiêu của {0}: hạng {1}, bộ tiêu chí '{2}', năm {3}"),
        ("{} unit excluded in scenario '{}': {}", "{0} đơn vị loại khỏi xếp hạng trong kịch bản '{1}': {2}"),
        ("{} units excluded in scenario '{}': {}", "{0} đơn vị loại khỏi xếp hạng trong kịch bản '{1}': {2}"),
        ("Scores changed: {} of {} units", "Điểm thay đổi: {0}/{1} đơn vị"),
        ("Scores changed: {} of {} units in set '{}'", "Điểm thay đổi: {0}/{1} đơn vị của bộ tiêu chí '{2}'"),
        // An amended rule that moves nobody because decisions stand (no command hints in a document).
        (
            standingOne,
            "Theo cách chấm sửa đổi, tiêu chí {0} cho {1} đơn vị số điểm khác, nhưng điểm đã chấm ở các vòng chấm được giữ nguyên ({2}: theo cách chấm mới được {3}, điểm đã chấm {4})"
        ),
        (
            standingMany,
            "Theo cách chấm sửa đổi, tiêu chí {0} cho {1} đơn vị số điểm khác, nhưng điểm đã chấm ở các vòng chấm được giữ nguyên ({2}: theo cách chấm mới được {3}, điểm đã chấm {4})"
        ),
        // An evidence value a scenario set, beside its value.
        ("{} (scenario {})", "{0} (kịch bản {1})"), ("scenario {}", "kịch bản {0}"),
        // Where a leaf's points came from, when a scenario gave them.
        ("scenario, scaled from {}/{} ({})", "kịch bản, quy đổi từ {0}/{1} ({2})"), ("n/a: {}", "không áp dụng: {0}"),
        (
            "No unit of set '{}' is in a ranking group: one ranking of all its units",
            "Không đơn vị nào của bộ tiêu chí '{0}' thuộc khối xếp hạng: xếp hạng chung tất cả đơn vị"
        ),
        ("Comparison: set '{}', {} → {}", "So sánh năm: bộ tiêu chí '{0}', {1} → {2}"),
        ("Feedback report, {}", "Tình hình tiếp nhận, xử lý ý kiến phản ánh về bộ tiêu chí, năm {0}"),
        ("Plan '{}', {}", "Kế hoạch nâng hạng '{0}', năm {1}"),
        ("Plan '{}' status, {}", "Kế hoạch nâng hạng '{0}': tiến độ thực hiện, năm {1}"),
        ("Plan '{}': mid-year review, {}", "Kế hoạch nâng hạng '{0}': rà soát giữa năm, năm {1}"),
        ("Progress: {}", "Tiến độ thực hiện {0}"), ("Mid-year review: {}", "Rà soát giữa năm việc thực hiện {0}"),
        ("Fields of {}", "Lĩnh vực của {0}"), ("Index % in '{}' and '{}'", "Chỉ số % trong '{0}' và '{1}'"),
        ("Group '{}'", "Khối '{0}'"),
        ("Lessons: {}, {} → {}", "Bài học: {0}, {1} → {2}"),
        ("Points lost in {} only (new), and why", "Điểm chỉ bị mất năm {0} (mới phát sinh) và nguyên nhân"),
        ("Points lost in {}, and why", "Điểm bị mất năm {0} và nguyên nhân"),
        ("Where the block did better in {}", "Các tiêu chí khối làm tốt hơn năm {0}"),
        (
            "Years as recorded: scenario '{}' in use is not applied to this view",
            "Số liệu các năm như đã ghi nhận: kịch bản '{0}' đang dùng không áp dụng cho báo cáo này"
        ),
        ("Result {}", "Kết quả {0}"), ("Lost again in {}", "Tiếp tục mất điểm năm {0}"),
        (
            "Points lost are against each leaf's maximum where it applies; the block is the unit's set and ranking group in {}",
            "Điểm bị mất tính so với điểm tối đa của từng tiêu chí áp dụng; khối là các đơn vị cùng bộ tiêu chí và khối xếp hạng năm {0}"
        ),
        ("all units of set '{}'", "tất cả đơn vị thuộc bộ tiêu chí '{0}'"),
        ("{} already meets {}: {}", "{0} đã đạt {1}: {2}"),
        ("{}%, {}, rank {} (shared with {})", "{0}%, {1}, hạng {2} (đồng hạng với {3})"),
        ("{}%, {}, rank {}", "{0}%, {1}, hạng {2}"), ("{}, {}, rank {}", "{0}, {1}, hạng {2}"),
        ("Predecessors in {}", "Đơn vị trước đó năm {0}"),
        ("{} continue as {} from {} or before", "{0} được hợp nhất/đổi thành {1} từ năm {2} trở về trước"),
        ("By criterion, most points lost in {} first", "Theo tiêu chí, mất nhiều điểm nhất năm {0} trước"),
        ("Lost points only in {} (recovered)", "Chỉ mất điểm năm {0} (đã khắc phục)"),
        ("Lost points only in {}", "Chỉ mất điểm năm {0}"),
        ("Lost points in {} on criteria dropped by {}", "Điểm bị mất năm {0} ở các tiêu chí bị bỏ đến năm {1}"),
        ("Was ({})", "Mã cũ ({0})"), ("% {}", "% năm {0}"), ("dropped in {}", "bị bỏ năm {0}"),
        ("new in {}", "mới năm {0}"),
        (
            "Both years are scored with set '{}' version '{}' ({})",
            "Cả hai năm chấm theo bộ tiêu chí '{0}' phiên bản '{1}' (mã nội dung {2})"
        ),
        (
            "{} is scored with set '{}' version '{}' ({}), {} with version '{}' ({}), as each year's scores were recorded",
            "Năm {0} chấm theo bộ tiêu chí '{1}' phiên bản '{2}' (mã nội dung {3}), năm {4} theo phiên bản '{5}' (mã nội dung {6}), đúng phiên bản đã dùng khi ghi điểm từng năm"
        ),
        (
            "Leaves are paired through the crosswalk '{}' → '{}' ({})",
            "Tiêu chí được ghép theo bảng chuyển đổi '{0}' → '{1}' ({2})"
        ),
        (
            "No crosswalk from version '{}' to '{}' of set '{}': leaves are paired by id, which may pair different criteria (docs/criteria-format.md, \"Crosswalks\")",
            "Không có bảng chuyển đổi từ phiên bản '{0}' sang '{1}' của bộ tiêu chí '{2}': tiêu chí được ghép theo mã, có thể ghép nhầm các tiêu chí khác nhau (docs/criteria-format.md, \"Crosswalks\")"
        ),
        (
            "Scores of {} were recorded against set '{}' {}, which this workspace does not keep; {} is scored with the set as loaded now ({})",
            "Điểm năm {0} được ghi theo bộ tiêu chí '{1}' {2}, nội dung này không còn lưu trong kho dữ liệu; năm {3} được chấm theo bộ tiêu chí hiện tại ({4})"
        ),
        // Headers with a year.
        ("Index {}", "Chỉ số {0}"), ("Band {}", "Xếp loại {0}"), ("Band code {}", "Mã xếp loại {0}"),
        ("Rank {}", "Hạng {0}"), ("Units losing {}", "Số đơn vị mất điểm {0}"), ("Lost {}", "Điểm mất {0}"),
        // Notes.
        ("Bands: {}", "Xếp loại: {0}"),
        // The gate's id is a code; its text says the condition.
        ("{}: demoted from '{}' to '{}' by gate {}: {}", "{0}: hạ từ '{1}' xuống '{2}' theo điều kiện: {4}"),
        ("{} → {} by {}: {}", "{0} → {1} theo điều kiện: {3}"),
        (
            "Points are shown to 2 decimals and totals add the exact points, so the leaves as shown add up to {}, the total to {}",
            "Điểm hiển thị làm tròn 2 chữ số thập phân, tổng điểm cộng từ điểm chưa làm tròn, nên cộng các tiêu chí như hiển thị được {0}, tổng điểm là {1}"
        ),
        (
            "{} moved up, {} moved down, {} changed band.",
            "{0} đơn vị tăng hạng, {1} giảm hạng, {2} thay đổi xếp loại."
        ),
        (
            "{} moved up, {} moved down, {} changed band, {} excluded in '{}'.",
            "{0} đơn vị tăng hạng, {1} giảm hạng, {2} thay đổi xếp loại, {3} loại khỏi xếp hạng trong '{4}'."
        ),
        (
            "{} points lost in all; 'Lost %' is the share of the points the applicable units could have had.",
            "Tổng số điểm bị mất: {0}; 'Mất %' là tỷ lệ so với số điểm các đơn vị áp dụng có thể đạt."
        ),
        (
            "Incomplete: {} unit has applicable leaves with nothing recorded, scored 0 (Missing): {}",
            "Chưa đủ dữ liệu: {0} đơn vị có tiêu chí áp dụng chưa được ghi nhận, tính 0 điểm: {1}"
        ),
        (
            "Incomplete: {} units have applicable leaves with nothing recorded, scored 0 (Missing): {}",
            "Chưa đủ dữ liệu: {0} đơn vị có tiêu chí áp dụng chưa được ghi nhận, tính 0 điểm: {1}"
        ),
        (
            "Provenance of {} leaves: {} confirmed, {} partly, {} inferred.",
            "Nguồn gốc điểm của {0} tiêu chí: {1} đã xác nhận, {2} xác nhận một phần, {3} suy luận."
        ),
        ("Evaluated in {} only: {}", "Chỉ được đánh giá năm {0}: {1}"),
        ("Nothing recorded in {} (no move to compare): {}", "Không có dữ liệu năm {0} (không so sánh được): {1}"),
        (
            "Task {} no longer applies and is left out of the projection",
            "Nhiệm vụ {0} không còn áp dụng, không tính vào dự kiến"
        ),
        // Values.
        // The longer template first: `band {}` would take `Tốt (index ≥ 80)` as the band.
        ("band {} (index ≥ {})", "xếp loại {0} (chỉ số ≥ {1})"), ("rank {} of {}", "hạng {0}/{1}"),
        ("band {}", "xếp loại {0}"), ("rank {} or better", "hạng {0} trở lên"),
        ("no leaf below {}%", "không tiêu chí nào dưới {0}%"),
        // Steps: a step stands beside its criterion's title, which says what the evidence is, so
        // the Vietnamese leaves out the evidence key (`dossiers.on_time_rate`) and says what kind
        // of value it raises: a ratio rule's rate, a survey's index, a deduction's count.
        ("raise the points of {} from {} to {}", "nâng điểm tiêu chí {0} từ {1} lên {2}"),
        ("raise {} from {} to ≥ {}", "nâng tỷ lệ từ {1} lên ≥\u{00A0}{2}"),
        ("raise {} from {} to {}", "nâng chỉ số từ {1} lên {2}"),
        ("make {} yes (now {})", "đạt yêu cầu (hiện tại: {1})"),
        ("make {} {} (now {})", "đưa {0} về {1} (hiện tại: {2})"),
        ("reduce {} from {} to {}", "giảm số lượng từ {1} xuống {2}"),
        ("bring {} to its maximum {} (now {})", "đưa tiêu chí {0} lên điểm tối đa {1} (hiện tại: {2})"),
        ("cannot reach it: {}", "không thể đạt: {0}"),
        (
            "record {} (now missing): none gives full points",
            "ghi nhận số liệu (hiện chưa có): không có trường hợp nào thì đạt điểm tối đa"
        ),
        // Rules and evidence as the scorecard shows them.
        ("boolean: {} yes → {}, no → 0", "có/không: {0} có → {1}, không → 0"),
        ("manual: an assessor enters 0…{} points", "chấm tay: cán bộ thẩm định chấm 0…{0} điểm"),
        ("survey: {} (index 0…100) / 100 × {}", "khảo sát: {0} (chỉ số 0…100) / 100 × {1}"),
        ("deduction: {} − {} per {}, not below {}", "trừ điểm: {0} − {1} cho mỗi {2}, không thấp hơn {3}"),
        (
            "ratio: {} {}, otherwise {}; no cases → {}",
            "tỷ lệ: {0} {1}, còn lại {2}; không phát sinh trường hợp nào → {3}"
        ),
        ("{} = {} ({})", "{0} = {1} ({2})"), ("{} = {} → {}", "{0} = {1} → {2}"), ("{} = {}", "{0} = {1}"),
        ("import evidence: {}", "nhập minh chứng: {0}"), ("import scores: {}", "nhập điểm: {0}"),
        ("dossiers: {}", "hồ sơ một cửa: {0}"), ("tthc: {}", "danh mục TTHC: {0}"),
        ("{} cannot reach {}% by evidence or points", "{0} không thể đạt {1}% bằng minh chứng hoặc điểm"),
    ]

    /// Whole texts of cells and facts: statuses, sources, states.
    static let values: [String: String] = [
        "baseline": "hiện trạng", "scenario": "kịch bản", "not ranked": "loại khỏi xếp hạng", "draft": "dự thảo",
        "yes": "có", "no": "không",
        "open": "chưa thực hiện",
        "doing": "đang thực hiện",
        "done": "đã xong",
        "dropped": "đã bỏ", "planned": "có kế hoạch", "already": "đã đạt", "unreachable": "không thể đạt",
        "met": "đã đạt",
        "met in the evidence; the points follow at the next assessment":
            "đã đạt theo minh chứng; điểm được cập nhật ở lần chấm tiếp theo",
        "done, not shown in the evidence yet": "báo đã xong, minh chứng chưa thể hiện",
        "one band up": "lên một bậc xếp loại", "already meets the target": "đã đạt mục tiêu",
        "already in the top band": "đã ở mức xếp loại cao nhất", "in memory (not saved)": "trong bộ nhớ (chưa lưu)",
        "self": "tự chấm", "appraisal1": "thẩm định lần 1", "explanation": "giải trình",
        "appraisal2": "thẩm định lần 2",
        "rule": "theo cách tính", "missing": "chưa có", "not applicable": "không áp dụng", "submitted": "đã gửi",
        "under review": "đang xem xét", "accepted": "chấp nhận", "rejected": "không chấp nhận",
        "escalated": "đã chuyển Sở Nội vụ", "resolved": "đã giải quyết", "upcoming": "sắp đến hạn",
        "overdue": "quá hạn",
        "due today": "đến hạn hôm nay", "full points": "đủ điểm", "sample generator: synthetic": "dữ liệu mẫu: giả lập",
        "manual: points entered by an assessor": "chấm tay: điểm do cán bộ thẩm định nhập",
        "by id (no crosswalk)": "theo mã (không có bảng chuyển đổi)", "yes (renumbered)": "có (đổi mã)",
        "split: by field": "tách: so theo lĩnh vực",
        "merged: by field": "gộp: so theo lĩnh vực",
    ]

    /// English text → Vietnamese, keyed by the whole message (a header, a label, a table's or a
    /// section's title), never by a field's key: "Items" is "Số ý kiến" whatever field it heads.
    static let messages: [String: String] = [
        // Table titles.
        "Fields": "Lĩnh vực", "Criteria": "Tiêu chí", "By status": "Theo trạng thái",
        "By criterion, most contested first": "Theo tiêu chí, nhiều ý kiến nhất trước", "By unit": "Theo đơn vị",
        "Escalations pending": "Kiến nghị lên Sở Nội vụ đang chờ", "Summary": "Tổng hợp", "Ranked": "Được xếp hạng",
        "Not ranked": "Không xếp hạng", "Feedback received": "Danh sách ý kiến phản ánh",
        "What the scenarios change": "Nội dung thay đổi của kịch bản",
        "The block did better where its average share of a leaf's maximum is more than 0.5 percentage points above the unit's":
            "Khối làm tốt hơn ở tiêu chí mà tỷ lệ điểm bình quân của khối so với điểm tối đa cao hơn của đơn vị trên 0,5 điểm phần trăm",
        // Headers and labels.
        "5%": "5%", "95%": "95%", "About": "Tiêu chí phản ánh", "Above evidence": "Cao hơn minh chứng",
        "Acting as": "Người thực hiện", "Action": "Thao tác", "Actor": "Người thực hiện", "After": "Sau",
        "Applicable max": "Điểm tối đa áp dụng", "Assessments": "Số điểm đã chấm", "At": "Thời điểm",
        "At stake": "Điểm có thể mất", "Band": "Xếp loại", "Band A": "Xếp loại A", "Band B": "Xếp loại B",
        "Band code": "Mã xếp loại", "Band code A": "Mã xếp loại A", "Band code B": "Mã xếp loại B",
        "Before": "Trước", "Bonus": "Điểm thưởng", "By": "Người ghi", "Change": "Thay đổi",
        "Contributes": "Đóng góp", "Created": "Ngày tạo", "Criterion": "Tiêu chí", "Criterion id": "Mã tiêu chí",
        "Criterion title": "Tên tiêu chí", "Days left": "Số ngày còn lại", "Demoted from": "Hạ từ",
        "Depth": "Cấp", "Detail": "Chi tiết", "Due": "Hạn", "English": "Tiếng Anh", "Escalated to": "Gửi tới",
        "Office's answer": "Kết quả xử lý", "Proposal": "Đề xuất", "Evidence documents": "Tài liệu kiểm chứng",
        "Evaluation year": "Năm đánh giá", "Exported": "Xuất lúc", "Exported by": "Người xuất",
        "Workspace": "Tệp dữ liệu", "Evidence": "Tài liệu kiểm chứng",
        "Evidence supports": "Minh chứng cho phép", "Evidence values": "Số minh chứng", "Feedback": "Ý kiến số",
        "Field": "Lĩnh vực", "Final points": "Điểm cuối cùng", "Flag": "Cảnh báo", "From": "Nguồn điểm",
        "Gain": "Điểm tăng", "Gate": "Điều kiện hạ loại", "Group": "Khối", "Id": "Mã tiêu chí",
        "Imported": "Ngày nhập", "In use": "Đang dùng", "Index %": "Chỉ số %", "Index A": "Chỉ số A",
        "Index B": "Chỉ số B", "Item": "Mục", "Items": "Số ý kiến", "Key": "Mã minh chứng", "Kind": "Loại",
        "Layer": "Kịch bản", "Leaves": "Số tiêu chí", "Leaves changed": "Số tiêu chí cần thay đổi", "Level": "Cấp",
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
        "Text": "Nội dung ý kiến", "Title": "Nội dung", "Total": "Tổng điểm", "Total A": "Tổng điểm A",
        "Total B": "Tổng điểm B", "Unit": "Đơn vị", "Unit id": "Mã đơn vị", "Unit name": "Tên đơn vị",
        "Units": "Số đơn vị", "Value": "Giá trị", "Values": "Giá trị", "Version": "Phiên bản", "Year": "Năm",
        "Years": "Các năm",
        "Δ": "Chênh lệch", "Δ total": "Chênh lệch tổng điểm",
        // Whole titles and notes.
        "Feedback report": "Tình hình tiếp nhận, xử lý ý kiến phản ánh về bộ tiêu chí",
        "Feedback report, every year": "Tình hình tiếp nhận, xử lý ý kiến phản ánh về bộ tiêu chí, các năm",
        "Plans": "Các kế hoạch nâng hạng",
        "Index % by unit, coloured by band": "Chỉ số % theo đơn vị, tô màu theo mức xếp loại",
        "Points against the applicable maximum, by field": "Điểm đạt so với điểm tối đa áp dụng, theo lĩnh vực",
        "Sample data: SYNTHETIC scores for the units of Hương Trà town, not real results.":
            "Dữ liệu mẫu: điểm GIẢ LẬP của các đơn vị thuộc thị xã Hương Trà, không phải kết quả thật.",
        "Sample data: this workspace began with SYNTHETIC values for the units of Hương Trà town; those not imported or set since are not real results.":
            "Dữ liệu mẫu: tệp làm việc này bắt đầu với số liệu GIẢ LẬP của các đơn vị thuộc thị xã Hương Trà; số liệu chưa được nhập hoặc đặt lại từ đó không phải kết quả thật.",
        "Manual and survey leaves vary; leaves whose points follow other evidence (boolean, ratio, deduction) stay as they are.":
            "Các tiêu chí chấm tay và khảo sát được cho dao động; tiêu chí tính theo minh chứng khác (có/không, tỷ lệ, trừ điểm) giữ nguyên.",
        "Index % is compared, not points; units are paired by id (and through mergers)":
            "So sánh theo chỉ số %, không theo điểm; đơn vị ghép theo mã (và theo quan hệ hợp nhất)",
        "By field (index % of the field, average over units)":
            "Theo lĩnh vực (chỉ số % của lĩnh vực, trung bình các đơn vị)",
        "By field (index % of the field)": "Theo lĩnh vực (chỉ số % của lĩnh vực)",
        "Comparable": "So sánh được", "Leaves map one to one": "Tiêu chí tương ứng một-một",
        "Changed between versions": "Thay đổi giữa hai phiên bản",
        "Most point values are drafts (inferred); 'criteria' shows each node's provenance.":
            "Phần lớn điểm số là dự thảo (suy luận); lệnh 'criteria' cho biết nguồn gốc của từng tiêu chí.",
        "Points to gain follow the criteria sets as loaded; most point values are inferred, not confirmed":
            "Điểm có thể tăng tính theo bộ tiêu chí hiện tại; phần lớn điểm số là suy luận, chưa được xác nhận",
        "A task is met when the unit's current evidence or points reach what it aims at, whatever its status says":
            "Nhiệm vụ được coi là đã đạt khi minh chứng hoặc điểm hiện tại của đơn vị đạt mức cần đạt, dù trạng thái ghi thế nào",
        "Evidence that meets a task counts in the projection before a stage re-assesses the leaf":
            "Minh chứng đã đạt được tính vào dự kiến trước khi tiêu chí được chấm lại",
        "Projected: the year's current data with every task of the plan not met and not dropped done, for all its units at once (units of one set compete for the same ranks)":
            "Dự kiến: dữ liệu hiện tại của năm, giả định mọi nhiệm vụ chưa đạt và chưa bỏ của kế hoạch đều hoàn thành cùng lúc cho tất cả đơn vị (các đơn vị cùng bộ tiêu chí cạnh tranh thứ hạng)",
        "Units that met their target when the plan was made are listed only if they have fallen below it since":
            "Đơn vị đã đạt mục tiêu khi lập kế hoạch chỉ được liệt kê nếu sau đó bị tụt xuống dưới mục tiêu",
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
        "Recurring": "Lặp lại", "New": "Mới phát sinh", "Recovered": "Đã khắc phục", "In both": "Cả hai năm",
        "Δ index": "Chênh lệch chỉ số", "Index move": "Chênh lệch chỉ số", "Rank move": "Thay đổi hạng",
        "Lost points in both years": "Mất điểm cả hai năm", "Task": "Nhiệm vụ", "Criteria set": "Bộ tiêu chí",
        "Continues as": "Hợp nhất/đổi thành", "From year": "Từ năm",
        "Successor": "Đơn vị kế thừa", "Unit history": "Lịch sử đơn vị",
        "Block": "Khối", "Other units in the block": "Số đơn vị khác trong khối",
        "Block average %": "Bình quân của khối %", "Unit %": "Đơn vị %", "Gap": "Chênh lệch",
        "Units at full points": "Số đơn vị đạt tối đa",
        "Average index %": "Chỉ số bình quân %",
        "Median index %": "Chỉ số trung vị %", "Frame item": "Thành phần",
        "Tasks by unit": "Nhiệm vụ theo đơn vị",
        "Feedback status": "Trạng thái ý kiến",
        // What an empty report says.
        "No units to rank.": "Không có đơn vị để xếp hạng.", "No units to score.": "Không có đơn vị để chấm điểm.",
        "No points lost.": "Không bị mất điểm.", "No feedback matches.": "Không có ý kiến phản ánh nào phù hợp.",
        "No feedback yet; 'feedback add --unit U --criterion ID TEXT' records a unit's":
            "Chưa có ý kiến phản ánh nào; 'feedback add --unit U --criterion ID TEXT' ghi nhận ý kiến của đơn vị",
        "No plan yet; 'plan new NAME --target tot' makes one":
            "Chưa có kế hoạch; lệnh 'plan new TÊN --target tot' tạo kế hoạch",
        "Task status": "Trạng thái nhiệm vụ",
    ]
}
