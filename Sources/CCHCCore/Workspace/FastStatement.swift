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

    /// Binds the next three text parameters and runs `body` while SQLite may read them in place
    /// (no copy): the bytes stay valid for the whole closure.
    mutating func withText<R>(
        _ first: String, _ second: String, _ third: String, _ body: (inout FastStatement) throws -> R
    ) rethrows -> R {
        var (a, b, c) = (first, second, third)
        return try a.withUTF8 { a in
            try b.withUTF8 { b in
                try c.withUTF8 { c in
                    bindStatic(a)
                    bindStatic(b)
                    bindStatic(c)
                    return try body(&self)
                }
            }
        }
    }

    private mutating func bindStatic(_ bytes: UnsafeBufferPointer<UInt8>) {
        index += 1
        _ = bytes.withMemoryRebound(to: CChar.self) { chars in
            sqlite3_bind_text(raw, index, chars.baseAddress, Int32(chars.count), nil)
        }
    }

    /// Binds parameter `position` (1-based) to bytes SQLite reads in place: they must stay valid
    /// until the statement runs.
    func bindStatic(_ bytes: UnsafePointer<UInt8>, count: Int, at position: Int32) {
        _ = bytes.withMemoryRebound(to: CChar.self, capacity: max(1, count)) { chars in
            sqlite3_bind_text(raw, position, chars, Int32(count), nil)
        }
    }

    /// Binds parameter `position` (1-based) to a number, leaving the others as they are.
    mutating func bind(_ number: Double?, at position: Int32) {
        if let number { sqlite3_bind_double(raw, position, number) } else { sqlite3_bind_null(raw, position) }
    }

    /// Binds parameter `position` (1-based) to text, copied.
    mutating func bind(_ text: String?, at position: Int32) {
        let saved = index
        index = position - 1
        bind(text)
        index = saved
    }

    /// Binds parameter `position` (1-based) to an integer.
    mutating func bind(_ number: Int, at position: Int32) {
        sqlite3_bind_int64(raw, position, Int64(number))
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
