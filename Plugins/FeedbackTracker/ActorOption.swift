import ArgumentParser
import CCHCCore
import CCHCModuleKit

/// `--as NAME`: who acts, for this command.
struct ActorOption: ParsableArguments {
    @Option(name: .customLong("as"), help: "Act as this person (default: the context's actor).")
    var name: String?

    func store(_ context: CommandContext) -> FeedbackStore {
        FeedbackStore(context: context, actor: name ?? context.evaluation.actor)
    }
}

/// The role checks: the office reviews; a unit's actor acts only on its own unit's items.
enum Roles {
    static func check(_ action: FeedbackAction, unit: String?, store: FeedbackStore) throws {
        let actors = try store.actors()
        let actor = actors.first { $0.name == store.actor }
        if action.needsOffice {
            guard actor?.role == .office else {
                throw FeedbackError.notOffice(
                    actor: store.actor, action: action.rawValue,
                    offices: actors.filter { $0.role == .office }.map(\.name))
            }
        } else if let actor, actor.role == .unit, let own = actor.unitID, let unit, own != unit {
            throw FeedbackError.notOwnUnit(actor: actor.name, unit: unit)
        }
    }
}
