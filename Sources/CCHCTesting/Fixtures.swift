import CCHCCore
import Foundation

/// Small, hand-checkable criteria sets and records for tests.
public enum Fixtures {
    /// Five bands (90/80/70/50/0) with both kinds of gate.
    public static let bands = BandScheme(
        bands: [
            Band(code: "xuat_sac", name: "Xuất sắc", nameEN: "Excellent", minIndex: 90),
            Band(code: "tot", name: "Tốt", nameEN: "Good", minIndex: 80),
            Band(code: "kha", name: "Khá", nameEN: "Fair", minIndex: 70),
            Band(code: "trung_binh", name: "Trung bình", nameEN: "Average", minIndex: 50),
            Band(code: "yeu", name: "Yếu", nameEN: "Weak", minIndex: 0),
        ],
        gates: [
            Gate(
                id: "weak_field", text: "a field under 70 %", appliesTo: "xuat_sac", demoteTo: "tot",
                condition: .anyFieldBelow(70)),
            Gate(
                id: "discipline", text: "discipline", appliesTo: "xuat_sac", demoteTo: "tot",
                condition: .evidenceGreaterThan(key: "discipline.violation_count", value: 0)),
        ])

    /// A 20-point set: field 1 (10 points: a manual leaf 1.1 of 4 and a ratio leaf 1.2 of 6),
    /// field 2 (10 points: a boolean leaf 2.1 of 5 and a survey leaf 2.2 of 5).
    public static let smallSet = CriteriaSet(
        id: "small", title: "Bộ nhỏ", titleEN: "Small set", level: .commune, owner: "province", legalBasis: [],
        year: 2024, version: "test", provenance: .inferred,
        fields: [
            CriterionNode(
                id: "1", title: "Lĩnh vực 1", maxPoints: 10,
                children: [
                    CriterionNode(id: "1.1", title: "Thủ công", maxPoints: 4, rule: .manual),
                    CriterionNode(
                        id: "1.2", title: "Tỷ lệ", maxPoints: 6,
                        rule: .ratio(
                            RatioRule(
                                evidence: "dossiers.on_time_rate",
                                thresholds: [.init(min: 98, points: 6), .init(min: 90, points: 3)], otherwise: 0,
                                ifNoCases: .max))),
                ]),
            CriterionNode(
                id: "2", title: "Lĩnh vực 2", maxPoints: 10,
                children: [
                    CriterionNode(id: "2.1", title: "Có/không", maxPoints: 5, rule: .boolean(evidence: "plan.issued")),
                    CriterionNode(id: "2.2", title: "Khảo sát", maxPoints: 5, rule: .survey(evidence: "survey.index")),
                ]),
        ],
        bands: bands, adjustments: Adjustments(bonusCap: 2, penaltyCap: 5))

    /// An evidence value from a test.
    public static func evidence(_ key: String, _ value: EvidenceValue) -> (String, Evidence) {
        (key, Evidence(key: key, value: value, source: "test"))
    }

    /// A unit of the small set.
    public static func unit(_ id: String, name: String? = nil) -> EvaluatedUnit {
        EvaluatedUnit(id: id, name: name ?? id, kind: .commune, setID: "small")
    }

    /// A record with full points everywhere: 20/20.
    public static var perfectRecord: UnitRecord {
        UnitRecord(
            leaves: ["1.1": LeafAssessment(stages: [.appraisal1: .points(4)])],
            evidence: Dictionary(uniqueKeysWithValues: [
                evidence("dossiers.on_time_rate", .percent(100)), evidence("plan.issued", .bool(true)),
                evidence("survey.index", .number(100)),
            ]))
    }
}
