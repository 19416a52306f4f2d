import ArgumentParser
import CCHCCore
import CCHCModuleKit

extension WorkbenchModule {
    /// Units' feedback on unreasonable criteria, reviewed by the Internal Affairs Office.
    public static let feedback = WorkbenchModule(
        id: "feedback",
        summary:
            "Feedback on criteria from units, reviewed by the Internal Affairs Office and escalated to the Sở Nội vụ"
    ) { registrar in
        registrar.add(command: FeedbackCommand.self)
        registrar.add(migration: FeedbackSchema.migrationID, FeedbackSchema.migrate)
    }
}

/// The `feedback` command group.
struct FeedbackCommand: WorkbenchCommand {
    static let configuration = CommandConfiguration(
        commandName: "feedback",
        abstract: "Record, review and report units' feedback on criteria and scoring methods.",
        discussion: """
            Units report criteria or scoring methods they find unreasonable through the Internal \
            Affairs Office (Phòng Nội vụ), which reviews them, may accept them (with a proposed \
            amendment of the town's own criteria), reject them with a reason, or escalate \
            feedback on the province's commune criteria to the Sở Nội vụ. See docs/feedback.md.

            Examples:
              feedback add --unit huong-van --criterion 3.2.4 "Không có hồ sơ quá hạn vẫn bị trừ điểm"
              feedback list --status submitted
              feedback review 1
              feedback escalate 1 --to "Sở Nội vụ tỉnh Thừa Thiên Huế"
              feedback report
            """,
        subcommands: [
            FeedbackAdd.self, FeedbackList.self, FeedbackShow.self, FeedbackComment.self, FeedbackReview.self,
            FeedbackAccept.self, FeedbackReject.self, FeedbackEscalate.self, FeedbackResolve.self,
            FeedbackAmend.self, FeedbackReport.self, FeedbackActors.self,
        ],
        defaultSubcommand: FeedbackList.self
    )

    func run(in context: CommandContext) throws {}
}

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
        let actor = try store.actor(store.actor)
        if action.needsOffice {
            guard actor?.role == .office else {
                throw FeedbackError.notOffice(actor: store.actor, action: action.rawValue)
            }
        } else if let actor, actor.role == .unit, let own = actor.unitID, let unit, own != unit {
            throw FeedbackError.notOwnUnit(actor: actor.name, unit: unit)
        }
    }
}
