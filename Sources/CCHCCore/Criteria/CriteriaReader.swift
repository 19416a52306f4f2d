import Yams

/// Walks a composed YAML document and builds checked criteria sets, collecting every problem.
struct CriteriaReader {
    let file: String
    private(set) var problems: [CriteriaFileProblem] = []
    /// The file's crosswalks (top-level `crosswalks:`), in file order.
    private(set) var crosswalks: [CriteriaCrosswalk] = []
    private var templates: [String: BandScheme] = [:]
    private var nodesRead = 0
    /// Problems that come before the others whatever their position (a bound reached).
    private var leading: [CriteriaFileProblem] = []
    /// Problems that come after them (more not shown).
    private var trailing: [CriteriaFileProblem] = []

    /// Every problem by position, then a word when some were not kept; a bound reached (an
    /// alias bomb) alone: what else was found repeats the same few lines.
    var sortedProblems: [CriteriaFileProblem] {
        if !leading.isEmpty { return leading }
        return problems.sorted { ($0.line, $0.column) < ($1.line, $1.column) } + trailing
    }
    /// The most criteria nodes read from one file.
    static let nodeLimit = 10_000
    /// The most problems kept from one file (the count goes on).
    static let problemLimit = 500

    init(file: String) { self.file = file }

    static let ruleKinds = ["boolean", "ratio", "deduction", "manual", "survey"]

    // MARK: Problems and scalars

    mutating func report(_ node: Node?, _ message: String) {
        guard problems.count < Self.problemLimit else {
            if trailing.isEmpty {
                let mark = node?.mark
                trailing.append(
                    .init(
                        file: file, line: mark?.line ?? 1, column: mark?.column ?? 1,
                        message:
                            "More problems follow (only the first \(Self.problemLimit) are listed); fix these and check again"
                    ))
            }
            return
        }
        let mark = node?.mark
        problems.append(.init(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1, message: message))
    }

    mutating func string(_ map: Node, _ key: String, required: Bool = false, context: String) -> String? {
        guard let value = map[key] else {
            if required { report(map, "Missing '\(key)' in \(context)") }
            return nil
        }
        guard let text = value.scalar?.string else {
            report(value, "Expected text for '\(key)' in \(context)")
            return nil
        }
        return VietnameseText.nfc(text)
    }

    mutating func number(_ map: Node, _ key: String, required: Bool = false, context: String) -> Double? {
        guard let value = map[key] else {
            if required { report(map, "Missing '\(key)' in \(context)") }
            return nil
        }
        guard let number = value.float, number.isFinite else {
            report(value, "Expected a number for '\(key)' in \(context), found '\(value.scalar?.string ?? "…")'")
            return nil
        }
        return number
    }

    func strings(_ map: Node, _ key: String) -> [String] {
        map[key]?.sequence?.compactMap { $0.scalar?.string } ?? []
    }

    mutating func provenance(_ map: Node, context: String) -> Provenance {
        guard let text = string(map, "provenance", context: context) else { return .inferred }
        guard let value = Provenance(rawValue: text) else {
            report(
                map["provenance"],
                "Unknown provenance '\(text)' in \(context); expected confirmed, partly_confirmed or inferred")
            return .inferred
        }
        return value
    }

    // MARK: Document

    mutating func readDocument(_ root: Node) -> [CriteriaSet] {
        guard root.mapping != nil else {
            report(root, "Expected a mapping with 'sets' at the top of the file")
            return []
        }
        if let version = root["schema_version"], version.int != 1 {
            report(version, "Unsupported schema_version '\(version.scalar?.string ?? "…")'; expected 1")
        }
        if let templateMap = root["ranking_band_templates"]?.mapping {
            for (key, value) in templateMap {
                guard let name = key.scalar?.string else { continue }
                if let scheme = readBands(value, context: "band template '\(name)'") { templates[name] = scheme }
            }
        }
        if let list = root["crosswalks"] {
            if let items = list.sequence {
                crosswalks = items.compactMap { readCrosswalk($0) }
            } else {
                report(list, "Expected a list of crosswalks under 'crosswalks'")
            }
        }
        if root["sets"] == nil, root["crosswalks"] != nil { return [] }
        guard let setNodes = root["sets"]?.sequence else {
            // A misspelt top-level key ('set:', 'crosswalk:') is named with what it may mean.
            let keys = root.mapping?.keys.compactMap(\.scalar?.string) ?? []
            let near = keys.compactMap { key in
                Suggestions.closest(to: key, in: ["sets", "crosswalks"]).map { (key, $0) }
            }.first { $0.0 != $0.1 }
            if root["sets"] == nil, let (key, meant) = near {
                report(root[key], "Unknown key '\(key)' at the top of the file; did you mean '\(meant)'?")
            } else {
                report(root["sets"] ?? root, "Missing list 'sets'")
            }
            return []
        }
        var sets: [CriteriaSet] = []
        var seen: Set<String> = []
        for setNode in setNodes {
            guard let set = readSet(setNode) else { continue }
            if !seen.insert(set.id).inserted { report(setNode["id"], "Duplicate set id '\(set.id)'") }
            sets.append(set)
        }
        return sets
    }

    mutating func readSet(_ node: Node) -> CriteriaSet? {
        guard node.mapping != nil else {
            report(node, "Expected a set (a mapping with id, title and fields)")
            return nil
        }
        guard let id = string(node, "id", required: true, context: "a set") else { return nil }
        let context = "set '\(id)'"
        let title = string(node, "title", required: true, context: context) ?? id
        let titleEN = string(node, "title_en", context: context) ?? ""
        let level: CriteriaLevel
        if let text = string(node, "level", context: context) {
            if let value = CriteriaLevel(rawValue: text) {
                level = value
            } else {
                report(node["level"], "Unknown level '\(text)' in \(context); expected commune or department")
                level = .department
            }
        } else {
            level = VietnameseText.fold(id).contains("commune") ? .commune : .department
        }
        let owner = string(node, "owner", context: context) ?? (level == .commune ? "province" : "town")
        let legalBasis =
            node["legal_basis"]?.sequence?.compactMap { $0["ref"]?.scalar?.string ?? $0.scalar?.string } ?? []
        var year = 0
        if let number = number(node, "year", required: true, context: context) {
            if number.rounded() == number, Limits.years.contains(Int(max(min(number, 1e6), -1e6))) {
                year = Int(number)
            } else {
                report(
                    node["year"],
                    "Year '\(node["year"]?.scalar?.string ?? "")' in \(context) is not a year within \(Limits.years.lowerBound)–\(Limits.years.upperBound)"
                )
            }
        }
        let version = string(node, "version", context: context) ?? "draft"
        let provenance = provenance(node, context: context)

        var bands = BandScheme(bands: [])
        var policy = RankingPolicy()
        if let ranking = node["ranking"] {
            policy = readPolicy(ranking, context: context)
            if let template = ranking["template"] {
                let name = template.scalar?.string ?? ""
                if let scheme = templates[name] {
                    bands = scheme
                } else {
                    report(template, "Unknown band template '\(name)' in \(context)")
                }
            } else if let scheme = readBands(ranking, context: context) {
                bands = scheme
            }
        } else {
            report(node, "Missing 'ranking' (bands) in \(context)")
        }

        let adjustments = Adjustments(
            bonusCap: node["adjustments"]?["bonus"].flatMap { number($0, "max_points", context: "bonus of \(context)") }
                ?? 0,
            penaltyCap: node["adjustments"]?["penalty"].flatMap {
                number($0, "max_points", context: "penalty of \(context)")
            }
                ?? 0
        )
        let deadlines: [Deadline] =
            node["deadlines"]?.sequence?.compactMap { item in
                guard let step = item["step"]?.scalar?.string, let by = item["by"]?.scalar?.string else {
                    report(item, "A deadline needs 'step' and 'by' (MM-dd) in \(context)")
                    return nil
                }
                return Deadline(step: step, by: by)
            } ?? []

        var ids: [String: Node] = [:]
        var fields: [CriterionNode] = []
        if let fieldNodes = node["fields"]?.sequence {
            for fieldNode in fieldNodes {
                if let field = readNode(fieldNode, parentID: nil, ids: &ids) { fields.append(field) }
            }
        } else {
            report(node, "Missing list 'fields' in \(context)")
        }
        if fields.isEmpty, node["fields"]?.sequence != nil { report(node["fields"], "No fields in \(context)") }
        if let total = number(node, "total_max_points", context: context) {
            let sum = fields.reduce(0) { $0 + $1.maxPoints }
            if abs(total - sum) > 1e-6 {
                report(
                    node["total_max_points"],
                    "total_max_points '\(Format.number(total))' of \(context) is not the sum of its fields' maxima (\(Format.number(sum)))"
                )
            }
        }
        var predecessor: CriteriaCrosswalk?
        if let node = node["predecessor"] {
            let about = "the predecessor of \(context)"
            if node.mapping == nil {
                report(node, "Expected a mapping with 'version' and 'crosswalk' for \(about)")
            } else if let from = string(node, "version", required: true, context: about) {
                predecessor = CriteriaCrosswalk(
                    setID: id, fromVersion: from, toVersion: version,
                    entries: readCrosswalkEntries(node["crosswalk"], context: about), file: file,
                    line: node.mark?.line ?? 1)
                if from == version {
                    report(node["version"], "'predecessor' of \(context) names the set's own version '\(version)'")
                }
            }
        }
        var set = CriteriaSet(
            id: id, title: title, titleEN: titleEN, level: level, owner: owner, legalBasis: legalBasis, year: year,
            version: version, provenance: provenance, fields: fields, bands: bands, adjustments: adjustments,
            ranking: policy, deadlines: deadlines
        )
        set.predecessor = predecessor
        return set
    }

    // MARK: Crosswalks

    /// `{set, from, to, map: […]}` in a file's `crosswalks:` list.
    mutating func readCrosswalk(_ node: Node) -> CriteriaCrosswalk? {
        guard node.mapping != nil else {
            report(node, "Expected a crosswalk (a mapping with set, from, to and map)")
            return nil
        }
        let context = "a crosswalk"
        let set = string(node, "set", required: true, context: context)
        let from = string(node, "from", required: true, context: context)
        let to = string(node, "to", required: true, context: context)
        guard let set, let from, let to else { return nil }
        if from == to { report(node["to"], "A crosswalk joins two versions; 'from' and 'to' are both '\(to)'") }
        return CriteriaCrosswalk(
            setID: set, fromVersion: from, toVersion: to,
            entries: readCrosswalkEntries(
                node["map"], context: "the crosswalk of set '\(set)' from '\(from)' to '\(to)'"),
            file: file, line: node.mark?.line ?? 1)
    }

    /// Entries `{from: ID or [IDs], to: ID or [IDs], kind: same|split|merged|dropped|new}`; the
    /// kind may be left out for one-to-one (`same`), from-only (`dropped`) and to-only (`new`).
    mutating func readCrosswalkEntries(_ node: Node?, context: String) -> [CriteriaCrosswalk.Entry] {
        guard let node else { return [] }
        guard let items = node.sequence else {
            report(node, "Expected a list of entries for \(context)")
            return []
        }
        var entries: [CriteriaCrosswalk.Entry] = []
        for item in items {
            guard item.mapping != nil else {
                report(item, "Expected an entry {from: …, to: …} in \(context)")
                continue
            }
            for key in item.mapping?.keys.compactMap(\.scalar?.string) ?? []
            where !["from", "to", "kind", "note"].contains(key) {
                report(item[key], "Unknown key '\(key)' in an entry of \(context); expected from, to, kind or note")
            }
            func ids(_ key: String, _ reader: inout CriteriaReader) -> [String] {
                guard let value = item[key] else { return [] }
                if let text = value.scalar?.string { return [VietnameseText.nfc(text)] }
                if let list = value.sequence {
                    return list.compactMap { element in
                        guard let text = element.scalar?.string else {
                            reader.report(element, "Expected a criterion id in '\(key)' of \(context)")
                            return nil
                        }
                        return VietnameseText.nfc(text)
                    }
                }
                reader.report(value, "Expected a criterion id or a list of ids for '\(key)' in \(context)")
                return []
            }
            let (from, to) = (ids("from", &self), ids("to", &self))
            let kind: CriteriaCrosswalk.Kind
            if let text = string(item, "kind", context: context) {
                guard let value = CriteriaCrosswalk.Kind(rawValue: text) else {
                    report(
                        item["kind"],
                        "Unknown kind '\(text)' in \(context); expected \(CriteriaCrosswalk.Kind.allCases.map(\.rawValue).joined(separator: ", "))"
                    )
                    continue
                }
                kind = value
            } else {
                kind = from.isEmpty ? .new : to.isEmpty ? .dropped : .same
            }
            let mark = item.mark
            // The shape is checked with the ids (CriteriaCrosswalk.check), so all is said at once.
            entries.append(
                CriteriaCrosswalk.Entry(
                    from: from, to: to, kind: kind, line: mark?.line ?? 1, column: mark?.column ?? 1))
        }
        return entries
    }

    // MARK: Ranking

    /// `groups: none|kind|group`, `ties: published|unrounded`, `unranked_if_missing: true|false`
    /// beside the bands under `ranking`.
    mutating func readPolicy(_ node: Node, context: String) -> RankingPolicy {
        var policy = RankingPolicy()
        let known = ["template", "bands", "gates", "groups", "ties", "unranked_if_missing"]
        for (keyNode, _) in node.mapping.map(Array.init) ?? [] {
            guard let key = keyNode.string, !known.contains(key) else { continue }
            report(
                keyNode,
                "Unknown key '\(key)' under 'ranking' of \(context)\(Suggestions.hint(for: key, in: known, style: .clause, otherwise: "; expected one of \(known.joined(separator: ", "))"))"
            )
        }
        if let grouping = choice(node, "groups", of: RankingPolicy.Grouping.self, context: context) {
            policy.grouping = grouping
        }
        if let ties = choice(node, "ties", of: RankingPolicy.Ties.self, context: context) { policy.ties = ties }
        if let value = node["unranked_if_missing"] {
            if let flag = value.bool {
                policy.unrankedIfMissing = flag
            } else {
                report(
                    value,
                    "Expected true or false for 'unranked_if_missing' in \(context), found '\(value.scalar?.string ?? "…")'"
                )
            }
        }
        return policy
    }

    /// The value of `key` as one of `T`'s cases, reporting any other word with the choices.
    mutating func choice<T: RawRepresentable & CaseIterable>(
        _ map: Node, _ key: String, of type: T.Type, context: String
    ) -> T? where T.RawValue == String {
        guard let text = string(map, key, context: context) else { return nil }
        guard let value = T(rawValue: text.lowercased()) else {
            let choices = T.allCases.map(\.rawValue)
            report(
                map[key],
                "'\(key): \(text)' in \(context) is not a choice; expected \(choices.dropLast().joined(separator: ", ")) or \(choices.last ?? "")"
            )
            return nil
        }
        return value
    }

    // MARK: Bands

    mutating func readBands(_ node: Node, context: String) -> BandScheme? {
        guard let bandNodes = node["bands"]?.sequence else {
            report(node, "Missing list 'bands' in \(context)")
            return nil
        }
        var bands: [Band] = []
        for bandNode in bandNodes {
            guard let code = string(bandNode, "code", required: true, context: "a band of \(context)"),
                let min = number(bandNode, "min", required: true, context: "band '\(code)'")
            else { continue }
            if min < 0 || min > 100 {
                report(bandNode["min"], "Band '\(code)' has min '\(Format.number(min))' outside 0…100")
            }
            if let previous = bands.last, min >= previous.minIndex {
                report(
                    bandNode["min"],
                    "Bands out of order in \(context): '\(code)' (min \(Format.number(min))) must be below '\(previous.code)' (min \(Format.number(previous.minIndex)))"
                )
            }
            let name = string(bandNode, "name", context: "band '\(code)'") ?? code
            bands.append(
                Band(
                    code: code, name: name, nameEN: string(bandNode, "name_en", context: "band '\(code)'") ?? name,
                    minIndex: min))
        }
        var gates: [Gate] = []
        for gateNode in node["gates"]?.sequence ?? [] {
            guard let id = string(gateNode, "id", required: true, context: "a gate of \(context)") else { continue }
            let gateContext = "gate '\(id)'"
            guard let appliesTo = string(gateNode, "applies_to_band", required: true, context: gateContext),
                let demoteTo = string(gateNode, "demote_to", required: true, context: gateContext)
            else { continue }
            for (key, code) in [("applies_to_band", appliesTo), ("demote_to", demoteTo)]
            where !bands.contains(where: { $0.code == code }) {
                report(gateNode[key], "Unknown band '\(code)' in \(gateContext)")
            }
            guard let conditionNode = gateNode["condition"] else {
                report(gateNode, "Missing 'condition' in \(gateContext)")
                continue
            }
            let condition: Gate.Condition
            if let below = number(conditionNode, "any_field_pct_below", context: gateContext) {
                condition = .anyFieldBelow(below)
            } else if let key = string(conditionNode, "evidence", context: gateContext) {
                condition = .evidenceGreaterThan(
                    key: key, value: number(conditionNode, "greater_than", required: true, context: gateContext) ?? 0)
            } else {
                report(
                    conditionNode,
                    "Unknown condition in \(gateContext); expected any_field_pct_below or evidence + greater_than")
                continue
            }
            gates.append(
                Gate(
                    id: id, text: string(gateNode, "text", context: gateContext) ?? id, appliesTo: appliesTo,
                    demoteTo: demoteTo, condition: condition))
        }
        return BandScheme(bands: bands, gates: gates)
    }

    // MARK: Tree

    mutating func readNode(_ node: Node, parentID: String?, ids: inout [String: Node]) -> CriterionNode? {
        // YAML aliases can make a small file describe billions of nodes (an alias bomb): a real
        // set has a few hundred, so reading stops at a bound.
        nodesRead += 1
        guard nodesRead <= Self.nodeLimit else {
            if nodesRead == Self.nodeLimit + 1 {
                // First, whatever else was found: it is the problem to fix.
                let mark = node.mark
                leading.append(
                    .init(
                        file: file, line: mark?.line ?? 1, column: mark?.column ?? 1,
                        message:
                            "More than \(Self.nodeLimit) criteria in the file (YAML aliases repeating a list?); a criteria set has at most a few hundred"
                    ))
            }
            return nil
        }
        guard let id = string(node, "id", required: true, context: parentID.map { "a child of '\($0)'" } ?? "a field")
        else { return nil }
        let context = "'\(id)'"
        if let first = ids[id] {
            report(node["id"], "Duplicate criterion id '\(id)' (first at line \(first.mark?.line ?? 0))")
        } else {
            ids[id] = node["id"]
        }
        if let parentID, !id.hasPrefix(parentID + ".") {
            report(node["id"], "Criterion id '\(id)' does not start with its parent's id '\(parentID).'")
        }
        let maxPoints = number(node, "max_points", required: true, context: context) ?? 0
        if maxPoints < 0 {
            report(node["max_points"], "Negative max_points '\(Format.number(maxPoints))' in \(context)")
        }
        var children: [CriterionNode] = []
        let childNodes = (node["criteria"] ?? node["components"])?.sequence
        for child in childNodes ?? [] {
            if let value = readNode(child, parentID: id, ids: &ids) { children.append(value) }
        }
        var rule: Rule?
        if let ruleNode = node["rule"] {
            if childNodes != nil {
                report(ruleNode, "Criterion \(context) has children and a rule; only leaves have rules")
            } else {
                rule = readRule(ruleNode, maxPoints: maxPoints, context: context)
            }
        } else if childNodes == nil {
            report(node, "Leaf \(context) has no rule")
        }
        if !children.isEmpty {
            let sum = children.reduce(0) { $0 + $1.maxPoints }
            if abs(sum - maxPoints) > 1e-6 {
                report(
                    node["max_points"],
                    "Maximum of \(context) is '\(Format.number(maxPoints))' but its children add up to \(Format.number(sum))"
                )
            }
        }
        return CriterionNode(
            id: id, title: string(node, "title", required: true, context: context) ?? id,
            titleEN: string(node, "title_en", context: context) ?? "", maxPoints: maxPoints,
            provenance: provenance(node, context: context), sources: strings(node, "sources"),
            note: string(node, "note", context: context), isOptional: node["optional"]?.bool ?? false,
            children: children, rule: rule
        )
    }

    mutating func readRule(_ node: Node, maxPoints: Double, context: String) -> Rule? {
        guard let kind = string(node, "kind", required: true, context: "the rule of \(context)") else { return nil }
        let ruleContext = "the \(kind) rule of \(context)"
        func evidenceKey(_ reader: inout CriteriaReader) -> String? {
            reader.string(node, "evidence", required: true, context: ruleContext)
        }
        switch kind {
        case "manual":
            return .manual
        case "boolean":
            return evidenceKey(&self).map { .boolean(evidence: $0) }
        case "survey":
            return evidenceKey(&self).map { .survey(evidence: $0) }
        case "deduction":
            guard let key = evidenceKey(&self),
                let perCount = number(node, "per_count", required: true, context: ruleContext)
            else { return nil }
            if perCount <= 0 {
                report(node["per_count"], "per_count '\(Format.number(perCount))' of \(context) must be above 0")
            }
            let floor = number(node, "floor", context: ruleContext) ?? 0
            if floor < 0 || floor > maxPoints {
                report(
                    node["floor"],
                    "floor '\(Format.number(floor))' of \(context) is outside 0…\(Format.number(maxPoints))")
            }
            return .deduction(evidence: key, perCount: perCount, floor: floor)
        case "ratio":
            return readRatio(node, maxPoints: maxPoints, context: context, ruleContext: ruleContext)
        default:
            report(
                node["kind"],
                "Unknown rule kind '\(kind)' in \(context); expected one of \(Self.ruleKinds.joined(separator: ", "))")
            return nil
        }
    }

    mutating func readRatio(_ node: Node, maxPoints: Double, context: String, ruleContext: String) -> Rule? {
        guard let key = string(node, "evidence", required: true, context: ruleContext) else { return nil }
        var thresholds: [RatioRule.Threshold] = []
        guard let thresholdNodes = node["thresholds"]?.sequence, !thresholdNodes.isEmpty else {
            report(node, "Missing 'thresholds' in \(ruleContext)")
            return nil
        }
        for item in thresholdNodes {
            guard let min = number(item, "min", required: true, context: "a threshold of \(context)"),
                let points = number(item, "points", required: true, context: "a threshold of \(context)")
            else { continue }
            if min < 0 || min > 100 {
                report(item["min"], "Threshold '\(Format.number(min))' of \(context) is outside 0…100")
            }
            if let previous = thresholds.last, min >= previous.min {
                report(
                    item["min"],
                    "Thresholds of \(context) out of order: '\(Format.number(min))' after '\(Format.number(previous.min))' (list them high to low)"
                )
            }
            if points < 0 || points > maxPoints + 1e-9 {
                report(
                    item["points"],
                    "Threshold points '\(Format.number(points))' of \(context) are outside 0…\(Format.number(maxPoints))"
                )
            }
            thresholds.append(.init(min: min, points: points))
        }
        let otherwise = number(node, "otherwise", context: ruleContext) ?? 0
        var noCases = RatioRule.NoCases.points(otherwise)
        if let value = node["if_no_cases"] {
            switch value.scalar?.string {
            case "max": noCases = .max
            case "na": noCases = .notApplicable
            default:
                if let points = value.float {
                    noCases = .points(points)
                } else {
                    report(
                        value,
                        "Unknown if_no_cases '\(value.scalar?.string ?? "…")' in \(context); expected max, na or a number"
                    )
                }
            }
        }
        var above100 = false
        if let value = node["above_100"] {
            if let flag = value.bool { above100 = flag } else { report(value, "'above_100' of \(context) is not true or false") }
        }
        return .ratio(
            RatioRule(
                evidence: key, thresholds: thresholds, otherwise: otherwise, ifNoCases: noCases,
                allowsAbove100: above100))
    }
}
