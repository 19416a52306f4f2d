import CCHCCore
import CCHCModuleKit
import CCHCREPL
import CommuneCriteria
import DepartmentCriteria
import DossierEvidence
import Exporters
import FeedbackTracker
import PostgresEvidence
import Testing

@Suite struct BuiltInModuleTests {
    @Test func eachBuiltInModuleIsVendedUnderItsId() {
        let vended: [(WorkbenchModule, String)] = [
            (.core, "core"), (.commune, "commune"), (.department, "department"), (.feedback, "feedback"),
            (.collectors, "collectors"), (.postgres, "postgres"), (.export, "export"),
        ]
        for (module, id) in vended { #expect(module.id == id) }
    }

    @Test(arguments: [("commune", 100.0), ("department", 100.0)])
    func theShippedSetsParseAndAddUp(setID: String, total: Double) throws {
        let registry = try ModuleRegistry(modules: [.commune, .department, .feedback])
        let provider = try #require(registry.providers.first { $0.value.setIDs.contains(setID) })
        let sets = try provider.value.loadCriteriaSets()
        let set = try #require(sets.first)
        #expect(set.id == setID)
        #expect(set.maxPoints == total)
        #expect(set.bands.bands.map(\.code) == ["xuat_sac", "tot", "kha", "trung_binh", "yeu"])
        #expect(set.bands.gates.count == 2)
        #expect(set.leaves.allSatisfy { $0.rule != nil })
        #expect(Set(set.allNodes.map(\.id)).count == set.allNodes.count)
    }

    @Test func communeSetKeepsTheSeedLetterDuties() throws {
        let set = try #require(try BundledSets.load("commune"))
        #expect(set.owner == "province")
        #expect(set.node("3.2.3")?.rule?.evidenceKey == "dossiers.on_time_rate")
        #expect(set.node("3.2.4")?.rule?.evidenceKey == "dossiers.overdue_apology_rate")
        #expect(set.node("9")?.maxPoints == 30)
        #expect(set.node("3.2.3")?.provenance == .inferred)
    }

    @Test func departmentSetHasAnOptionalSurvey() throws {
        let set = try #require(try BundledSets.load("department"))
        #expect(set.owner == "town")
        #expect(set.node("8")?.isOptional == true)
        #expect(set.node("8")?.maxPoints == 30)
    }

    @Test func feedbackRegistersOnlyItsCommandGroup() throws {
        let registry = try ModuleRegistry(modules: [.feedback])
        #expect(registry.commandNames == ["feedback"])
        #expect(registry.providers.isEmpty)
    }
}

enum BundledSets {
    static func load(_ id: String) throws -> CriteriaSet? {
        let registry = try ModuleRegistry(modules: [.commune, .department])
        return try registry.providers.first { $0.value.setIDs.contains(id) }?.value.loadCriteriaSets().first
    }
}
