import ArgumentParser
import CCHCCore
import CCHCModuleKit
import Foundation

extension ImportCommand {
    struct Options: ParsableArguments {
        @Argument(help: "The CSV file or .xlsx workbook.")
        var file: String

        @Flag(name: .long, help: "Report every problem without writing anything.")
        var check = false

        @OptionGroup var table: TableFlags
    }

    /// How to read the table, the same for every import.
    struct TableFlags: ParsableArguments {
        @Option(
            name: .customLong("header-row"),
            help: "The line (or sheet row) of the header; by default the first row naming the required columns.")
        var headerRow: Int?

        @Option(name: .long, help: "The sheet of an .xlsx workbook (default: the first).")
        var sheet: String?

        @Option(
            name: .long,
            help: ArgumentHelp(
                "Read a column under another name: --map \"Tên ĐV=unit_id\" (repeatable).",
                valueName: "COLUMN=FIELD"))
        var map: [String] = []

        /// The options as the importers take them.
        /// - Throws: ``TableOptionsError`` for a mapping without `=`; a ``UserError`` for a header
        ///   row below 1.
        func options() throws -> TableOptions {
            if let headerRow, headerRow < 1 { throw UserError("--header-row counts lines from 1; got \(headerRow)") }
            var options = TableOptions(headerRow: headerRow, sheet: sheet)
            for assignment in map { try options.map(assignment) }
            return options
        }
    }
}
