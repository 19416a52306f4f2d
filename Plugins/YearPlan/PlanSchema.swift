import CCHCCore
import GRDB

/// The plan's tables, brought to the workspace through the module contract.
enum PlanSchema {
    static let migrationID = "v1-plans"
    /// The title a plan is sent under (`plan new --title`, `plan title`).
    static let titleMigrationID = "v2-plan-titles"

    @Sendable static func addTitles(_ db: Database) throws {
        try db.execute(sql: "ALTER TABLE plans ADD COLUMN title TEXT")
    }

    @Sendable static func migrate(_ db: Database) throws {
        try db.execute(
            sql: """
                -- A yearly plan to raise the ranking.
                CREATE TABLE plans (
                    name TEXT PRIMARY KEY NOT NULL,
                    year INTEGER NOT NULL,
                    target TEXT,
                    created_by TEXT NOT NULL,
                    created_at TEXT NOT NULL
                );
                -- Each unit in a plan: its target and where it stood when the plan was made.
                CREATE TABLE plan_units (
                    plan TEXT NOT NULL REFERENCES plans(name) ON DELETE CASCADE,
                    unit_id TEXT NOT NULL REFERENCES units(id) ON UPDATE CASCADE ON DELETE CASCADE,
                    target TEXT NOT NULL,
                    state TEXT NOT NULL CHECK (state IN ('planned', 'already', 'unreachable')),
                    index_at_start REAL,
                    band_at_start TEXT,
                    rank_at_start INTEGER,
                    note TEXT,
                    PRIMARY KEY (plan, unit_id)
                );
                -- The tasks: one criterion of one unit, what must change, who, by when.
                CREATE TABLE plan_tasks (
                    id INTEGER PRIMARY KEY,
                    plan TEXT NOT NULL REFERENCES plans(name) ON DELETE CASCADE,
                    unit_id TEXT NOT NULL REFERENCES units(id) ON UPDATE CASCADE ON DELETE CASCADE,
                    set_id TEXT NOT NULL,
                    criterion_id TEXT NOT NULL,
                    change TEXT,
                    step TEXT NOT NULL,
                    points_before REAL NOT NULL,
                    points_target REAL NOT NULL,
                    max_points REAL NOT NULL,
                    owner TEXT NOT NULL,
                    due TEXT,
                    status TEXT NOT NULL CHECK (status IN ('open', 'doing', 'done', 'dropped')),
                    feedback_id INTEGER,
                    note TEXT,
                    created_by TEXT NOT NULL,
                    created_at TEXT NOT NULL,
                    updated_at TEXT
                );
                CREATE INDEX plan_tasks_by_plan ON plan_tasks (plan, unit_id, id);
                CREATE INDEX plan_tasks_by_feedback ON plan_tasks (feedback_id) WHERE feedback_id IS NOT NULL;
                """)
    }
}
