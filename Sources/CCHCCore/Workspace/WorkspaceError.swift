/// Errors opening or changing a workspace; each names the file or value involved.
public enum WorkspaceError: WorkbenchError, Equatable {
    /// The file exists but is not a CCHC workspace (another SQLite file, or not SQLite at all).
    case notAWorkspace(path: String)
    /// The workspace was written by a newer version of cchc.
    case newerVersion(path: String, unknownMigrations: [String])
    /// The file or its folder cannot be written.
    case readOnly(path: String)
    /// The file cannot be opened or created.
    case cannotOpen(path: String, reason: String)
    /// Another process holds the workspace longer than the busy timeout.
    case busy(path: String, seconds: Int)
    /// The disk (or the file system's quota) is full: the write was rolled back.
    case diskFull(path: String)
    /// The file is a damaged workspace (truncated, overwritten in part).
    case damaged(path: String)
    /// A stage is locked for the year.
    case stageLocked(stage: Stage, year: Int)
    /// A unit id is already taken.
    case duplicateUnit(String)
    /// No unit has the id.
    case unknownUnit(String)
    /// The unit still has records that would be lost.
    case unitHasRecords(unit: String, count: Int)
    /// A unit to remove is part of the units' history or a plan (`what` says which).
    case unitIsLinked(unit: String, what: String)
    /// A criteria set id is taken by a module.
    case setOwnedByModule(set: String, module: String)

    public var description: String {
        switch self {
        case .notAWorkspace(let path):
            "'\(path)' is not a cchc workspace"
        case .newerVersion(let path, let migrations):
            "Workspace '\(path)' was written by a newer version of cchc (unknown schema steps: \(migrations.joined(separator: ", "))); upgrade cchc to open it"
        case .readOnly(let path):
            "Workspace '\(path)' is read-only; cchc needs to write the file and its folder"
        case .cannotOpen(let path, let reason):
            "Cannot open workspace '\(path)': \(reason)"
        case .busy(let path, let seconds):
            "Workspace '\(path)' is busy: another process kept it locked for more than \(seconds) s; try again"
        case .diskFull(let path):
            "The disk is full: nothing was written to workspace '\(path)'; free some space and run the command again"
        case .damaged(let path):
            "Workspace '\(path)' is damaged (truncated or partly overwritten); open your latest copy from 'backup', or check it with: sqlite3 '\(path)' 'PRAGMA integrity_check'"
        case .stageLocked(let stage, let year):
            "Stage '\(stage.rawValue)' of \(year) is locked; 'stage unlock \(stage.rawValue)' reopens it"
        case .duplicateUnit(let id):
            "A unit with the id '\(id)' already exists"
        case .unknownUnit(let id):
            "Unknown unit '\(id)'"
        case .unitHasRecords(let unit, let count):
            "Unit '\(unit)' has \(count) recorded values; 'units remove \(unit) --force' removes them too"
        case .unitIsLinked(let unit, let what):
            "Unit '\(unit)' is in \(what); 'units remove \(unit) --force' removes them too"
        case .setOwnedByModule(let set, let module):
            "The set id '\(set)' belongs to module '\(module)'; give the set in your file another id"
        }
    }
}

extension WorkspaceError {
    /// The same error with `path` shown as `name`.
    func naming(_ name: String, for path: String) -> WorkspaceError {
        switch self {
        case .notAWorkspace(let p) where p == path: .notAWorkspace(path: name)
        case .newerVersion(let p, let migrations) where p == path:
            .newerVersion(path: name, unknownMigrations: migrations)
        case .readOnly(let p) where p == path: .readOnly(path: name)
        case .cannotOpen(let p, let reason) where p == path: .cannotOpen(path: name, reason: reason)
        case .busy(let p, let seconds) where p == path: .busy(path: name, seconds: seconds)
        default: self
        }
    }
}
