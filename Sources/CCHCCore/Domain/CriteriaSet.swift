/// How well a number or statement is backed by a source.
public enum Provenance: String, Sendable, Codable, CaseIterable {
    /// Stated in a cited source.
    case confirmed
    /// Name, structure or share confirmed; numbers or wording inferred.
    case partlyConfirmed = "partly_confirmed"
    /// A plausible draft only.
    case inferred

    /// A short label for tables.
    public var label: String {
        switch self {
        case .confirmed: "confirmed"
        case .partlyConfirmed: "partly"
        case .inferred: "inferred"
        }
    }
}

/// The level of units a criteria set evaluates.
public enum CriteriaLevel: String, Sendable, Codable {
    /// Commune and ward People's Committees.
    case commune
    /// Departments and public service units of the town.
    case department
}

/// A criteria set: a tree of fields, criteria and components, with bands and adjustments.
public struct CriteriaSet: Sendable, Equatable {
    /// Stable id, e.g. `commune`.
    public var id: String
    /// Vietnamese title.
    public var title: String
    /// English title.
    public var titleEN: String
    /// The level of units evaluated against it.
    public var level: CriteriaLevel
    /// Who may amend it (the province for communes, the town for departments).
    public var owner: String
    /// The legal documents it rests on.
    public var legalBasis: [String]
    /// The year it was issued.
    public var year: Int
    /// The version of the set's text (draft, or a decision number).
    public var version: String
    /// Provenance of the set as a whole.
    public var provenance: Provenance
    /// The top-level nodes (fields).
    public var fields: [CriterionNode]
    /// The bands and demoting gates.
    public var bands: BandScheme
    /// Bonus and penalty caps.
    public var adjustments: Adjustments
    /// Ranking groups, tie policy and whether incomplete units are ranked.
    public var ranking: RankingPolicy
    /// Deadlines of the year's workflow (month-day).
    public var deadlines: [Deadline]
    /// SHA-256 of the text the set was read from, so scores stay tied to the exact set.
    public var contentHash: String
    /// The version this one replaces and how its leaves map (`predecessor:` in the file).
    public var predecessor: CriteriaCrosswalk?

    /// Creates a set; the tree is not checked here (see ``CriteriaSetValidator``).
    public init(
        id: String, title: String, titleEN: String, level: CriteriaLevel, owner: String, legalBasis: [String],
        year: Int, version: String, provenance: Provenance, fields: [CriterionNode], bands: BandScheme,
        adjustments: Adjustments, ranking: RankingPolicy = RankingPolicy(), deadlines: [Deadline] = [],
        contentHash: String = ""
    ) {
        self.id = id
        self.title = title
        self.titleEN = titleEN
        self.level = level
        self.owner = owner
        self.legalBasis = legalBasis
        self.year = year
        self.version = version
        self.provenance = provenance
        self.fields = fields
        self.bands = bands
        self.adjustments = adjustments
        self.ranking = ranking
        self.deadlines = deadlines
        self.contentHash = contentHash
    }

    /// The sum of the fields' maxima.
    public var maxPoints: Double { fields.reduce(0) { $0 + $1.maxPoints } }

    /// Every node in document order (depth first).
    public var allNodes: [CriterionNode] { fields.flatMap { $0.flattened } }

    /// Every leaf in document order.
    public var leaves: [CriterionNode] { allNodes.filter(\.isLeaf) }

    /// The id to suggest for `id`, which the set does not have: the leaf above it (`3.2.3` for
    /// `3.2.3.1`, a component too many), else the closest id by spelling among `candidates`
    /// (every node, or the leaves where only a leaf will do).
    public func suggestion(for id: String, among candidates: [String]? = nil) -> String? {
        var parts = id.split(separator: ".", omittingEmptySubsequences: false)
        while parts.count > 1 {
            parts.removeLast()
            if let above = node(parts.joined(separator: ".")) {
                if above.isLeaf { return above.id }
                break
            }
        }
        return Suggestions.closest(to: id, in: candidates ?? allNodes.map(\.id))
    }

    /// The evidence keys the set's rules and gates read.
    public var evidenceKeys: Set<String> {
        var keys = Set(leaves.compactMap { $0.rule?.evidenceKey })
        for gate in bands.gates {
            if case .evidenceGreaterThan(let key, _) = gate.condition { keys.insert(key) }
        }
        return keys
    }

    /// How the set reads each evidence key: by the first rule that reads it in document order,
    /// else by a gate.
    public var evidenceUses: [String: EvidenceUse] {
        var uses: [String: EvidenceUse] = [:]
        for leaf in leaves {
            switch leaf.rule {
            case .ratio(let ratio):
                if uses[ratio.evidence] == nil { uses[ratio.evidence] = ratio.allowsAbove100 ? .rateOfAmounts : .rate }
            case .boolean(let key): if uses[key] == nil { uses[key] = .yesNo }
            case .deduction(let key, _, _): if uses[key] == nil { uses[key] = .count }
            case .survey(let key): if uses[key] == nil { uses[key] = .index }
            case .manual, nil: break
            }
        }
        for gate in bands.gates {
            if case .evidenceGreaterThan(let key, _) = gate.condition, uses[key] == nil { uses[key] = .gateNumber }
        }
        return uses
    }

    /// The node with `id`, if any (the first in document order), found without copying the tree.
    public func node(_ id: String) -> CriterionNode? {
        func first(in nodes: [CriterionNode]) -> CriterionNode? {
            for node in nodes {
                if node.id == id { return node }
                if let found = first(in: node.children) { return found }
            }
            return nil
        }
        return first(in: fields)
    }

    /// The field (top-level node) that contains the node with `id`.
    public func field(containing id: String) -> CriterionNode? {
        fields.first { field in field.flattened.contains { $0.id == id } }
    }
}

/// A node of the criteria tree: a field, a criterion or a component criterion.
public struct CriterionNode: Sendable, Equatable {
    /// The id as printed in the regulation, e.g. `3.2.1`.
    public var id: String
    /// Vietnamese title.
    public var title: String
    /// English title.
    public var titleEN: String
    /// Maximum points; for a parent, the sum of its children's.
    public var maxPoints: Double
    /// How well the node's text and points are backed.
    public var provenance: Provenance
    /// Source ids (`S1`…) the node cites.
    public var sources: [String]
    /// A free note from the set's authors.
    public var note: String?
    /// An optional block (e.g. a survey not held every year): with no data at all for a unit it
    /// is not applicable to that unit.
    public var isOptional: Bool
    /// Children; empty for a leaf.
    public var children: [CriterionNode]
    /// The scoring rule; present exactly on leaves.
    public var rule: Rule?

    /// Creates a node.
    public init(
        id: String, title: String, titleEN: String = "", maxPoints: Double, provenance: Provenance = .inferred,
        sources: [String] = [], note: String? = nil, isOptional: Bool = false, children: [CriterionNode] = [],
        rule: Rule? = nil
    ) {
        self.id = id
        self.title = title
        self.titleEN = titleEN
        self.maxPoints = maxPoints
        self.provenance = provenance
        self.sources = sources
        self.note = note
        self.isOptional = isOptional
        self.children = children
        self.rule = rule
    }

    /// True for a node without children.
    public var isLeaf: Bool { children.isEmpty }

    /// This node followed by its descendants, depth first.
    public var flattened: [CriterionNode] { [self] + children.flatMap { $0.flattened } }

    /// The leaves under this node (itself when it is a leaf).
    public var leaves: [CriterionNode] { flattened.filter(\.isLeaf) }

    /// The depth from the id: `3` → 0, `3.2` → 1, `3.2.1` → 2.
    public var depth: Int { id.split(separator: ".").count - 1 }
}

/// A step of the year's workflow with its deadline.
public struct Deadline: Sendable, Equatable {
    /// The step, e.g. `self_assessment_submitted`.
    public var step: String
    /// Month and day, `MM-dd`.
    public var by: String
    /// Creates a deadline.
    public init(step: String, by: String) {
        self.step = step
        self.by = by
    }
}

/// Caps on the points kept apart from the tree.
public struct Adjustments: Sendable, Equatable {
    /// The most bonus points that count.
    public var bonusCap: Double
    /// The most penalty points that count.
    public var penaltyCap: Double
    /// Creates caps.
    public init(bonusCap: Double, penaltyCap: Double) {
        self.bonusCap = bonusCap
        self.penaltyCap = penaltyCap
    }
}
