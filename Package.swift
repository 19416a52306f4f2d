// swift-tools-version: 6.1
import PackageDescription

let argumentParser = Target.Dependency.product(name: "ArgumentParser", package: "swift-argument-parser")
let yams = Target.Dependency.product(name: "Yams", package: "Yams")
let grdb = Target.Dependency.product(name: "GRDB", package: "GRDB.swift")
let sqlite = Target.Dependency.product(name: "GRDBSQLite", package: "GRDB.swift")
let zip = Target.Dependency.product(name: "ZIPFoundation", package: "ZIPFoundation")
let postgres = Target.Dependency.product(name: "PostgresNIO", package: "postgres-nio")
let crypto = Target.Dependency.product(name: "Crypto", package: "swift-crypto")

/// The built-in workbench modules. They are ordinary library targets under Plugins/ (not SwiftPM
/// package plugins); the one list that composes them at startup is Sources/CCHCREPL/BuiltInModules.swift.
let builtInModules = [
    "DepartmentCriteria", "CommuneCriteria", "FeedbackTracker", "YearPlan", "DossierEvidence", "PostgresEvidence",
    "Exporters",
]
let criteriaModules: Set<String> = ["DepartmentCriteria", "CommuneCriteria"]

let package = Package(
    name: "CCHCWorkbench",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "cchc", targets: ["CCHCCLI"]),
        .executable(name: "cchc-bench", targets: ["CCHCBench"]),
        .executable(name: "cchc-floor", targets: ["CCHCStartupFloor"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.19"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.21.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.9.0"..<"5.0.0"),
    ],
    targets: [
        // Domain, scoring, the workspace (SQLite through GRDB), imports and the Evaluation service.
        // No terminal, command-line or REPL code, and no ArgumentParser.
        .target(name: "CCHCCore", dependencies: [yams, grdb, sqlite, crypto, zip]),
        // The module contract: WorkbenchModule, the registrar and registry, WorkbenchCommand and
        // the CommandContext handed to commands. Modules depend on this, not on the REPL.
        .target(name: "CCHCModuleKit", dependencies: ["CCHCCore", argumentParser, grdb]),
        // libedit through a system library and a small C shim (variadic el_set/history).
        .systemLibrary(
            name: "CEditLine",
            path: "Sources/CEditLine",
            pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"])]
        ),
        .target(name: "LineEditing", dependencies: ["CEditLine", "CCHCCore"]),
        // The REPL engine, the core verbs and the one composition list.
        .target(
            name: "CCHCREPL",
            dependencies: ["CCHCCore", "CCHCModuleKit", argumentParser] + builtInModules.map { .target(name: $0) }
        ),
        // The thin executable: product `cchc`.
        .executableTarget(
            name: "CCHCCLI",
            dependencies: ["CCHCREPL", "CCHCModuleKit", "LineEditing", "DossierEvidence", argumentParser]),
        // The startup benchmark (docs/performance.md) and its floor, a minimal Foundation program.
        .executableTarget(name: "CCHCStartupFloor"),
        .target(name: "CPseudoTerminal"),
        .executableTarget(name: "CCHCBench", dependencies: ["CPseudoTerminal", "CCHCModuleKit", "CCHCTesting"]),
        // Shared test support (not a product).
        .target(
            name: "CCHCTesting", dependencies: ["CCHCCore", "CCHCModuleKit", "CCHCREPL", "CPseudoTerminal", zip]),
        .testTarget(name: "CCHCCoreTests", dependencies: ["CCHCCore", "CCHCTesting", grdb]),
        .testTarget(
            name: "CCHCREPLTests",
            dependencies: ["CCHCREPL", "CCHCModuleKit", "CCHCTesting", "LineEditing", argumentParser, grdb, zip]),
        .testTarget(
            name: "ModuleTests",
            dependencies: ["CCHCCore", "CCHCModuleKit", "CCHCREPL", "CCHCTesting", grdb]
                + builtInModules.map { .target(name: $0) }
        ),
        .testTarget(name: "SessionReplayTests", dependencies: ["CCHCREPL", "CCHCModuleKit", "CCHCTesting"]),
    ]
        + builtInModules.map { name in
            .target(
                name: name,
                dependencies: ["CCHCCore", "CCHCModuleKit", argumentParser]
                    + (["FeedbackTracker", "YearPlan"].contains(name) ? [grdb] : [])
                    + (name == "Exporters" ? [zip] : []) + (name == "PostgresEvidence" ? [postgres] : []),
                path: "Plugins/\(name)",
                resources: criteriaModules.contains(name) ? [.copy("Resources")] : []
            )
        }
)

// The fuzzing harness (docs/reliability.md): libFuzzer targets, only in a manifest read with
// CCHC_FUZZ set, built with `-sanitize=fuzzer,address` in their own scratch path by
// Tests/Fuzz/run.sh. The normal build and CI never see them.
if Context.environment["CCHC_FUZZ"] != nil {
    package.targets.append(.target(name: "FuzzSupport", path: "Tests/Fuzz/FuzzSupport"))
    for (name, dependency) in [
        ("FuzzCSV", "CCHCREPL"), ("FuzzCriteria", "CCHCCore"), ("FuzzTokenizer", "CCHCREPL"),
        ("FuzzXLSX", "CCHCCore"), ("FuzzOverride", "CCHCREPL"), ("FuzzImport", "CCHCREPL"),
    ] {
        package.targets.append(
            .executableTarget(
                name: name, dependencies: ["FuzzSupport", .target(name: dependency), "CCHCCore"],
                path: "Tests/Fuzz/\(name)", swiftSettings: [.unsafeFlags(["-parse-as-library"])]))
    }
}
