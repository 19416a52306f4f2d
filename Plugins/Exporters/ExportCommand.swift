import ArgumentParser
import CCHCCore
import CCHCModuleKit
import Foundation

/// `export WHAT [ARGS…] FORMAT PATH`: runs the command behind WHAT, captures its report and
/// writes it to a file atomically.
struct ExportCommand: CompletingCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a ranking, scorecard, gaps, goal, diff, simulation, feedback report or plan to a file.",
        discussion: """
            WHAT is one of: ranking, scorecard UNIT, gaps [UNIT], goal UNIT (--band B or --rank N), diff A B, simulate, \
            feedback report, plan NAME (or plan status NAME, plan report NAME), compare YEAR_A YEAR_B, lessons UNIT. FORMAT is one of csv, json, markdown, html, xlsx, \
            docx; --frame lays a docx or xlsx out in the workspace's official frame ('frame'). Options after WHAT \
            go to the command behind it (--scenario, --set, --runs, --year…). The file is written \
            to a temporary file and renamed into place; an existing file is kept unless --force \
            is given. Titles and headers follow 'lang'.

            Examples:
              export ranking xlsx ranking.xlsx
              export ranking html ranking.html --scenario proposal
              export scorecard tu-ha csv tu-ha.csv
              export diff baseline proposal html diff.html
              export goal huong-binh docx huong-binh-tot.docx --band tot
              export feedback report markdown feedback.md --force
              export plan nang-hang-2024 xlsx ke-hoach.xlsx
              export ranking csv xep-hang.csv --csv-style excel-vi
              export ranking docx xep-hang.docx --frame
            """
    )

    /// WHAT → the command run to produce the report.
    static let sources: [(what: String, command: [String], extra: [String])] = [
        ("ranking", ["rank"], []), ("scorecard", ["explain"], ["--scorecard"]), ("gaps", ["gaps"], []),
        ("diff", ["diff"], []), ("simulate", ["simulate"], []), ("feedback", ["feedback"], []),
        ("plan", ["plan"], []), ("compare", ["compare"], []), ("lessons", ["lessons"], []), ("goal", ["goal"], []),
    ]

    /// What scores the evaluation year (without a `--year` of its own).
    static let yearScoped: Set<String> = ["ranking", "scorecard", "gaps", "goal", "diff", "simulate", "lessons"]

    @Flag(name: .long, help: "Replace the file if it exists.")
    var force = false

    @Flag(
        name: .long,
        help: "Lay the document out in the workspace's official frame (see 'frame'): for docx and xlsx.")
    var frame = false

    @Option(
        name: .long,
        help:
            "With --frame: the kind of document, in capitals (default: the frame's, KẾ HOẠCH for a plan, else BÁO CÁO)."
    )
    var kind: String?

    @Option(
        name: .long,
        help:
            "With --frame: the date the document bears, dd/mm/yyyy, or 'blank' for the signer to fill (default: today)."
    )
    var dated: String?

    @Option(
        name: .customLong("csv-style"),
        help:
            "For csv: rfc4180 (',' and '.', the default) or excel-vi (';' and decimal commas, for Excel and LibreOffice under Vietnamese settings)."
    )
    var csvStyle: String?

    @Argument(
        parsing: .allUnrecognized,
        help: ArgumentHelp("WHAT, its arguments, then FORMAT and PATH.", valueName: "what-format-path"))
    var words: [String] = []

    /// A date typed dd/mm/yyyy (or yyyy-mm-dd), as noon of that day in Vietnam.
    /// - Throws: ``UserError`` naming the forms.
    static func day(_ text: String) throws -> Date {
        let parts = text.split(whereSeparator: { $0 == "/" || $0 == "-" }).compactMap { Int($0) }
        let (day, month, year) =
            parts.count == 3
            ? (parts[0] > 31 ? (parts[2], parts[1], parts[0]) : (parts[0], parts[1], parts[2])) : (0, 0, 0)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = DocumentFrame.timeZone
        guard (1...31).contains(day), (1...12).contains(month), (1900...9999).contains(year),
            let date = calendar.date(from: DateComponents(year: year, month: month, day: day, hour: 12)),
            calendar.component(.day, from: date) == day
        else { throw UserError("--dated '\(text)' is not a date; expected dd/mm/yyyy or blank") }
        return date
    }

    /// WHAT first, then the file formats.
    static func completions(arguments: [String], option: String?, in context: CommandContext) -> [String]? {
        guard option == nil else { return nil }
        let words = arguments.filter { !$0.hasPrefix("-") }
        if words.isEmpty { return sources.map(\.what).sorted() }
        let scenarios = ["baseline"] + ((try? context.evaluation.workspace().scenarios().map(\.name).sorted()) ?? [])
        switch (words[0], words.count) {
        case ("scorecard", 1), ("gaps", 1), ("goal", 1):
            return ((try? context.evaluation.units()) ?? []).map(\.id).sorted()
        case ("diff", 1), ("diff", 2): return scenarios
        default: break
        }
        return context.registry.exporters.compactMap { $0.value.fileExtension == nil ? nil : $0.value.id }.sorted()
    }

    func run(in context: CommandContext) throws {
        let whats = Self.sources.map(\.what)
        guard let what = words.first else {
            throw UserError("Say what to export: \(whats.joined(separator: ", ")); see 'help export'")
        }
        guard let source = Self.sources.first(where: { $0.what == what }) else {
            let hint =
                Suggestions.hint(for: what, in: whats, otherwise: "; expected one of \(whats.joined(separator: ", "))")
            throw UserError("Cannot export '\(what)'\(hint)")
        }
        var rest = Array(words.dropFirst())
        let formats = context.registry.exporters.compactMap { $0.value.fileExtension == nil ? nil : $0.value.id }
        // FORMAT PATH: the last format name followed by a word that is not an option, so options
        // and their values may come before or after them.
        let found = rest.indices.last { index in
            formats.contains(rest[index]) && index + 1 < rest.count && !rest[index + 1].hasPrefix("-")
        }
        guard let formatIndex = found else {
            // `-` for standard output, as other tools take it: an export is a file.
            if let dash = rest.indices.first(where: { rest[$0] == "-" }), dash > 0, formats.contains(rest[dash - 1]) {
                throw UserError(
                    "An export writes a file: give its path, e.g. 'export \(what) \(rest[dash - 1]) \(what).\(rest[dash - 1])'; for standard output, show the view itself with --format csv, json or markdown"
                )
            }
            let positional = rest.prefix { !($0.hasPrefix("-") && $0.count > 1) }
            if positional.count >= 2 {
                let word = positional[positional.count - 2]
                let hint =
                    Suggestions.hint(
                        for: word, in: formats, otherwise: "; expected one of \(formats.joined(separator: ", "))")
                throw UserError("Unknown export format '\(word)'\(hint)")
            }
            throw UserError("Give the format and the path after '\(what)', e.g. 'export \(what) xlsx \(what).xlsx'")
        }
        let formatWord = rest[formatIndex]
        let path = rest[formatIndex + 1]
        rest.removeSubrange(formatIndex...(formatIndex + 1))
        let label = ([what] + rest.prefix { !$0.hasPrefix("-") }).joined(separator: " ")
        guard var exporter = context.registry.exporter(formatWord) else {
            throw UserError("Unknown export format '\(formatWord)'")
        }
        if let csvStyle {
            let styles = CSVExporter.Style.allCases.map(\.rawValue)
            guard exporter.id == "csv" else { throw UserError("--csv-style is for csv exports, not \(exporter.id)") }
            guard let style = CSVExporter.Style(rawValue: csvStyle) else {
                throw UserError("Unknown CSV style '\(csvStyle)'; expected \(styles.joined(separator: " or "))")
            }
            exporter = CSVExporter(style: style)
        }
        let target = URL(fileURLWithPath: context.resolvePath(path))
        // A workbook saved as `.docx` opens nowhere: a path ending in another format's extension
        // is a slip of one of the two words.
        let suffix = target.pathExtension.lowercased()
        if suffix != exporter.fileExtension,
            let other = context.registry.exporters.map(\.value).first(where: { $0.fileExtension == suffix })
        {
            throw UserError(
                "\(path) ends in .\(suffix), but the format is \(exporter.id): name the file .\(exporter.fileExtension ?? exporter.id), or give the format \(other.id)"
            )
        }
        if !force, FileManager.default.fileExists(atPath: target.path) {
            throw UserError("\(path) exists; add --force to replace it")
        }
        // A workspace without units is most often a mistyped --workspace path (a new, empty file
        // is made there): a document of nothing would go out as if it were the year's.
        if try context.evaluation.units().isEmpty {
            let place: String =
                switch context.evaluation.location {
                case .file(let file): "'\(file)'"
                case .memory, nil: "in memory"
                }
            throw UserError(
                "The workspace \(place) has no units, so there is nothing to export; import them first ('import units FILE'), or check the path given to --workspace"
            )
        }
        // The command behind an export is not the user's to know: a missing unit is asked for in
        // the export's own words.
        if ["scorecard", "lessons", "goal"].contains(what), !rest.contains(where: { !$0.hasPrefix("-") }) {
            throw UserError(
                "Name the unit: 'export \(what) UNIT FORMAT PATH', e.g. 'export \(what) tu-ha \(formatWord) \(path)\(what == "goal" ? " --band tot" : "")'"
            )
        }
        // An export writes a file and nothing else: the steps become a scenario at the prompt.
        if what == "goal", rest.contains(where: { $0 == "--apply" || $0.hasPrefix("--apply=") }) {
            throw UserError(
                "An export writes a file only: 'goal UNIT … --apply NAME' makes the scenario, then 'export diff baseline NAME …' writes what it changes"
            )
        }
        // A year with nothing recorded (a mistyped `year`) would go out as a document of zeros.
        if Self.yearScoped.contains(what), !rest.contains("--year"),
            let hint = try context.evaluation.workspace().nothingRecorded(year: try context.evaluation.year())
        {
            throw UserError("Nothing to export: \(hint)")
        }
        var captured = try context.capture(source.command + rest + source.extra)
        // A ranking's document carries its totals: how many units, the average and median index.
        if let table = captured.table("ranking"), let column = table.column("index_pct") {
            let indices = table.rows.compactMap { row -> Double? in
                if case .number(let value, _) = row[column] { return value }
                return nil
            }.sorted()
            if !indices.isEmpty {
                let middle = indices.count / 2
                let median =
                    indices.count.isMultiple(of: 2) ? (indices[middle - 1] + indices[middle]) / 2 : indices[middle]
                captured.facts += [
                    Fact("unit_count", "Units", .integer(table.rows.count), shownToScripts: false),
                    Fact(
                        "average_index", "Average index %", .number(indices.reduce(0, +) / Double(indices.count)),
                        shownToScripts: false),
                    Fact("median_index", "Median index %", .number(median), shownToScripts: false),
                ]
            }
        }
        // A file says which criteria set it is about by the set's title, not only its id.
        if let index = captured.facts.firstIndex(where: { $0.key == "set" }),
            case .text(let id) = captured.facts[index].value, let set = try? context.evaluation.criteriaSet(id)
        {
            // People read the set once, by its title.
            captured.facts[index].isShownToPeople = false
            captured.facts.insert(
                Fact("set_title", "Criteria set", .text("\(set.title) (\(id))"), shownToScripts: false), at: 0)
        }
        // Every file says when, from which workspace and by whom it was made.
        let workspace: String =
            switch context.evaluation.location {
            case .file(let path): path
            case .memory, nil: "in memory (not saved)"
            }
        captured.facts += [
            Fact("exported_at", "Exported", .text(context.evaluation.author().timestamp)),
            // Scripts get the path; people the file's name (a document sent out does not print
            // the folders of the office's machine).
            Fact("workspace", "Workspace", .text(workspace), shownToPeople: false),
            Fact(
                "workspace_file", "Workspace", .text((workspace as NSString).lastPathComponent), shownToScripts: false),
            Fact("exported_by", "Exported by", .text(context.evaluation.actor)),
        ]
        // Scripts read CSV and JSON: their values stay as the commands give them.
        var report = Localization.translate(
            captured, to: try ExportLanguage.current(in: context),
            values: !["csv", "json", "jsonl"].contains(exporter.id),
            sets: Localization.setNames(try context.evaluation.allCriteriaSets()))
        if frame {
            guard ["docx", "xlsx"].contains(exporter.id) else {
                throw UserError("--frame is for docx and xlsx documents, not \(exporter.id)")
            }
            guard var stored = try FrameCommand.stored(in: context, date: context.evaluation.clock()) else {
                throw UserError(
                    "The workspace has no document frame yet; 'frame set issuer \"UBND …\"' and 'frame set place …' start one"
                )
            }
            // A plan is a KẾ HOẠCH; its status and review, like every other report, a BÁO CÁO.
            let isPlan = what == "plan" && !["status", "report", "list"].contains(rest.first ?? "")
            stored.kind = VietnameseText.nfc(kind ?? stored.kindSetting ?? (isPlan ? "KẾ HOẠCH" : "BÁO CÁO"))
            if let dated {
                if dated.lowercased() == "blank" {
                    stored.date = nil
                    // The year it is signed in, as the default date's (not the evaluation year's:
                    // a year's results are signed after it).
                    var calendar = Calendar(identifier: .gregorian)
                    calendar.timeZone = DocumentFrame.timeZone
                    stored.blankYear = calendar.component(.year, from: context.evaluation.clock())
                } else {
                    stored.date = try Self.day(dated)
                }
            }
            report.frame = stored.documentFrame
        }
        let data = try exporter.exportFile(report)
        try AtomicFile.write(data, to: target, shownAs: path)
        context.write("Wrote \(label) to \(path) (\(exporter.id), \(exporter.contents(of: report)))")
    }
}
