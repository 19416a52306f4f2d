import ArgumentParser
import CCHCCore
import CCHCModuleKit

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
