import CCHCREPL
import CCHCTesting
import Foundation
import Testing

/// The `cchc` executable as scripts use it: exit statuses, streams, stdin.
@Suite struct CommandLineTests {
    @Test func theActorIsTheOSUserEvenWithoutUserInTheEnvironment() {
        #expect(Workbench.defaultActor(["USER": "hoa", "LOGNAME": "x"]) == "hoa")
        #expect(Workbench.defaultActor(["LOGNAME": "lan"]) == "lan")
        let fromUserDatabase = Workbench.defaultActor([:])
        #expect(!fromUserDatabase.isEmpty && fromUserDatabase != "cchc")
    }

    @Test func commandsOnStandardInputPrintTheRanking() throws {
        let run = try Products.runCCHC([], stdin: "score\nrank\n")
        #expect(run.status == 0)
        #expect(run.stdout.contains("Ranking: set 'commune', year 2024"))
        #expect(run.stderr.isEmpty)
    }

    @Test func aBadCommandInAScriptFailsTheRunButTheRestStillRuns() throws {
        let run = try Products.runCCHC([], stdin: "rank\nnonsense\nsets\n")
        #expect(run.status == 1)
        #expect(run.stderr == "<stdin>:2: Error: Unknown command 'nonsense'. See 'help' for the list of commands.\n")
        #expect(run.stdout.contains("Most point values are drafts"))
    }

    @Test func bailStopsAtTheFirstFailure() throws {
        let run = try Products.runCCHC(["--bail"], stdin: "nonsense\nsets\n")
        #expect(run.status == 1)
        #expect(!run.stdout.contains("Most point values are drafts"))
    }

    @Test func dashCRunsCommandsInOrder() throws {
        let run = try Products.runCCHC([
            "-c", "use department", "-c", "mode csv", "-c", "units --kind public_service_unit",
        ])
        #expect(run.status == 0)
        #expect(run.stdout.hasPrefix("Using criteria set 'department'"))
        #expect(run.stdout.contains("bql-da,Ban Quản lý dự án đầu tư xây dựng,public_service_unit,department"))
    }

    @Test func formatJSONPrintsOnlyJSON() throws {
        let run = try Products.runCCHC(["--format", "json", "-c", "score tu-ha"])
        #expect(run.status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        #expect(object?["scores"] != nil)
    }

    @Test func everyCommandWritesExactlyOneJSONDocumentAndErrorsAreJSONToo() throws {
        let commands = [
            "help", "help rank", "modules", "sets", "use department", "criteria 1 --set department", "units",
            "year", "stage", "calendar", "audit --last 2", "evidence tu-ha", "score tu-ha huong-van", "rank",
            "explain p-noivu", "gaps p-noivu", "inflation p-noivu", "scenario new x", "scenario list",
            "set p-noivu 1.1.2 0.5", "scenario show", "diff baseline x", "unset p-noivu 1.1.2", "exclude p-vhtt",
            "goal p-noivu --band tot", "simulate --runs 20 --seed 1", "mode jsonl", "feedback list", "lang",
        ]
        let run = try Products.runCCHC(
            ["--sample", "--format", "jsonl"], stdin: commands.joined(separator: "\n") + "\n")
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n")
        #expect(lines.count == commands.count, "\(run.stdout)")
        for line in lines {
            #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) is [String: Any], "\(line)")
        }
        #expect(run.stderr.isEmpty, "\(run.stderr)")
        // Switching to jsonl is the first command's answer in it: every line of standard output is
        // a document, standard error stays empty.
        let switched = try Products.runCCHC(["--sample"], stdin: "mode jsonl\nsets\n")
        #expect(switched.stderr.isEmpty, "\(switched.stderr)")
        let answers = switched.stdout.split(separator: "\n").map {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        #expect(answers.count == 2 && answers.allSatisfy { $0 != nil }, "\(switched.stdout)")
        #expect(answers.first??["messages"] as? [String] == ["Output format: jsonl"])
        let failing = try Products.runCCHC(
            ["--sample", "--format", "jsonl"], stdin: "scenario new y\nnope\nimport scores /nonexistent.csv\n")
        #expect(failing.status == 1)
        // One document per command, failed ones included ("ok": false), errors on standard error.
        let documents = failing.stdout.split(separator: "\n").map {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        #expect(
            documents.map { $0?["command"] as? String } == ["scenario new y", "nope", "import scores /nonexistent.csv"])
        #expect(documents.map { $0?["ok"] as? Bool } == [true, false, false])
        let errors = failing.stderr.split(separator: "\n").map {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        #expect(errors.count == 2)
        #expect(errors[0]?["error"] as? String == "Unknown command 'nope'. Did you mean 'open'?")
        #expect(errors[0]?["script"] as? String == "<stdin>:2")
        #expect(
            Engine.errorDocument("Error: [collectors] d.csv:3:11: Unknown stage 'x'", location: nil)
                == #"{"error": "Unknown stage 'x'", "module": "collectors", "file": "d.csv", "line": 3, "column": 11}"#)
    }

    @Test func formatCSVWritesOnlyTheTableToStandardOutput() throws {
        let run = try Products.runCCHC(["--sample", "--format", "csv"], stdin: "use department\nrank\n")
        #expect(
            run.stdout.hasPrefix(
                "rank,unit_id,unit,set,total,max,index_pct,band,band_name,demoted_from,gate,group,missing_leaves,ranked,reason\n"
            ))
        #expect(run.stderr.hasPrefix("Using criteria set 'department'"))
    }

    @Test func badFlagsExitWith64() throws {
        #expect(try Products.runCCHC(["--frobnicate"]).status == 64)
        #expect(try Products.runCCHC(["--format", "xml", "-c", "sets"]).status == 64)
        // The formats are the composed modules' screen formats (html and xlsx are for files).
        let typo = try Products.runCCHC(["--format", "jsn", "-c", "sets"])
        #expect(typo.status == 64)
        #expect(
            typo.stderr.contains("Unknown format 'jsn'. Did you mean 'json'?"))
        #expect(try Products.runCCHC(["--format", "html", "-c", "sets"]).status == 64)
        // A format in capitals is the format.
        let capitals = try Products.runCCHC(["--sample", "--format", "JSON", "-c", "sets"])
        #expect(capitals.status == 0 && capitals.stdout.hasPrefix("{"))
        #expect(try Products.runCCHC(["--sample", "--memory", "-c", "sets"]).status == 64)
        // One line each, saying what to do, without argument-parser's usage; help still prints.
        let command = try Products.runCCHC(["--sample", "rank"])
        #expect(command.status == 64)
        #expect(
            command.stderr
                == "Error: Unexpected argument 'rank': workbench commands go after -c (cchc -c 'rank') or at the prompt; see 'cchc --help'\n"
        )
        #expect(
            try Products.runCCHC(["--frobnicate"]).stderr
                == "Error: Unknown option '--frobnicate'. See 'cchc --help'.\n")
        let format = try Products.runCCHC(["--format", "xml", "-c", "sets"]).stderr
        #expect(format == "Error: Unknown format 'xml'; expected table, json, jsonl, csv, markdown\n")
        #expect(try Products.runCCHC(["--help"]).stdout.contains("USAGE: cchc"))
        let words = try Products.runCCHC(["import", "dossiers", "Hồ sơ 2024.csv"])
        #expect(
            words.stderr
                == "Error: 3 unexpected arguments: 'import', 'dossiers', 'Hồ sơ 2024.csv': workbench commands go after -c (cchc -c 'import dossiers \"Hồ sơ 2024.csv\"') or at the prompt; see 'cchc --help'\n"
        )
    }

    /// A workbench command's help asked for on the command line is that command's help, not
    /// the help of `cchc` (no workspace is read or made for it).
    @Test func aWorkbenchCommandsHelpIsShownFromTheCommandLine() throws {
        let asked = try Products.runCCHC(["--memory", "-c", "help import dossiers"]).stdout
        #expect(asked.hasPrefix("OVERVIEW: Import dossier exports"))
        for arguments in [
            ["help", "import", "dossiers"], ["import", "dossiers", "--help"], ["import", "dossiers", "-h"],
        ] {
            let shown = try Products.runCCHC(arguments)
            #expect(shown.status == 0)
            #expect(shown.stdout == asked, "\(arguments)")
        }
        #expect(try Products.runCCHC(["sample", "dossiers", "--help"]).stdout.contains("--office-export"))
        #expect(try Products.runCCHC(["help"]).stdout.contains("USAGE: cchc"))
        #expect(try Products.runCCHC(["run", "--help"]).stdout.contains("USAGE: cchc run"))
    }

    @Test func aWorkspacePathIsFoundInEitherUnicodeFormAndAMistypedFolderIsNotMade() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cchc-path-\(UUID())")
        let office = folder.appendingPathComponent("Phòng Nội vụ".precomposedStringWithCanonicalMapping)
        try FileManager.default.createDirectory(at: office, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = office.appendingPathComponent("năm 2024.cchc".precomposedStringWithCanonicalMapping).path
        // A new workspace where asked, and said so (standard error: standard output stays the
        // command's).
        let created = try Products.runCCHC(["--workspace", path, "-c", "units add x-1 \"Xã Một\" --kind xã"])
        #expect(created.status == 0, "\(created.stderr)")
        #expect(created.stderr == "Note: no workspace at \(path) yet; a new, empty one is made there\n")
        // Typed in NFD (as macOS writes names), the same file opens: no second folder, no new
        // empty workspace.
        let decomposed = try Products.runCCHC(["--workspace", path.decomposedStringWithCanonicalMapping, "-c", "units"])
        #expect(decomposed.status == 0)
        #expect(decomposed.stderr.isEmpty)
        #expect(decomposed.stdout.contains("x-1"))
        // A document names the workspace by its file's name, not the folders of the machine.
        let exported = office.appendingPathComponent("don-vi.md").path
        let export = try Products.runCCHC(["--workspace", path, "-c", "export ranking markdown '\(exported)'"])
        #expect(export.status == 0, "\(export.stderr)")
        let document = try String(contentsOfFile: exported, encoding: .utf8)
        #expect(document.contains("**Workspace**: năm 2024.cchc".precomposedStringWithCanonicalMapping))
        #expect(!document.contains(office.path))
        try FileManager.default.removeItem(atPath: exported)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).count == 1)
        // A mistyped folder is an error, and nothing is made.
        let typo = folder.appendingPathComponent("Phong Noi vu/năm 2024.cchc").path
        let mistyped = try Products.runCCHC(["--workspace", typo, "-c", "rank"])
        #expect(mistyped.status == 64)
        #expect(mistyped.stderr.contains("No folder '\(folder.path)/Phong Noi vu' for the workspace"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("Phong Noi vu").path))
        // A folder is not a workspace file.
        let given = try Products.runCCHC(["--workspace", office.path, "-c", "rank"])
        #expect(given.status == 64)
        #expect(given.stderr.contains("it is a folder; give the workspace file's path"))
        // With JSON, each is said as a JSON object (a new empty workspace too: a mistyped path
        // would otherwise give an empty ranking that looks like success).
        let other = office.appendingPathComponent("khác.cchc".precomposedStringWithCanonicalMapping).path
        let json = try Products.runCCHC(["--format", "json", "--workspace", other, "-c", "rank"])
        #expect(json.status == 0)
        #expect(json.stderr == "{\"note\": \"no workspace at \(other) yet; a new, empty one is made there\"}\n")
        for (arguments, status) in [(["--workspace", typo], 64), (["--workspace", office.path], 64)] {
            let refused = try Products.runCCHC(["--format", "jsonl"] + arguments + ["-c", "rank"])
            #expect(refused.status == Int32(status))
            #expect(refused.stderr.hasPrefix("{\"error\": ") && refused.stdout.isEmpty, "\(refused.stderr)")
        }
    }

    @Test func versionIsPrinted() throws {
        let run = try Products.runCCHC(["--version"])
        #expect(run.status == 0)
        #expect(run.stdout == "\(Workbench.version)\n")
    }

    @Test func memoryStartsEmpty() throws {
        let run = try Products.runCCHC(["--memory", "-c", "rank"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("No units to rank."))
    }

    @Test func runExecutesAScriptAndNamesTheFailingLine() throws {
        let script = FileManager.default.temporaryDirectory.appendingPathComponent("cchc-test-\(UUID()).cchc")
        try "# a comment\nuse department\r\nexplain nowhere\nrank\n".write(
            to: script, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: script) }
        let run = try Products.runCCHC(["run", script.path])
        #expect(run.status == 1)
        #expect(run.stderr.hasPrefix("\(script.path):3: Error: Unknown unit 'nowhere'"))
        #expect(run.stdout.contains("Ranking: set 'department'"))
    }

    @Test func aMissingScriptIsAFailureNotAUsageError() throws {
        let run = try Products.runCCHC(["run", "/nonexistent/script.cchc"])
        #expect(run.status == 1)
        #expect(run.stderr == "Error: Cannot read the script '/nonexistent/script.cchc'\n")
        let json = try Products.runCCHC(["--format", "json", "run", "/nonexistent/script.cchc"])
        #expect(json.status == 1)
        #expect(json.stderr == "{\"error\": \"Cannot read the script '/nonexistent/script.cchc'\"}\n")
    }

    @Test func optionsMayStandBeforeOrAfterTheSubcommand() throws {
        let script = FileManager.default.temporaryDirectory.appendingPathComponent("cchc-test-\(UUID()).cchc")
        try "rank --set department\n".write(to: script, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: script) }
        for arguments in [["--format", "csv", "run", script.path], ["run", script.path, "--format", "csv"]] {
            let run = try Products.runCCHC(arguments)
            #expect(run.status == 0)
            #expect(
                run.stdout.hasPrefix(
                    "rank,unit_id,unit,set,total,max,index_pct,band,band_name,demoted_from,gate,group,missing_leaves,ranked,reason\n1,vp-ubnd,"
                ))
        }
    }

    @Test func vietnameseOnStandardInputSurvives() throws {
        let run = try Products.runCCHC([], stdin: "score \"Hương Văn\"\n")
        #expect(run.status == 0)
        #expect(run.stdout.contains("Hương Văn"))
    }
}
