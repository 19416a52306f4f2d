import ArgumentParser
import CCHCCore
import CCHCModuleKit

/// `as NAME`: who the audit log records for the rest of the session.
struct AsCommand: WorkbenchCommand {
    static let configuration = CommandConfiguration(
        commandName: "as",
        abstract: "Act as NAME for the rest of the session: the audit log records changes as NAME.",
        discussion: """
            The same as starting with --as NAME. Roles (office, unit) come from 'feedback actor \
            list'; 'whoami' shows who you act as.

            Examples:
              as nguyen.van.a
              whoami
            """
    )

    @Argument(help: "The actor's name, e.g. nguyen.van.a.")
    var name: String

    func run(in context: CommandContext) throws {
        let name = name.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty else { throw UserError("Give a name to act as, e.g. 'as nguyen.van.a'") }
        guard name.count <= 128 else { throw UserError("A name to act as has at most 128 characters") }
        let before = context.evaluation.actor
        context.evaluation.actor = name
        context.write("Acting as '\(name)' (was '\(before)'); changes are recorded in the audit log as '\(name)'")
    }
}

/// `whoami`: the actor changes are recorded as.
struct WhoamiCommand: WorkbenchCommand {
    static let configuration = CommandConfiguration(
        commandName: "whoami",
        abstract: "Show who changes are recorded as in the audit log (set with 'as NAME' or --as NAME)."
    )

    func run(in context: CommandContext) throws {
        try context.emit(Report(facts: [Fact("actor", "Acting as", .text(context.evaluation.actor))]))
    }
}
