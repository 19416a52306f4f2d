import CCHCCore

/// The bundled sample: the units of Hương Trà town (Thừa Thiên Huế) with SYNTHETIC assessments
/// and evidence for one year, generated deterministically from a fixed seed.
///
/// Unit names are real; every number is made up and labelled so wherever it is shown.
public enum SampleTown {
    /// The sample's evaluation year.
    public static let year = 2024

    /// The label shown with every score computed from the sample.
    public static let label = "Sample data: SYNTHETIC scores for the units of Hương Trà town, not real results."

    /// The label once a file was imported into a workspace that began with the sample: the
    /// sample's values stay where the files gave none.
    public static let mixedLabel =
        "Sample data: this workspace began with SYNTHETIC values for the units of Hương Trà town; those not imported or set since are not real results."

    /// The units, by set: wards and communes against `commune`, offices and public service
    /// units against `department`.
    public static let units: [EvaluatedUnit] = {
        let communeLevel: [(String, String, UnitKind)] = [
            ("tu-ha", "Tứ Hạ", .ward), ("huong-van", "Hương Văn", .ward), ("huong-xuan", "Hương Xuân", .ward),
            ("huong-chu", "Hương Chữ", .ward), ("huong-an", "Hương An", .ward), ("huong-ho", "Hương Hồ", .ward),
            ("huong-toan", "Hương Toàn", .commune), ("huong-vinh", "Hương Vinh", .commune),
            ("huong-phong", "Hương Phong", .commune), ("hai-duong", "Hải Dương", .commune),
            ("huong-tho", "Hương Thọ", .commune), ("binh-tien", "Bình Tiến", .commune),
            ("binh-thanh", "Bình Thành", .commune), ("huong-binh", "Hương Bình", .commune),
        ]
        let departmentLevel: [(String, String, UnitKind)] = [
            ("vp-ubnd", "Văn phòng HĐND và UBND", .department), ("p-noivu", "Phòng Nội vụ", .department),
            ("p-tuphap", "Phòng Tư pháp", .department), ("p-tckh", "Phòng Tài chính - Kế hoạch", .department),
            ("p-tnmt", "Phòng Tài nguyên và Môi trường", .department),
            ("p-ldtbxh", "Phòng Lao động - Thương binh và Xã hội", .department),
            ("p-vhtt", "Phòng Văn hóa và Thông tin", .department), ("p-gddt", "Phòng Giáo dục và Đào tạo", .department),
            ("p-yte", "Phòng Y tế", .department), ("p-kinhte", "Phòng Kinh tế", .department),
            ("p-qldt", "Phòng Quản lý đô thị", .department), ("thanh-tra", "Thanh tra thị xã", .department),
            ("tt-vhtt", "Trung tâm Văn hóa, Thông tin và Thể thao", .publicServiceUnit),
            ("bql-da", "Ban Quản lý dự án đầu tư xây dựng", .publicServiceUnit),
            ("tt-quydat", "Trung tâm Phát triển quỹ đất", .publicServiceUnit),
        ]
        return communeLevel.map { EvaluatedUnit(id: $0.0, name: $0.1, kind: $0.2, setID: "commune") }
            + departmentLevel.map { EvaluatedUnit(id: $0.0, name: $0.1, kind: $0.2, setID: "department") }
    }()

    /// Units with no administrative procedures of their own: the TTHC field does not apply.
    static let withoutProcedures: Set<String> = ["bql-da"]

    /// Fills a new workspace with the sample year, in one transaction.
    @Sendable public static func seed(_ evaluation: Evaluation, _ workspace: Workspace) throws {
        let sets = try evaluation.allCriteriaSets()
        // Seeded on first use: recorded as the sample's, never as whoever acts first.
        try workspace.write(by: evaluation.author("sample")) { change in
            let db = change.db
            try workspace.setSetting("year", String(year), in: db)
            try workspace.setSetting("synthetic_label", label, in: db)
            for unit in units { try workspace.upsert(unit, action: "seed sample", in: change) }
            // The year before, so 'compare' has something to compare on first use.
            for seeded in [year - 1, year] {
                try seedYear(
                    seeded, records: records(for: sets, year: seeded), sets: sets, evaluation: evaluation,
                    workspace: workspace, in: change)
            }
        }
    }

    /// Writes one year's generated records inside `change`.
    static func seedYear(
        _ year: Int, records: [String: UnitRecord], sets: [CriteriaSet], evaluation: Evaluation, workspace: Workspace,
        in change: Change
    ) throws {
        let db = change.db
        do {
            let manual = Set(sets.flatMap(\.leaves).filter { $0.rule == .manual }.map(\.id))
            var assessments: [AssessmentWrite] = []
            var evidence: [EvidenceRow] = []
            for unit in units {
                guard let record = records[unit.id] else { continue }
                for (leaf, assessed) in record.leaves.sorted(by: { $0.key < $1.key }) {
                    for (stage, value) in assessed.stages {
                        let points: Double? = if case .points(let points) = value { points } else { nil }
                        let cited = stage == .selfAssessment && manual.contains(leaf)
                        assessments.append(
                            AssessmentWrite(
                                isNew: true, unit: unit.id, criterion: leaf, stage: stage.rawValue,
                                value: AssessmentValue(
                                    points: points, note: assessed.notes[stage],
                                    evidenceRef: cited ? reference(unit: unit.id, leaf: leaf, year: year) : nil)))
                    }
                }
                for (kind, points) in [("bonus", record.bonus), ("penalty", record.penalty)] where points > 0 {
                    assessments.append(
                        AssessmentWrite(
                            isNew: true, unit: unit.id, criterion: kind, stage: Stage.appraisal1.rawValue,
                            value: AssessmentValue(points: points)))
                }
                for (key, value) in record.evidence.sorted(by: { $0.key < $1.key }) {
                    evidence.append(EvidenceRow(unit: unit.id, key: key, year: year, value: value.value))
                }
            }
            try workspace.writeAssessments(assessments, year: year, in: change)
            try workspace.storeEvidence(
                evidence,
                from: EvidenceProvenance(
                    collector: "sample generator", source: "synthetic", sourceHash: nil, sourceRows: nil),
                in: change)
            let count = assessments.count + evidence.count
            for set in sets {
                try workspace.recordCriteriaSet(
                    set, origin: "module:\(evaluation.module(providingSet: set.id) ?? set.id)", fileName: nil,
                    content: nil, in: change)
                try workspace.tieYear(year, to: set, in: db)
            }
            try workspace.audit(
                "seed sample", year: year, target: "sample year",
                after: "\(units.count) units, \(count) values (SYNTHETIC)", in: change)
        }
    }

    /// The evidence document a unit cites for a manual leaf's self-assessment; about one leaf in
    /// four cites none (a stable choice, so the sample is the same everywhere).
    static func reference(unit: String, leaf: String, year: Int = year) -> String? {
        var generator = SplitMix64(seed: "reference-\(unit)-\(leaf)")
        return generator.next() % 4 == 0 ? nil : "TLKC-\(year)/\(unit)/\(leaf)"
    }

    /// Generates every unit's assessments and evidence against the given sets, for the sample
    /// year or the year before (each unit a little better or worse then, as real units are).
    public static func records(for sets: [CriteriaSet], year: Int = year) -> [String: UnitRecord] {
        var records: [String: UnitRecord] = [:]
        for unit in units {
            guard let set = sets.first(where: { $0.id == unit.setID }) else { continue }
            var generator = UnitGenerator(unit: unit, set: set, year: year)
            records[unit.id] = generator.record()
        }
        return records
    }
}

/// SplitMix64: a small, fast, deterministic generator (the sample must be identical everywhere).
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    /// Seeds from a string with FNV-1a, which unlike `Hasher` is stable across runs.
    init(seed text: String) {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        self.init(seed: hash)
    }

    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}

/// Generates one unit's record. Quality `q` (0.6…0.98) drives every value.
private struct UnitGenerator {
    let unit: EvaluatedUnit
    let set: CriteriaSet
    var random: SplitMix64
    let quality: Double
    var evidence: [String: Evidence] = [:]

    init(unit: EvaluatedUnit, set: CriteriaSet, year: Int = SampleTown.year) {
        self.unit = unit
        self.set = set
        var sampleYear = SplitMix64(seed: "cchc-sample-\(SampleTown.year)-\(unit.id)")
        let sampleQuality = 0.6 + 0.38 * sampleYear.unit()
        if year == SampleTown.year {
            random = sampleYear
            quality = sampleQuality
        } else {
            // Another year: its own draws, around the same quality (±0.05).
            random = SplitMix64(seed: "cchc-sample-\(year)-\(unit.id)")
            quality = min(0.98, max(0.6, sampleQuality - 0.05 + 0.1 * random.unit()))
        }
    }

    static let source = "sample generator (synthetic)"

    mutating func record() -> UnitRecord {
        var record = UnitRecord()
        let noProcedures = SampleTown.withoutProcedures.contains(unit.id)
        let surveyHeld = unit.kind != .publicServiceUnit
        for field in set.fields {
            let optionalSkipped = field.isOptional && !surveyHeld
            for leaf in field.leaves {
                if noProcedures && field.title.localizedLowercase.contains("thủ tục hành chính") {
                    record.leaves[leaf.id] = LeafAssessment(
                        stages: [.selfAssessment: .notApplicable, .appraisal1: .notApplicable],
                        notes: [.selfAssessment: "Đơn vị không có thủ tục hành chính"])
                    continue
                }
                if optionalSkipped { continue }
                if let assessment = assess(leaf) { record.leaves[leaf.id] = assessment }
            }
        }
        addExplanationRound(to: &record)
        record.evidence = evidence
        if random.unit() < 0.35 { record.bonus = quarter(0.5 + 1.5 * random.unit()) }
        if random.unit() < 0.25 { record.penalty = quarter(0.5 + 2 * random.unit()) }
        return record
    }

    func quarter(_ value: Double) -> Double { (value * 4).rounded() / 4 }

    mutating func assess(_ leaf: CriterionNode) -> LeafAssessment? {
        let rule = leaf.rule ?? .manual
        if case .survey = rule {
            _ = value(for: rule)  // survey leaves are not self-scored: the rule reads the index
            return nil
        }
        var stages: StageMap<StageValue> = [:]
        if case .manual = rule {
            let appraised = min(leaf.maxPoints, quarter(leaf.maxPoints * min(1, quality + 0.2 * (random.unit() - 0.4))))
            let claimed = random.unit() < 0.5 ? min(leaf.maxPoints, appraised + 0.25) : appraised
            stages[.selfAssessment] = .points(claimed)
            stages[.appraisal1] = .points(appraised)
        } else {
            let supported =
                RuleEvaluator.evaluate(rule, maxPoints: leaf.maxPoints, evidence: value(for: rule)).points ?? 0
            let inflated = random.unit() < (1 - quality) * 0.5
            stages[.selfAssessment] = .points(inflated ? leaf.maxPoints : supported)
            stages[.appraisal1] = .points(supported)
        }
        return LeafAssessment(stages: stages)
    }

    /// Some units explain a leaf the appraisal cut, and round 2 accepts part of it.
    mutating func addExplanationRound(to record: inout UnitRecord) {
        guard random.unit() < 0.4 else { return }
        let cut = record.leaves.keys.sorted().filter { id in
            guard case .points(let claimed) = record.leaves[id]?.stages[.selfAssessment],
                case .points(let appraised) = record.leaves[id]?.stages[.appraisal1]
            else { return false }
            return claimed > appraised
        }
        guard let id = cut.first,
            case .points(let claimed) = record.leaves[id]?.stages[.selfAssessment],
            case .points(let appraised) = record.leaves[id]?.stages[.appraisal1]
        else { return }
        record.leaves[id]?.stages[.explanation] = .points(claimed)
        record.leaves[id]?.notes[.explanation] = "Bổ sung tài liệu kiểm chứng"
        record.leaves[id]?.stages[.appraisal2] = .points(quarter(appraised + (claimed - appraised) / 2))
        record.leaves[id]?.notes[.appraisal2] = "Chấp nhận một phần giải trình"
    }

    /// The unit's evidence for the rule's key, generated once per key.
    mutating func value(for rule: Rule) -> EvidenceValue? {
        guard let key = rule.evidenceKey else { return nil }
        if let existing = evidence[key] { return existing.value }
        let value: EvidenceValue
        switch rule {
        case .boolean:
            value = .bool(random.unit() < quality + 0.1)
        case .deduction:
            value = .number(random.unit() < quality ? 0 : Double(1 + Int(random.unit() * 3)))
        case .survey:
            value = .number((550 + quality * 400 + (random.unit() - 0.5) * 100).rounded() / 10)
        case .ratio:
            value = ratioValue(key)
        case .manual:
            return nil
        }
        evidence[key] = Evidence(key: key, value: value, source: Self.source)
        return value
    }

    mutating func ratioValue(_ key: String) -> EvidenceValue {
        switch key {
        case "dossiers.on_time_rate":
            let resolved = 200 + Int(random.unit() * 700)
            let late = Int((Double(resolved) * (1 - quality) * 0.25 * random.unit()).rounded())
            return .fraction(numerator: Double(resolved - late), denominator: Double(resolved))
        case "dossiers.overdue_apology_rate":
            let overdue = Int((1 - quality) * 12 * random.unit())
            let apologised = max(0, overdue - (random.unit() < quality ? 0 : 1 + Int(random.unit() * 2)))
            return .fraction(numerator: Double(apologised), denominator: Double(overdue))
        default:
            if random.unit() < quality * 0.7 { return .percent(100) }
            return .percent((1000 - (1 - quality) * 600 * random.unit()).rounded() / 10)
        }
    }
}
