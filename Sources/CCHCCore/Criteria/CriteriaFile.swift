import Yams

/// One problem found in a criteria file, with its position.
public struct CriteriaFileProblem: Sendable, Equatable, CustomStringConvertible {
    /// The file name as given by the user.
    public var file: String
    /// 1-based line.
    public var line: Int
    /// 1-based column.
    public var column: Int
    /// What was wrong, with the value in single quotes.
    public var message: String

    public var description: String { "\(file):\(line):\(column): \(message)" }

    /// Creates a problem at `file:line:column`.
    public init(file: String, line: Int, column: Int, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }
}

/// Thrown when a criteria file has problems; lists all of them.
public struct CriteriaFileError: WorkbenchError, Equatable {
    /// Every problem found, in file order.
    public var problems: [CriteriaFileProblem]

    /// Creates the error from its problems (in file order).
    public init(problems: [CriteriaFileProblem]) { self.problems = problems }

    public var description: String {
        guard let first = problems.first else { return "Invalid criteria file" }
        let more =
            problems.count > 1 ? " (and \(problems.count - 1) more problem\(problems.count == 2 ? "" : "s"))" : ""
        return first.description + more
    }
}

/// Reads criteria sets from the YAML format of `docs/criteria-format.md`.
public enum CriteriaFile {
    /// Parses and checks every set in `yaml`.
    ///
    /// - Parameters:
    ///   - yaml: the file's text.
    ///   - file: the name used in problem positions.
    /// - Throws: ``CriteriaFileError`` listing every problem found.
    public static func parse(yaml: String, file: String) throws -> [CriteriaSet] {
        try parseDocument(yaml: yaml, file: file).sets
    }

    /// Parses and checks every set and crosswalk in `yaml` (a file may hold either or both).
    ///
    /// - Parameters:
    ///   - yaml: the file's text.
    ///   - file: the name used in problem positions.
    /// - Throws: ``CriteriaFileError`` listing every problem found.
    public static func parseDocument(
        yaml: String, file: String
    ) throws -> (sets: [CriteriaSet], crosswalks: [CriteriaCrosswalk]) {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: yaml) else {
                throw CriteriaFileError(problems: [.init(file: file, line: 1, column: 1, message: "The file is empty")])
            }
            root = node
        } catch let error as YamlError {
            throw CriteriaFileError(problems: [problem(from: error, file: file)])
        }
        var reader = CriteriaReader(file: file)
        let sets = reader.readDocument(root)
        if !reader.problems.isEmpty {
            throw CriteriaFileError(problems: reader.sortedProblems)
        }
        let hash = ContentHash.hex(yaml.utf8)
        let hashed = sets.map { set in
            var set = set
            set.contentHash = hash
            return set
        }
        return (hashed, reader.crosswalks)
    }

    private static func problem(from error: YamlError, file: String) -> CriteriaFileProblem {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            return .init(file: file, line: mark.line, column: mark.column, message: "YAML syntax error: \(problem)")
        default:
            return .init(file: file, line: 1, column: 1, message: "YAML error: \(error)")
        }
    }
}
