import ArgumentParser
import CCHCCore
import CCHCModuleKit
import Foundation

struct FeedbackActors: WorkbenchCommand {
    static let configuration = CommandConfiguration(
        commandName: "actor",
        abstract: "List or register the people who work with feedback and their role.",
        discussion: """
            Roles: 'office' (the Internal Affairs Office: reviews, accepts, rejects, escalates, \
            resolves) and 'unit' (a unit's staff: adds and comments on its own unit's items). \
            The first office actor may be registered by anyone; after that only an office actor \
            registers actors.

            Examples:
              feedback actor
              feedback actor add nguyen.van.a --role office
              feedback actor add tran.thi.b --role unit --unit huong-van
            """,
        subcommands: [List.self, Add.self],
        defaultSubcommand: List.self)

    func run(in context: CommandContext) throws {}

    struct List: WorkbenchCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the actors.")
        func run(in context: CommandContext) throws {
            let actors = try FeedbackStore(context: context, actor: context.evaluation.actor).actors()
            try context.emit(
                Report(
                    tables: [
                        ReportTable(
                            key: "actors",
                            columns: [Column("name", "Name"), Column("role", "Role"), Column("unit_id", "Unit")],
                            rows: actors.map {
                                [.text($0.name), .text($0.role.rawValue), $0.unitID.map { .text($0) } ?? .null]
                            }, whenEmpty: "No actors yet: anyone may add and comment; nobody may review.")
                    ]))
        }
    }

    struct Add: WorkbenchCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: "Register an actor with a role.")
        @Argument(help: "The actor's name, as recorded with --as or the OS user.")
        var name: String
        @Option(name: .long, help: "office or unit.")
        var role: String
        @Option(name: .long, help: "For a unit actor: the unit (id or name).")
        var unit: String?
        @OptionGroup var actor: ActorOption

        func run(in context: CommandContext) throws {
            guard let role = Actor.Role(rawValue: role) else {
                throw UserError("Unknown role '\(role)'; expected office or unit")
            }
            let store = actor.store(context)
            let actors = try store.actors()
            if actors.contains(where: { $0.role == .office }), try store.actor(store.actor)?.role != .office {
                throw FeedbackError.actorsNeedOffice(actor: store.actor)
            }
            var unitID: String?
            if role == .unit {
                guard let unit else { throw UserError("A unit actor needs --unit") }
                unitID = try UnitMatcher.match(unit, in: try context.evaluation.units()).id
            }
            try store.addActor(Actor(name: name, role: role, unitID: unitID))
            context.write("Registered '\(name)' as \(role.rawValue)" + (unitID.map { " of \($0)" } ?? ""))
        }
    }
}
