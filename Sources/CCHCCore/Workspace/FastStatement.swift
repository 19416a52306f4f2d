import GRDB
import GRDBSQLite

/// A prepared statement driven through SQLite's C API, for the hot loops of large imports where
/// GRDB's argument boxing would cost more than the insert itself.
struct FastStatement {
    private let statement: Statement
    private let raw: OpaquePointer
    private let database: Database
    private var index: Int32 = 0

    /// SQLite's "copy the bytes" destructor, which the C macro SQLITE_TRANSIENT stands for.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    init(_ database: Database, sql: String) throws {
        self.database = database
        statement = try database.makeStatement(sql: sql)
        raw = statement.sqliteStatement
    }

    /// Binds the next parameter.
    mutating func bind(_ text: String?) {
        index += 1
        guard let text else {
            sqlite3_bind_null(raw, index)
            return
        }
        var copy = text
        copy.withUTF8 { bytes in
            _ = bytes.withMemoryRebound(to: CChar.self) { chars in
                sqlite3_bind_text(raw, index, chars.baseAddress, Int32(chars.count), Self.transient)
            }
        }
    }

    /// Binds the next parameter.
    mutating func bind(_ number: Double?) {
        index += 1
        if let number { sqlite3_bind_double(raw, index, number) } else { sqlite3_bind_null(raw, index) }
    }

    /// Binds the next parameter.
    mutating func bind(_ number: Int) {
        index += 1
        sqlite3_bind_int64(raw, index, Int64(number))
    }

    /// Runs the statement with the bound parameters and makes it ready for the next row.
    mutating func step() throws {
        let code = sqlite3_step(raw)
        index = 0
        sqlite3_reset(raw)
        guard code == SQLITE_DONE else {
            throw DatabaseError(
                resultCode: ResultCode(rawValue: code),
                message: String(cString: sqlite3_errmsg(database.sqliteConnection)))
        }
    }
}
