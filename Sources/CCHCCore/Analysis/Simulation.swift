import Foundation

/// Monte-Carlo over appraisal uncertainty: manual and survey leaves vary within a spread of their
/// maximum, every unit is re-scored and ranked, many times.
public struct Simulation: Sendable {
    /// What one unit's ranks and bands looked like over the runs.
    public struct Outcome: Sendable {
        /// The unit.
        public var unit: EvaluatedUnit
        /// The rank as recorded (no variation).
        public var baseRank: Int?
        /// Median rank (nil when the unit was ranked in no run: nothing recorded, or incomplete
        /// under `unranked_if_missing`).
        public var median: Int?
        /// 5th percentile of the rank (nil as for ``median``).
        public var low: Int?
        /// 95th percentile of the rank (nil as for ``median``).
        public var high: Int?
        /// The share of runs in each band, by band code.
        public var bandShares: [String: Double]
    }

    /// Runs.
    public var runs: Int
    /// Seed: the same seed gives the same result.
    public var seed: UInt64
    /// The spread, as a fraction of each varied leaf's maximum (0.1 = ±10 %).
    public var spread: Double

    /// Creates a simulation.
    public init(runs: Int, seed: UInt64, spread: Double) {
        self.runs = runs
        self.seed = seed
        self.spread = spread
    }

    /// Simulates the units of `plan`'s set; runs are spread over the cores, each with its own
    /// generator seeded from (seed, run), so the result does not depend on scheduling.
    /// - Parameters:
    ///   - progress: called with the runs done so far (from any thread).
    ///   - interrupted: checked before each run (from any thread); runs not yet started are
    ///     skipped once it answers true.
    /// - Throws: `CancellationError` when `interrupted` stopped the runs.
    public func run(
        units: [EvaluatedUnit], records: [String: UnitRecord], plan: ScoringPlan,
        progress: (@Sendable (Int) -> Void)? = nil, interrupted: (@Sendable () -> Bool)? = nil
    ) throws(CancellationError) -> [Outcome] {
        let matrix = ScoreMatrix(units: units, records: records, plan: plan)
        return try run(matrix, plan: plan, progress: progress, interrupted: interrupted)
    }

    /// Simulates over a resolved matrix (each run varies a copy of its points).
    /// - Throws: `CancellationError` when `interrupted` stopped the runs.
    public func run(
        _ matrix: ScoreMatrix, plan: ScoringPlan, progress: (@Sendable (Int) -> Void)? = nil,
        interrupted: (@Sendable () -> Bool)? = nil
    ) throws(CancellationError) -> [Outcome] {
        let units = matrix.units
        let width = matrix.width
        let varied = plan.leaves.enumerated().filter { _, leaf in
            switch leaf.rule ?? .manual {
            case .manual, .survey: true
            default: false
            }
        }.map(\.offset)
        let base = matrix.rank()
        let bands = plan.set.bands.bands
        // What does not vary is summed once; a run adds to it the cells that vary, kept apart in
        // the order their numbers are drawn (unit by unit, leaf by leaf) with their leaf, and
        // ranks from the sums (the maxima do not change).
        let fieldCount = matrix.fields.count
        var fixed = [Double](repeating: 0, count: units.count)
        var fixedFields = [Double](repeating: 0, count: units.count * fieldCount)
        var cellPoints: [Double] = []
        var cellLeaf: [Int32] = []
        // Where each (unit, field)'s varied cells end: a field's leaves are contiguous, so its
        // cells are too, and a run sums each field in a register.
        var segmentEnds: [Int] = []
        segmentEnds.reserveCapacity(units.count * fieldCount)
        let isVaried = (0..<width).map(Set(varied).contains)
        for row in units.indices {
            let varies = base[row].index != nil
            for (field, range) in matrix.fields.enumerated() {
                for column in range {
                    let value = matrix.points[row * width + column]
                    guard !value.isNaN else { continue }
                    if varies && isVaried[column] {
                        cellPoints.append(value)
                        cellLeaf.append(Int32(column))
                    } else {
                        fixed[row] += value
                        fixedFields[row * fieldCount + field] += value
                    }
                }
                segmentEnds.append(cellPoints.count)
            }
        }
        let results = RunResults(runs: runs, units: units.count)
        let done = Counter()
        let spread = self.spread
        let seed = self.seed
        let runs = self.runs
        let unitCount = units.count
        DispatchQueue.concurrentPerform(iterations: max(1, runs)) {
            [fixed, fixedFields, cellPoints, cellLeaf, segmentEnds] run in
            guard run < runs, interrupted?() != true else { return }
            var random = SplitMix64Generator(seed: seed &+ UInt64(run) &* 0x9E37_79B9_7F4A_7C15)
            var achieved = fixed
            var fieldAchieved = fixedFields
            achieved.withUnsafeMutableBufferPointer { achieved in
                fieldAchieved.withUnsafeMutableBufferPointer { fieldAchieved in
                    cellPoints.withUnsafeBufferPointer { points in
                        cellLeaf.withUnsafeBufferPointer { leaves in
                            matrix.maxima.withUnsafeBufferPointer { maxima in
                                segmentEnds.withUnsafeBufferPointer { segmentEnds in
                                    var start = 0
                                    for row in 0..<unitCount {
                                        var sum = 0.0
                                        for segment in row * fieldCount..<(row + 1) * fieldCount {
                                            let end = segmentEnds[segment]
                                            // Two sums in turn: one would wait on every addition.
                                            var sums = (0.0, 0.0)
                                            var cell = start
                                            func varied(_ cell: Int) -> Double {
                                                let maximum = maxima[Int(leaves[cell])]
                                                // fmin/fmax compile to branch-free instructions:
                                                // a clamp that branches on random numbers mispredicts.
                                                return fmin(
                                                    maximum,
                                                    fmax(0, points[cell] + (random.unit() * 2 - 1) * spread * maximum))
                                            }
                                            while cell + 1 < end {
                                                sums.0 += varied(cell)
                                                sums.1 += varied(cell + 1)
                                                cell += 2
                                            }
                                            if cell < end { sums.0 += varied(cell) }
                                            let fieldSum = sums.0 + sums.1
                                            fieldAchieved[segment] += fieldSum
                                            sum += fieldSum
                                            start = end
                                        }
                                        achieved[row] += sum
                                    }
                                }
                            }
                        }
                    }
                }
            }
            let outcomes = achieved.withUnsafeBufferPointer { achieved in
                fieldAchieved.withUnsafeBufferPointer { matrix.rank(achieved: achieved, fieldAchieved: $0) }
            }
            for (row, outcome) in outcomes.enumerated() {
                results.set(run: run, unit: row, rank: outcome.rank ?? 0, band: outcome.band ?? -1)
            }
            let finished = done.increment()
            if let progress, finished % max(1, runs / 20) == 0 { progress(finished) }
        }
        if interrupted?() == true { throw CancellationError() }
        // Each unit's ranks over the runs are sorted apart, so the cores share the units.
        let outcomes = SharedSlots<Outcome?>(count: units.count, repeating: nil)
        SharedSlots<Outcome?>.forEachConcurrently(units.count) { row in
            do {
                var ranks: [Int] = []
                ranks.reserveCapacity(runs)
                var counts = [Int](repeating: 0, count: bands.count)
                for run in 0..<runs {
                    let rank = results.rank(run: run, unit: row)
                    if rank > 0 { ranks.append(rank) }
                    let band = results.band(run: run, unit: row)
                    if band >= 0 { counts[band] += 1 }
                }
                ranks.sort()
                func percentile(_ p: Double) -> Int? {
                    guard !ranks.isEmpty else { return nil }
                    return ranks[min(ranks.count - 1, Int((p * Double(ranks.count - 1)).rounded()))]
                }
                var shares: [String: Double] = [:]
                for (band, count) in counts.enumerated() where count > 0 {
                    shares[bands[band].code, default: 0] += Double(count) / Double(runs)
                }
                outcomes[row] = Outcome(
                    unit: units[row], baseRank: base[row].rank, median: percentile(0.5), low: percentile(0.05),
                    high: percentile(0.95), bandShares: shares)
            }
        }
        return outcomes.values(count: units.count).map { $0! }
    }
}

/// Ranks and bands of every (run, unit), written from many threads into separate slots.
private final class RunResults: @unchecked Sendable {
    private let units: Int
    private let ranks: UnsafeMutablePointer<Int32>
    private let bands: UnsafeMutablePointer<Int8>

    init(runs: Int, units: Int) {
        self.units = units
        let count = max(1, runs * units)
        ranks = .allocate(capacity: count)
        ranks.initialize(repeating: 0, count: count)
        bands = .allocate(capacity: count)
        bands.initialize(repeating: -1, count: count)
    }

    deinit {
        ranks.deallocate()
        bands.deallocate()
    }

    /// Each (run, unit) slot is written by exactly one thread.
    func set(run: Int, unit: Int, rank: Int, band: Int) {
        ranks[run * units + unit] = Int32(rank)
        bands[run * units + unit] = Int8(band)
    }

    func rank(run: Int, unit: Int) -> Int { Int(ranks[run * units + unit]) }
    func band(run: Int, unit: Int) -> Int { Int(bands[run * units + unit]) }
}

/// SplitMix64, for simulations (the same seed gives the same numbers on every machine).
public struct SplitMix64Generator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator from a seed.
    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    /// A number in [0, 1).
    public mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}
