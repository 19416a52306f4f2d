import CCHCCore
import Testing

@Suite struct RuleEvaluatorTests {
    let ratio = Rule.ratio(
        RatioRule(
            evidence: "dossiers.on_time_rate",
            thresholds: [.init(min: 98, points: 5), .init(min: 95, points: 4), .init(min: 90, points: 3)],
            otherwise: 0, ifNoCases: .max))

    func points(_ rule: Rule, max: Double = 5, _ value: EvidenceValue?) -> Double? {
        RuleEvaluator.evaluate(rule, maxPoints: max, evidence: value).points
    }

    @Test func booleanGivesFullPointsOnlyWhenTrue() {
        let rule = Rule.boolean(evidence: "plan.issued")
        #expect(points(rule, max: 2, .bool(true)) == 2)
        #expect(points(rule, max: 2, .bool(false)) == 0)
        #expect(points(rule, max: 2, nil) == nil)
    }

    @Test func ratioThresholdExactlyAtTheBoundaryIsReached() {
        #expect(points(ratio, .percent(98)) == 5)
        #expect(points(ratio, .percent(97.99)) == 4)
        #expect(points(ratio, .percent(95)) == 4)
        #expect(points(ratio, .percent(90)) == 3)
        #expect(points(ratio, .percent(89.99)) == 0)
    }

    @Test func ratioOfAFractionOnTheBoundaryCountsDespiteRounding() {
        // 49/50 = 98 % exactly; 0.98 * 100 is 97.99999999999999 in binary floating point.
        #expect(points(ratio, .fraction(numerator: 49, denominator: 50)) == 5)
        #expect(points(ratio, .fraction(numerator: 57, denominator: 60)) == 4)  // 95 %
    }

    @Test func ratioWithZeroDenominatorUsesTheExplicitNoCasesResult() {
        let none = EvidenceValue.fraction(numerator: 0, denominator: 0)
        #expect(points(ratio, none) == 5)
        var rule = RatioRule(
            evidence: "x", thresholds: [.init(min: 100, points: 2)], otherwise: 0, ifNoCases: .notApplicable)
        #expect(
            RuleEvaluator.evaluate(.ratio(rule), maxPoints: 2, evidence: none)
                == .notApplicable(reason: "x = 0/0: no cases → not applicable"))
        rule.ifNoCases = .points(1)
        #expect(points(.ratio(rule), max: 2, none) == 1)
    }

    @Test func deductionSubtractsPerCountAndStopsAtTheFloor() {
        let rule = Rule.deduction(evidence: "reports.late_count", perCount: 0.25, floor: 0)
        #expect(points(rule, max: 1, .number(0)) == 1)
        #expect(points(rule, max: 1, .number(2)) == 0.5)
        #expect(points(rule, max: 1, .number(9)) == 0)
        let floored = Rule.deduction(evidence: "x", perCount: 1, floor: 0.5)
        #expect(points(floored, max: 3, .number(5)) == 0.5)
    }

    @Test func surveyScalesTheIndexAndClampsItToZeroToHundred() {
        let rule = Rule.survey(evidence: "survey.index")
        #expect(points(rule, max: 6, .number(85)) == 5.1)
        #expect(points(rule, max: 6, .number(120)) == 6)
        #expect(points(rule, max: 6, .number(-3)) == 0)
    }

    @Test func manualHasNothingToReadFromEvidence() {
        #expect(points(.manual, .number(3)) == nil)
    }
}
