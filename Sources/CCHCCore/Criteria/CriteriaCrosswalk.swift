/// How the leaves of one version of a criteria set become the leaves of the next: the province
/// renumbers criteria, splits one into several, merges several into one, drops some and adds new
/// ones between its decisions (3130/2019, 2204/2022, 2025). Comparing two years by leaf id alone
/// pairs unrelated criteria; a crosswalk says which pairs are comparable.
///
/// Written in a set (`predecessor: {version, crosswalk: […]}`) or in a file of its own
/// (`crosswalks: [{set, from, to, map: […]}]`); the format is in docs/criteria-format.md. Leaves
/// not named keep their id: a leaf in both versions is the same criterion, one only in the old
/// version is dropped, one only in the new version is new.
public struct CriteriaCrosswalk: Sendable, Equatable, Codable {
    /// What became of the `from` leaves.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// One leaf continues as one leaf (possibly renumbered): comparable.
        case same
        /// One leaf became several: compared by field.
        case split
        /// Several leaves became one: compared by field.
        case merged
        /// An old leaf with no successor.
        case dropped
        /// A new leaf with no predecessor.
        case new
    }

    /// One line of the crosswalk.
    public struct Entry: Sendable, Equatable, Codable {
        /// Leaf ids of the old version (empty for `new`).
        public var from: [String]
        /// Leaf ids of the new version (empty for `dropped`).
        public var to: [String]
        /// What the entry says.
        public var kind: Kind
        /// 1-based position of the entry in its file.
        public var line: Int
        /// 1-based column.
        public var column: Int

        /// Creates an entry.
        public init(from: [String], to: [String], kind: Kind, line: Int = 1, column: Int = 1) {
            self.from = from
            self.to = to
            self.kind = kind
            self.line = line
            self.column = column
        }
    }

    /// The set both versions belong to.
    public var setID: String
    /// The old version's `version` text (e.g. `2204/2022`).
    public var fromVersion: String
    /// The new version's `version` text.
    public var toVersion: String
    /// The entries, in file order.
    public var entries: [Entry]
    /// The file it was read from, for positions.
    public var file: String
    /// 1-based line of the crosswalk itself.
    public var line: Int

    /// Creates a crosswalk.
    public init(
        setID: String, fromVersion: String, toVersion: String, entries: [Entry], file: String = "", line: Int = 1
    ) {
        self.setID = setID
        self.fromVersion = fromVersion
        self.toVersion = toVersion
        self.entries = entries
        self.file = file
        self.line = line
    }

    /// A pairing of old leaves with new ones: the unit of comparison between the two versions.
    public struct Group: Sendable, Equatable {
        /// Leaf ids of the old version.
        public var from: [String]
        /// Leaf ids of the new version.
        public var to: [String]
        /// What became of them.
        public var kind: Kind
        /// Whether leaves compare one to one (`same`, including a renumbering).
        public var isOneToOne: Bool { kind == .same }
    }

    /// The result of checking a crosswalk against the two versions it joins.
    public struct Check: Sendable, Equatable {
        /// Every problem, by position; a crosswalk with any is not used.
        public var problems: [CriteriaFileProblem]
        /// Leaves not named that are taken as dropped or new (each is worth a look).
        public var notes: [String]
        /// Every old and new leaf in exactly one group (old version's order, then new leaves).
        public var groups: [Group]
    }

    /// Pairs leaves by id alone: the comparison without a crosswalk (same version, or none given).
    public static func byID(old: CriteriaSet, new: CriteriaSet) -> [Group] {
        CriteriaCrosswalk(setID: new.id, fromVersion: old.version, toVersion: new.version, entries: [])
            .check(old: old, new: new).groups
    }

    /// Checks the crosswalk against the old and the new version and pairs every leaf.
    ///
    /// Problems: an id that is a leaf of neither version (or of the wrong one), a leaf named
    /// twice (a leaf that becomes several is one entry with `kind: split`), an entry whose shape
    /// does not fit its kind.
    public func check(old: CriteriaSet, new: CriteriaSet) -> Check {
        var problems: [CriteriaFileProblem] = []
        func report(_ entry: Entry, _ message: String) {
            problems.append(.init(file: file, line: entry.line, column: entry.column, message: message))
        }
        let oldLeaves = Set(old.leaves.map(\.id))
        let newLeaves = Set(new.leaves.map(\.id))
        let oldNodes = Set(old.allNodes.map(\.id))
        let newNodes = Set(new.allNodes.map(\.id))
        let (oldName, newName) = ("version '\(fromVersion)'", "version '\(toVersion)'")

        func checkID(_ id: String, old isOld: Bool, _ entry: Entry) -> Bool {
            let (leaves, nodes, other, name, otherName) =
                isOld
                ? (oldLeaves, oldNodes, newNodes, oldName, newName) : (newLeaves, newNodes, oldNodes, newName, oldName)
            if leaves.contains(id) { return true }
            if nodes.contains(id) {
                report(entry, "'\(id)' is not a leaf of \(name) of set '\(setID)': map its leaves one by one")
            } else if other.contains(id) {
                let hint = isOld ? "a new leaf is {to: '\(id)', kind: new}" : "an old leaf is {from: '\(id)', …}"
                report(
                    entry, "'\(id)' is not a criterion of \(name) of set '\(setID)' (it is in \(otherName): \(hint))")
            } else {
                report(entry, "'\(id)' is not a criterion of set '\(setID)' in \(oldName) or \(newName)")
            }
            return false
        }

        var namedFrom: [String: Entry] = [:]
        var namedTo: [String: Entry] = [:]
        var groups: [Group] = []
        for entry in entries {
            if let message = Self.shapeProblem(entry) {
                report(entry, message)
                continue
            }
            var valid = true
            for id in entry.from {
                guard checkID(id, old: true, entry) else {
                    valid = false
                    continue
                }
                if let first = namedFrom[id] {
                    let advice =
                        first.kind == entry.kind && (first.to == entry.to || entry.kind == .dropped)
                        ? "remove the repeated entry" : "a leaf that becomes several is one entry with kind: split"
                    report(entry, "Leaf '\(id)' of \(oldName) is mapped twice (first on line \(first.line)); \(advice)")
                    valid = false
                } else {
                    namedFrom[id] = entry
                }
            }
            for id in entry.to {
                guard checkID(id, old: false, entry) else {
                    valid = false
                    continue
                }
                if let first = namedTo[id] {
                    // An entry repeated whole is reported once, for its first side.
                    if first.kind == entry.kind && first.from == entry.from && !entry.from.isEmpty {
                        valid = false
                        continue
                    }
                    let advice =
                        first.kind == entry.kind && entry.kind == .new
                        ? "remove the repeated entry" : "several leaves that become one are one entry with kind: merged"
                    report(
                        entry, "Leaf '\(id)' of \(newName) is mapped to twice (first on line \(first.line)); \(advice)")
                    valid = false
                } else {
                    namedTo[id] = entry
                }
            }
            if valid { groups.append(Group(from: entry.from, to: entry.to, kind: entry.kind)) }
        }

        // Leaves not named keep their id.
        var notes: [String] = []
        var implicit: [Group] = []
        for leaf in old.leaves where namedFrom[leaf.id] == nil {
            if newLeaves.contains(leaf.id), namedTo[leaf.id] == nil {
                implicit.append(Group(from: [leaf.id], to: [leaf.id], kind: .same))
            } else {
                implicit.append(Group(from: [leaf.id], to: [], kind: .dropped))
                if !entries.isEmpty {
                    let why =
                        newLeaves.contains(leaf.id) ? "its id in \(newName) is mapped elsewhere" : "not in \(newName)"
                    notes.append("Leaf '\(leaf.id)' of \(oldName) is not named and \(why): taken as dropped")
                }
            }
        }
        for leaf in new.leaves
        where namedTo[leaf.id] == nil && !(oldLeaves.contains(leaf.id) && namedFrom[leaf.id] == nil) {
            implicit.append(Group(from: [], to: [leaf.id], kind: .new))
            if !entries.isEmpty {
                let why = oldLeaves.contains(leaf.id) ? "its id in \(oldName) is mapped elsewhere" : "not in \(oldName)"
                notes.append("Leaf '\(leaf.id)' of \(newName) is not named and \(why): taken as new")
            }
        }
        // The old version's order, then new leaves in the new version's order.
        let oldOrder = Dictionary(old.leaves.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        let newOrder = Dictionary(new.leaves.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        let ordered = (groups + implicit).sorted { x, y in
            let kx = (x.from.first.flatMap { oldOrder[$0] } ?? Int.max, x.to.first.flatMap { newOrder[$0] } ?? 0)
            let ky = (y.from.first.flatMap { oldOrder[$0] } ?? Int.max, y.to.first.flatMap { newOrder[$0] } ?? 0)
            return kx < ky
        }
        problems.sort { ($0.line, $0.column) < ($1.line, $1.column) }
        return Check(problems: problems, notes: notes, groups: ordered)
    }

    /// Problems of the entries' shapes (one `from` for a split, …), found without the sets:
    /// what can be checked of a crosswalk whose versions are not at hand.
    public var shapeProblems: [CriteriaFileProblem] {
        entries.compactMap { entry in
            Self.shapeProblem(entry).map {
                CriteriaFileProblem(file: file, line: entry.line, column: entry.column, message: $0)
            }
        }
    }

    /// What is wrong with an entry's shape for its kind, if anything (read without the sets).
    static func shapeProblem(_ entry: Entry) -> String? {
        let (from, to) = (entry.from.count, entry.to.count)
        switch entry.kind {
        case .same where from == 1 && to == 1, .split where from == 1 && to >= 2,
            .merged where from >= 2 && to == 1, .dropped where from >= 1 && to == 0,
            .new where from == 0 && to >= 1:
            return nil
        default: break
        }
        switch (from, to) {
        case (1, 2...) where entry.kind == .same: return "'\(entry.from[0])' maps to \(to) leaves: add kind: split"
        case (2..., 1) where entry.kind == .same: return "\(from) leaves map to '\(entry.to[0])': add kind: merged"
        case (2..., 2...): return "An entry maps several leaves to several: write one entry per split or merger"
        case (0, 0): return "An entry needs 'from', 'to' or both"
        default:
            let shape =
                switch entry.kind {
                case .same: "one 'from' and one 'to'"
                case .split: "one 'from' and several 'to'"
                case .merged: "several 'from' and one 'to'"
                case .dropped: "'from' and no 'to'"
                case .new: "'to' and no 'from'"
                }
            return "An entry of kind '\(entry.kind.rawValue)' needs \(shape); found \(from) in 'from' and \(to) in 'to'"
        }
    }
}
