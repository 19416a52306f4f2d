import CCHCCore
import GRDB

/// The feedback tracker's tables, brought to the workspace through the module contract.
enum FeedbackSchema {
    /// `v2-feedback`: the id the step had when it lived in the core's schema, so workspaces that
    /// ran it there do not run it again. A workspace created before then already has `feedback`
    /// and `feedback_events` in their first form (from the core's `v1-workspace`): the step
    /// completes them. Any other workspace gets them whole.
    static let migrationID = "v2-feedback"

    @Sendable static func migrate(_ db: Database) throws {
        if try !db.tableExists("feedback") {
            try db.execute(
                sql: """
                    -- Units' feedback on criteria.
                    CREATE TABLE feedback (
                        id INTEGER PRIMARY KEY,
                        unit_id TEXT REFERENCES units(id) ON UPDATE CASCADE,
                        set_id TEXT NOT NULL,
                        set_hash TEXT,
                        criterion_id TEXT,
                        method TEXT,
                        text TEXT NOT NULL,
                        proposal TEXT,
                        status TEXT NOT NULL,
                        actor TEXT NOT NULL,
                        created_at TEXT NOT NULL
                    );
                    -- Each item's history: who did what, when.
                    CREATE TABLE feedback_events (
                        id INTEGER PRIMARY KEY,
                        feedback_id INTEGER NOT NULL REFERENCES feedback(id) ON DELETE CASCADE,
                        at TEXT NOT NULL,
                        actor TEXT NOT NULL,
                        action TEXT NOT NULL,
                        detail TEXT
                    );
                    """)
        }
        try db.execute(
            sql: """
                -- Who may do what with feedback: units add and comment on their own items,
                -- the Internal Affairs Office reviews, accepts, rejects and escalates.
                CREATE TABLE actors (
                    name TEXT PRIMARY KEY NOT NULL,
                    role TEXT NOT NULL CHECK (role IN ('unit', 'office')),
                    unit_id TEXT REFERENCES units(id) ON UPDATE CASCADE ON DELETE SET NULL,
                    added_at TEXT NOT NULL
                );
                ALTER TABLE feedback ADD COLUMN year INTEGER;
                ALTER TABLE feedback ADD COLUMN set_version TEXT;
                ALTER TABLE feedback ADD COLUMN addressee TEXT;
                ALTER TABLE feedback ADD COLUMN amendment TEXT;
                ALTER TABLE feedback ADD COLUMN updated_at TEXT;
                CREATE INDEX feedback_by_status ON feedback (status);
                CREATE INDEX feedback_events_by_item ON feedback_events (feedback_id, id);
                """)
    }
}
