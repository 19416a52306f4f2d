import ArgumentParser
import CCHCCore
import CCHCModuleKit
import Foundation

/// `frame`: the workspace's document frame for `export … --frame`.
struct FrameCommand: WorkbenchCommand {
    static let configuration = CommandConfiguration(
        commandName: "frame",
        abstract: "Show or set the document frame (issuing body, place, signer, recipients) for 'export … --frame'.",
        discussion: """
            The frame lays out an exported DOCX or XLSX as Nghị định 30/2020/NĐ-CP prescribes: \
            the superior and issuing bodies and the national motto at the top, the number and \
            "Place, ngày … tháng … năm …", the kind of document in capitals, and the signature \
            block with "Nơi nhận" at the end. It is kept in the workspace.

            Keys: superior, issuer, symbol (after the number, e.g. BC-UBND), place, kind \
            (default BÁO CÁO), authority (e.g. "TM. ỦY BAN NHÂN DÂN", several lines separated by ';': \
            "TM. ỦY BAN NHÂN DÂN; KT. CHỦ TỊCH"), signer-title, signer, \
            recipients (separated by ';').

            Examples:
              frame set issuer "UBND THỊ XÃ HƯƠNG TRÀ"
              frame set superior "UBND TỈNH THỪA THIÊN HUẾ"
              frame set place "Hương Trà"
              frame set recipients "UBND tỉnh (b/c); Sở Nội vụ (b/c); Lưu: VT"
              frame
              export ranking docx xep-hang.docx --frame
            """,
        subcommands: [FrameShow.self, FrameSet.self, FrameClear.self],
        defaultSubcommand: FrameShow.self)

    func run(in context: CommandContext) throws {}

    /// The keys, in the order the frame reads.
    static let keys = [
        "superior", "issuer", "symbol", "place", "kind", "authority", "signer-title", "signer", "recipients",
    ]

    /// The frame as the workspace keeps it, with the kind it names (if any) apart, so an export
    /// can choose the kind its report is.
    struct Stored {
        var documentFrame: DocumentFrame
        var kindSetting: String?
        var kind: String {
            get { documentFrame.kind }
            set { documentFrame.kind = newValue }
        }
        var date: Date? {
            get { documentFrame.date }
            set { documentFrame.date = newValue }
        }
        var blankYear: Int {
            get { documentFrame.blankYear }
            set { documentFrame.blankYear = newValue }
        }
    }

    /// The frame stored in the workspace, dated `date`; nil when it has no issuer or place.
    /// - Throws: a workspace error.
    static func stored(in context: CommandContext, date: Date) throws -> Stored? {
        let workspace = try context.evaluation.workspace()
        func value(_ key: String) throws -> String? {
            try workspace.setting("frame.\(key)").flatMap { $0.trimmingWhitespace.isEmpty ? nil : $0 }
        }
        guard let issuer = try value("issuer"), let place = try value("place") else { return nil }
        let frame = DocumentFrame(
            superior: try value("superior"), issuer: issuer, symbol: try value("symbol"), place: place, date: date,
            kind: try value("kind") ?? "BÁO CÁO", authority: try value("authority"),
            signerTitle: try value("signer-title"), signer: try value("signer"),
            recipients: (try value("recipients") ?? "").split(separator: ";").map { String($0).trimmingWhitespace }
                .filter { !$0.isEmpty })
        return Stored(documentFrame: frame, kindSetting: try value("kind"))
    }
}

struct FrameShow: WorkbenchCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "The document frame.")

    func run(in context: CommandContext) throws {
        let workspace = try context.evaluation.workspace()
        let rows = try FrameCommand.keys.map { key -> [Cell] in
            let value = try workspace.setting("frame.\(key)")
            return [
                .text(key), value.map(Cell.text) ?? .null,
                .text(value != nil ? "set" : key == "kind" ? "default: KẾ HOẠCH for a plan, else BÁO CÁO" : "not set"),
            ]
        }
        var notes: [String] = []
        if try FrameCommand.stored(in: context, date: context.evaluation.clock())?.documentFrame == nil {
            notes.append("The frame needs at least an issuer and a place: 'frame set issuer …', 'frame set place …'")
        }
        try context.emit(
            Report(
                title: "Document frame",
                tables: [
                    ReportTable(
                        key: "frame",
                        columns: [Column("key", "Frame item"), Column("value", "Value"), Column("state", "State")],
                        rows: rows)
                ], notes: notes))
    }
}

struct FrameSet: WorkbenchCommand {
    static let configuration = CommandConfiguration(
        commandName: "set", abstract: "Set one key of the document frame.",
        discussion: "Examples:\n  frame set issuer \"UBND THỊ XÃ HƯƠNG TRÀ\"\n  frame set signer \"Nguyễn Văn An\"")

    @Argument(help: "The key: superior, issuer, symbol, place, kind, authority, signer-title, signer or recipients.")
    var key: String

    @Argument(help: "The value.")
    var value: String

    func run(in context: CommandContext) throws {
        guard FrameCommand.keys.contains(key) else {
            let hint = Suggestions.hint(
                for: key, in: FrameCommand.keys,
                otherwise: "; expected one of \(FrameCommand.keys.joined(separator: ", "))")
            throw UserError("Unknown frame key '\(key)'\(hint)")
        }
        let text = VietnameseText.nfc(value.trimmingWhitespace)
        guard !text.isEmpty else { throw UserError("The value is empty; 'frame clear \(key)' removes a key") }
        try context.evaluation.change(changing: .settings) { workspace, change in
            let before = try workspace.replaceSetting("frame.\(key)", with: text, in: change)
            try workspace.audit("frame set", target: key, before: before, after: text, in: change)
        }
        context.write("Frame \(key): \(text)")
    }
}

struct FrameClear: WorkbenchCommand {
    static let configuration = CommandConfiguration(
        commandName: "clear", abstract: "Remove one key of the document frame, or all of them.",
        discussion: "Examples:\n  frame clear signer\n  frame clear")

    @Argument(help: "The key (all keys when left out).")
    var key: String?

    func run(in context: CommandContext) throws {
        if let key, !FrameCommand.keys.contains(key) {
            throw UserError("Unknown frame key '\(key)'\(Suggestions.hint(for: key, in: FrameCommand.keys))")
        }
        let keys = key.map { [$0] } ?? FrameCommand.keys
        try context.evaluation.change(changing: .settings) { workspace, change in
            for key in keys {
                guard let before = try workspace.replaceSetting("frame.\(key)", with: nil, in: change) else { continue }
                try workspace.audit("frame clear", target: key, before: before, in: change)
            }
        }
        context.write(key.map { "Frame \($0) cleared" } ?? "Frame cleared")
    }
}
