import ArgumentParser
import CCHCCore

extension WorkbenchModule {
    /// Units' feedback on unreasonable criteria, reviewed by the Internal Affairs Office.
    public static let feedback = WorkbenchModule(
        id: "feedback",
        summary: "Feedback on criteria from units, reviewed by the Internal Affairs Office (needs a workspace)"
    ) { registrar in
        registrar.add(command: FeedbackCommand.self)
    }
}

/// The `feedback` command group. Recording feedback needs a persistent workspace, which this
/// version does not have yet; the command says so instead of pretending to record anything.
struct FeedbackCommand: WorkbenchCommand {
    static let configuration = CommandConfiguration(
        commandName: "feedback",
        abstract: "Record and follow units' feedback on criteria (needs a workspace).",
        discussion: """
            Units report criteria or scoring methods they find unreasonable through the Internal \
            Affairs Office (Phòng Nội vụ), which reviews them and escalates commune-criteria \
            feedback to the provincial Sở Nội vụ. Feedback is kept in a workspace file; this \
            version has no workspace yet, so nothing can be recorded.
            """
    )

    @Argument(help: "What to do with feedback (add, list, show, …).")
    var words: [String] = []

    func run(in session: Session) throws {
        throw UserError("Feedback needs a workspace to be kept in, and this version has none yet; nothing was recorded")
    }
}
