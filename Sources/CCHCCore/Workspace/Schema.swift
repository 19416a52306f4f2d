import GRDB

/// The workspace schema, as versioned migrations. Never edit a registered migration: add one.
///
/// A migration that only adds tables, columns, indexes or triggers, or sets values of columns no
/// foreign key involves, checks foreign keys as it goes (`.immediate`) instead of GRDB's default
/// check of the whole file afterwards, which reads every row of every table with a foreign key
/// (about 0.6 s a migration at 10,000 units × 100 leaves; once, when a new version first opens
/// an older workspace).
///
/// The one exception: the feedback tracker's tables were created by `v1-workspace` and
/// `v2-feedback` before modules could bring their own migrations. They moved into the feedback
/// module, whose `v2-feedback` creates them in a new workspace and completes them in a workspace
/// whose `v1-workspace` created them, so every workspace ends with the same schema.
enum Schema {
    /// `PRAGMA application_id` of every workspace: "CCHC" in ASCII.
    static let applicationID: Int32 = 0x4343_4843

    /// The core's migrations, then `modules`' in order.
    static func migrator(adding modules: [WorkspaceMigration] = []) -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-workspace") { db in
            try db.execute(sql: "PRAGMA application_id = \(applicationID)")
            try db.execute(
                sql: """
                    CREATE TABLE settings (
                        key TEXT PRIMARY KEY NOT NULL,
                        value TEXT NOT NULL
                    ) WITHOUT ROWID;

                    -- Sets used by the workspace: bundled ones (origin 'module:<id>') and files loaded
                    -- with 'criteria load' (origin 'file', with their text, so a copied workspace is whole).
                    CREATE TABLE criteria_sets (
                        id TEXT PRIMARY KEY NOT NULL,
                        origin TEXT NOT NULL,
                        file_name TEXT,
                        content TEXT,
                        content_hash TEXT NOT NULL,
                        loaded_at TEXT NOT NULL
                    );

                    -- The exact set (by content hash) each year's scores were recorded against.
                    CREATE TABLE year_sets (
                        year INTEGER NOT NULL,
                        set_id TEXT NOT NULL,
                        content_hash TEXT NOT NULL,
                        PRIMARY KEY (year, set_id)
                    ) WITHOUT ROWID;

                    CREATE TABLE units (
                        id TEXT PRIMARY KEY NOT NULL,
                        name TEXT NOT NULL,
                        kind TEXT NOT NULL CHECK (kind IN ('ward', 'commune', 'department', 'public_service_unit')),
                        set_id TEXT NOT NULL,
                        seq INTEGER NOT NULL
                    );

                    -- Points per (unit, year, leaf, stage); NULL points = not applicable.
                    -- The criterion ids 'bonus' and 'penalty' hold the adjustments.
                    CREATE TABLE assessments (
                        unit_id TEXT NOT NULL REFERENCES units(id) ON DELETE CASCADE ON UPDATE CASCADE,
                        year INTEGER NOT NULL,
                        criterion_id TEXT NOT NULL,
                        stage TEXT NOT NULL CHECK (stage IN ('self', 'appraisal1', 'explanation', 'appraisal2')),
                        points REAL,
                        note TEXT,
                        evidence_ref TEXT,
                        PRIMARY KEY (unit_id, year, criterion_id, stage)
                    ) WITHOUT ROWID;

                    CREATE TABLE evidence (
                        unit_id TEXT NOT NULL REFERENCES units(id) ON DELETE CASCADE ON UPDATE CASCADE,
                        year INTEGER NOT NULL,
                        key TEXT NOT NULL,
                        kind TEXT NOT NULL CHECK (kind IN ('number', 'percent', 'fraction', 'bool')),
                        value REAL NOT NULL,
                        denominator REAL,
                        note TEXT,
                        collector TEXT NOT NULL,
                        source TEXT,
                        source_hash TEXT,
                        source_rows INTEGER,
                        imported_at TEXT NOT NULL,
                        PRIMARY KEY (unit_id, year, key)
                    ) WITHOUT ROWID;

                    CREATE TABLE stage_locks (
                        year INTEGER NOT NULL,
                        stage TEXT NOT NULL,
                        locked_at TEXT NOT NULL,
                        locked_by TEXT NOT NULL,
                        PRIMARY KEY (year, stage)
                    ) WITHOUT ROWID;

                    -- What-if scenarios: overrides layered on a parent (filled by the what-if commands).
                    CREATE TABLE scenarios (
                        id INTEGER PRIMARY KEY,
                        name TEXT NOT NULL UNIQUE,
                        parent TEXT,
                        created_at TEXT NOT NULL,
                        created_by TEXT NOT NULL,
                        overrides TEXT NOT NULL DEFAULT '[]'
                    );

                    -- Append-only: who changed what, when, from what to what.
                    CREATE TABLE audit (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        at TEXT NOT NULL,
                        actor TEXT NOT NULL,
                        action TEXT NOT NULL,
                        unit_id TEXT,
                        year INTEGER,
                        target TEXT,
                        before TEXT,
                        after TEXT
                    );
                    CREATE INDEX audit_by_unit ON audit (unit_id, id);
                    CREATE TRIGGER audit_is_append_only_update BEFORE UPDATE ON audit
                        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
                    CREATE TRIGGER audit_is_append_only_delete BEFORE DELETE ON audit
                        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
                    """)
        }
        migrator.registerMigration("v3-evidence-items", foreignKeyChecks: .immediate) { db in
            try db.execute(
                sql: """
                    -- The exceptions behind an evidence value (overdue dossiers, missing
                    -- publications…), kept by collectors so 'evidence UNIT --detail KEY' can list them.
                    CREATE TABLE evidence_items (
                        unit_id TEXT NOT NULL REFERENCES units(id) ON DELETE CASCADE ON UPDATE CASCADE,
                        year INTEGER NOT NULL,
                        key TEXT NOT NULL,
                        item TEXT NOT NULL,
                        note TEXT,
                        PRIMARY KEY (unit_id, year, key, item)
                    ) WITHOUT ROWID;
                    """)
        }
        migrator.registerMigration("v4-audit-no-replace", foreignKeyChecks: .immediate) { db in
            // UPDATE and DELETE were refused; INSERT OR REPLACE onto an existing id would still
            // have rewritten a row (its REPLACE deletes without firing the DELETE trigger).
            try db.execute(
                sql: """
                    CREATE TRIGGER audit_is_append_only_replace BEFORE INSERT ON audit
                        WHEN NEW.id IS NOT NULL AND EXISTS (SELECT 1 FROM audit WHERE id = NEW.id)
                        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
                    """)
        }
        migrator.registerMigration("v5-unit-groups", foreignKeyChecks: .immediate) { db in
            // The named ranking group (khối) of a unit; and an index on seq, which every new unit
            // reads the maximum of (without it adding n units was quadratic).
            try db.execute(
                sql: """
                    ALTER TABLE units ADD COLUMN ranking_group TEXT;
                    CREATE INDEX units_by_seq ON units (seq);
                    """)
        }
        migrator.registerMigration("v6-revision", foreignKeyChecks: .immediate) { db in
            // A number every committed change raises: work prepared from a read (an import's
            // parse) checks in its write that nothing was committed in between.
            try db.execute(
                sql: """
                    CREATE TABLE revision (id INTEGER PRIMARY KEY CHECK (id = 1), value INTEGER NOT NULL);
                    INSERT INTO revision (id, value) VALUES (1, 0);
                    """)
        }
        migrator.registerMigration("v7-audit-chain", foreignKeyChecks: .immediate) { db in
            // Each audit row carries the hash of the row before it and its own fields; rows
            // written before the chain existed get theirs now, oldest first.
            try db.execute(
                sql: """
                    ALTER TABLE audit ADD COLUMN hash TEXT;
                    DROP TRIGGER audit_is_append_only_update;
                    """)
            var previous = ""
            let rows = try Row.fetchAll(
                db, sql: "SELECT id, at, actor, action, unit_id, year, target, before, after FROM audit ORDER BY id")
            for row in rows {
                let year: Int? = row["year"]
                previous = Workspace.auditHash(
                    previous: previous,
                    fields: [
                        row["at"], row["actor"], row["action"], row["unit_id"], year.map(String.init), row["target"],
                        row["before"], row["after"],
                    ])
                try db.execute(sql: "UPDATE audit SET hash = ? WHERE id = ?", arguments: [previous, row["id"]])
            }
            try db.execute(
                sql: """
                    CREATE TRIGGER audit_is_append_only_update BEFORE UPDATE ON audit
                        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
                    """)
        }
        migrator.registerMigration("v8-unit-history", foreignKeyChecks: .immediate) { db in
            // Mergers and renames between years: from `year` on, `unit_id` continues as `successor_id`.
            try db.execute(
                sql: """
                    CREATE TABLE unit_history (
                        year INTEGER NOT NULL,
                        unit_id TEXT NOT NULL REFERENCES units(id) ON UPDATE CASCADE ON DELETE CASCADE,
                        successor_id TEXT NOT NULL REFERENCES units(id) ON UPDATE CASCADE ON DELETE CASCADE,
                        note TEXT,
                        PRIMARY KEY (unit_id)
                    );
                    CREATE INDEX unit_history_by_successor ON unit_history (successor_id);
                    """)
        }
        migrator.registerMigration("v9-criteria-versions", foreignKeyChecks: .immediate) { db in
            // Every content of a file set ever loaded, so a year is scored with the version its
            // scores were recorded against (year_sets), and crosswalks loaded from their own files.
            try db.execute(
                sql: """
                    CREATE TABLE criteria_set_versions (
                        set_id TEXT NOT NULL,
                        content_hash TEXT NOT NULL,
                        file_name TEXT,
                        content TEXT NOT NULL,
                        loaded_at TEXT NOT NULL,
                        PRIMARY KEY (set_id, content_hash)
                    ) WITHOUT ROWID;
                    INSERT INTO criteria_set_versions (set_id, content_hash, file_name, content, loaded_at)
                        SELECT id, content_hash, file_name, content, loaded_at FROM criteria_sets
                        WHERE content IS NOT NULL;
                    -- A crosswalk as JSON (CriteriaCrosswalk), checked when it was loaded.
                    CREATE TABLE criteria_crosswalks (
                        set_id TEXT NOT NULL,
                        from_version TEXT NOT NULL,
                        to_version TEXT NOT NULL,
                        file_name TEXT,
                        crosswalk TEXT NOT NULL,
                        loaded_at TEXT NOT NULL,
                        PRIMARY KEY (set_id, from_version, to_version)
                    ) WITHOUT ROWID;
                    """)
        }
        migrator.registerMigration("v10-stored-rankings", foreignKeyChecks: .immediate) { db in
            // A baseline ranking per (year, set), computed from the data at `revision` with the
            // set's content `content_hash`: read instead of scoring the year again while both
            // still hold (StoredRanking). Derived data: dropping every row loses nothing.
            try db.execute(
                sql: """
                    CREATE TABLE stored_rankings (
                        year INTEGER NOT NULL,
                        set_id TEXT NOT NULL,
                        content_hash TEXT NOT NULL,
                        revision INTEGER NOT NULL,
                        payload BLOB NOT NULL,
                        PRIMARY KEY (year, set_id)
                    ) WITHOUT ROWID;
                    """)
        }
        migrator.registerMigration("v11-stored-results", foreignKeyChecks: .immediate) { db in
            // Every result kept for the next command in one table, by kind: the baseline ranking
            // (StoredRanking), the resolved leaves (ScoreMatrix), the self-assessment tallies
            // (InflationTally), each per (year, set), computed from the data at `revision` with
            // the set's content `content_hash`. Derived: the rankings kept apart until now are
            // dropped, and the next command computes and keeps them again.
            try db.execute(
                sql: """
                    CREATE TABLE stored_results (
                        kind TEXT NOT NULL,
                        year INTEGER NOT NULL,
                        set_id TEXT NOT NULL,
                        content_hash TEXT NOT NULL,
                        revision INTEGER NOT NULL,
                        payload BLOB NOT NULL,
                        PRIMARY KEY (kind, year, set_id)
                    ) WITHOUT ROWID;
                    DROP TABLE stored_rankings;
                    """)
        }
        migrator.registerMigration("v12-year-revisions", foreignKeyChecks: .immediate) { db in
            // What a year's results are computed from changes with the writes to that year and
            // with those to every year (units, criteria): `every_year` is the revision of the last
            // write to every year, `year_revisions` that of the last write to each year alone, so
            // a year's revision (the greater of the two) holds while other years change, and what
            // is kept for it stays valid. Results kept until now were kept at `value`.
            try db.execute(
                sql: """
                    ALTER TABLE revision ADD COLUMN every_year INTEGER NOT NULL DEFAULT 0;
                    UPDATE revision SET every_year = value;
                    CREATE TABLE year_revisions (year INTEGER PRIMARY KEY, value INTEGER NOT NULL);
                    """)
        }
        migrator.registerMigration("v13-unit-revisions", foreignKeyChecks: .immediate) { db in
            // A write to some units' rows of a year (an evidence correction) records the revision
            // it made for each (year, unit), and `whole_year` is that of the last write to a year
            // as a whole (a stage lock, a large import): a result kept for the year before some
            // units' rows changed is brought up to date from those units' rows alone. Writes
            // before now count as whole-year writes.
            try db.execute(
                sql: """
                    ALTER TABLE year_revisions ADD COLUMN whole_year INTEGER NOT NULL DEFAULT 0;
                    UPDATE year_revisions SET whole_year = value;
                    CREATE TABLE unit_revisions (
                        year INTEGER NOT NULL,
                        unit_id TEXT NOT NULL,
                        value INTEGER NOT NULL,
                        PRIMARY KEY (year, unit_id)
                    ) WITHOUT ROWID;
                    CREATE INDEX unit_revisions_by_value ON unit_revisions (year, value);
                    """)
        }
        for migration in modules { migrator.registerMigration(migration.id, migrate: migration.migrate) }
        return migrator
    }
}
