import ArgumentParser
import CCHCCore
import CCHCModuleKit
import CCHCREPL
import CCHCTesting
import GRDB
import Testing

struct Ping: WorkbenchCommand {
    static let configuration = CommandConfiguration(commandName: "ping", abstract: "Ping.")
    func run(in context: CommandContext) throws { context.write("pong") }
}

struct History: WorkbenchCommand {
    static let configuration = CommandConfiguration(commandName: "hist", abstract: "History.", aliases: ["history"])
    func run(in context: CommandContext) throws {}
}

struct FakeProvider: CriteriaProvider {
    let id: String
    let setIDs: [String]
    func loadCriteriaSets() throws -> [CriteriaSet] { [] }
}

@Suite struct RegistryTests {
    @Test func theBuiltInModulesCompose() throws {
        let registry = try ModuleRegistry(modules: BuiltInModules.all)
        #expect(
            registry.modules.map(\.id) == [
                "core", "commune", "department", "feedback", "plan", "collectors", "postgres", "export",
            ])
        #expect(registry.setIDs == ["commune", "department"])
        #expect(
            registry.exporters.map(\.value.id) == ["table", "json", "jsonl", "csv", "markdown", "html", "xlsx", "docx"])
        #expect(
            registry.commandNames == [
                "help", "modules", "sets", "use", "criteria", "units", "import", "open", "backup", "year", "stage",
                "calendar",
                "audit", "check", "evidence", "score", "rank", "explain", "gaps", "inflation", "scenario", "set",
                "unset",
                "exclude",
                "amend", "diff", "goal", "simulate", "compare", "lessons", "mode", "as", "whoami", "quit", "feedback",
                "plan",
                "sample",
                "export",
                "inspect", "lang", "frame",
            ])
    }

    @Test func aDuplicateModuleIdIsRejected() {
        #expect(throws: CompositionError.duplicateModuleID("a")) {
            try ModuleRegistry(modules: [stubModule("a"), stubModule("a")])
        }
    }

    @Test func aCommandClashNamesBothModules() {
        #expect(throws: CompositionError.commandClash(command: "ping", first: "a", second: "b")) {
            try ModuleRegistry(modules: [
                stubModule("a", commands: [Ping.self]), stubModule("b", commands: [Ping.self]),
            ])
        }
        let error = CompositionError.commandClash(command: "ping", first: "a", second: "b")
        #expect(error.description == "Modules 'a' and 'b' both register the command 'ping'")
    }

    @Test func anAliasClashingWithAnotherModulesCommandOrAliasIsRejected() {
        // The core's 'audit' has the alias 'history'.
        #expect(throws: CompositionError.commandClash(command: "history", first: "core", second: "b")) {
            try ModuleRegistry(modules: [.core, stubModule("b", commands: [History.self])])
        }
    }

    @Test func modulesContributeMigrationsAndADuplicateIdIsRejected() throws {
        let registry = try ModuleRegistry(modules: [stubModule("a", migrations: ["a-v1"]), stubModule("b")])
        #expect(registry.migrations.map(\.id) == ["a-v1"])
        let workspace = try Workspace.inMemory(migrations: registry.migrations)
        #expect(try workspace.read { db in try db.tableExists("a_t") })
        #expect(
            throws: CompositionError.duplicateContribution(
                kind: "workspace migration", id: "v1", first: "a", second: "b")
        ) {
            try ModuleRegistry(modules: [stubModule("a", migrations: ["v1"]), stubModule("b", migrations: ["v1"])])
        }
        #expect(
            throws: CompositionError.duplicateContribution(
                kind: "workspace migration", id: "v1-workspace", first: "core", second: "a")
        ) {
            try ModuleRegistry(modules: [stubModule("a", migrations: ["v1-workspace"])])
        }
    }

    @Test func aDuplicateSetIdNamesBothModules() {
        #expect(throws: CompositionError.duplicateContribution(kind: "criteria set", id: "s", first: "a", second: "b"))
        {
            try ModuleRegistry(modules: [
                stubModule("a", provider: FakeProvider(id: "p1", setIDs: ["s"])),
                stubModule("b", provider: FakeProvider(id: "p2", setIDs: ["s"])),
            ])
        }
    }

    @Test func aModuleCommandClashingWithACoreVerbIsRejected() {
        struct Score: WorkbenchCommand {
            static let configuration = CommandConfiguration(commandName: "score")
            func run(in context: CommandContext) throws {}
        }
        #expect(throws: CompositionError.commandClash(command: "score", first: "core", second: "x")) {
            try ModuleRegistry(modules: [.core, stubModule("x", commands: [Score.self])])
        }
    }

    @Test func moduleErrorsCarryTheModulePrefix() throws {
        let engine = try makeSampleEngine()
        let result = engine.execute("feedback review 7")
        #expect(!result.succeeded)
        #expect(result.output.map(\.text) == ["Error: [feedback] No feedback #7"])
    }
}
