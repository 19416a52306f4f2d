import CCHCCore
import CCHCModuleKit
import CCHCREPL
import CCHCTesting
import Foundation
import Testing

@Suite struct EngineTests {
    let engine: Engine

    init() throws { engine = try makeSampleEngine() }

    /// A ranking in a scenario says what the scenario assumes, to people; scripts' JSON and CSV
    /// keep to the ranking (found by a new user's trial: a ranking sent on did not say why a
    /// unit stood where it did).
    @Test func aRankingInAScenarioSaysWhatItChangesToPeopleOnly() {
        #expect(engine.execute("scenario new t1").succeeded)
        #expect(engine.execute("set tu-ha 4.2 2").succeeded)
        let text = engine.handle("rank")
        #expect(text.contains("What scenario 't1' changes\nUnit   Criterion"), "\(text)")
        #expect(text.contains("Tứ Hạ  4.2 "))
        #expect(!engine.handle("rank --scenario baseline").contains("What scenario"))
        _ = engine.execute("mode json")
        #expect(!engine.handle("rank").contains("\"changes\""))
        _ = engine.execute("mode csv")
        #expect(!engine.handle("rank").contains("override"))
        _ = engine.execute("mode table")
        #expect(engine.execute("scenario new t3").succeeded)
        #expect(engine.handle("rank").contains("What scenario 't3' changes\nScenario 't3' changes nothing yet."))
    }

    /// A unit excluded in one scenario of a diff says why its A or B is empty, to people
    /// (found by a new user's trial); scripts read the empty fields.
    @Test func aDiffSaysWhichUnitsAreNotRankedInARow() {
        #expect(engine.execute("scenario new t2").succeeded)
        #expect(engine.execute("exclude huong-binh").succeeded)
        let text = engine.handle("diff baseline t2")
        #expect(text.contains("Moved  Note\n"), "\(text)")
        #expect(text.split(separator: "\n").contains { $0.hasPrefix("huong-binh") && $0.hasSuffix("not ranked") })
        #expect(!engine.handle("diff baseline baseline").contains("Note"))
        _ = engine.execute("mode json")
        #expect(!engine.handle("diff baseline t2").contains("not_ranked"))
    }

    @Test func unknownCommandsSuggestTheClosest() {
        let result = engine.execute("scor")
        #expect(!result.succeeded)
        #expect(
            result.output == [OutputChunk(kind: .error, text: "Error: Unknown command 'scor'. Did you mean 'score'?")])
        #expect(engine.handle("zzzzzz") == "Error: Unknown command 'zzzzzz'. See 'help' for the list of commands.")
    }

    @Test func aMisspeltSubcommandIsNamedWithTheClosestOne() {
        #expect(
            engine.handle("plan nwe p")
                == "Error: [plan] Unknown subcommand 'nwe' of 'plan'. Did you mean 'plan new'? See 'help plan'.")
        #expect(
            engine.handle("scenario lst")
                == "Error: Unknown subcommand 'lst' of 'scenario'. Did you mean 'scenario list'? See 'help scenario'.")
        #expect(
            engine.handle("units ad x y --kind commune")
                == "Error: Unknown subcommand 'ad' of 'units'. Did you mean 'units add'? See 'help units'.")
        // A group's own arguments that fail for another reason keep argument-parser's message.
        #expect(engine.handle("plan x1 --bad") == "Error: [plan] Unknown option '--bad'. See 'help plan'.")
        #expect(engine.execute("scenario list").succeeded)
    }

    @Test func inputErrorsAreOneLine() {
        let text = engine.handle("use")
        #expect(text == "Error: Missing expected argument '<set>'. See 'help use'.")
        #expect(engine.handle("rank --bogus") == "Error: Unknown option '--bogus'. See 'help rank'.")
    }

    @Test func commentsAndBlankLinesDoNothing() {
        #expect(engine.execute("# a comment").output.isEmpty)
        #expect(engine.execute("   ").succeeded)
    }

    @Test func unitNamesMatchWithoutDiacriticsCaseOrForm() throws {
        let units = (try engine.context.evaluation.units())
        #expect(try UnitMatcher.match("huong van", in: units).id == "huong-van")
        #expect(try UnitMatcher.match("HƯƠNG VĂN".decomposedStringWithCanonicalMapping, in: units).id == "huong-van")
        #expect(try UnitMatcher.match("tu ha", in: units).id == "tu-ha")
        #expect(try UnitMatcher.match("P-NOIVU", in: units).id == "p-noivu")
        #expect(try UnitMatcher.match("phong noi", in: units).id == "p-noivu")
        // The place after an office's name, as letters and sheets write it.
        #expect(try UnitMatcher.match("Phòng Tư pháp thị xã", in: units).id == "p-tuphap")
        #expect(try UnitMatcher.match("Phòng Nội vụ thị xã Hương Trà", in: units).id == "p-noivu")
        #expect(
            try UnitMatcher.match(
                "UBND phường Tứ Hạ, thị xã Hương Trà".replacingOccurrences(of: ",", with: ""), in: units
            ).id == "tu-ha")
        // The place set off by a comma, semicolon or dash (found by a new user's trial).
        for written in [
            "UBND phường Tứ Hạ, thị xã Hương Trà", "UBND phường Tứ Hạ; thị xã Hương Trà", "Tứ Hạ - thị xã Hương Trà",
        ] {
            #expect(try UnitMatcher.match(written, in: units).id == "tu-ha", "\(written)")
        }
        #expect(try UnitMatcher.match("Phòng Quản lý đô thị", in: units).id == "p-qldt")
        // Names as offices shorten them (found by an office: each was a bare "Unknown unit").
        for (short, id) in [
            ("Phòng TCKH", "p-tckh"), ("Phòng TC-KH", "p-tckh"), ("Phòng LĐTBXH", "p-ldtbxh"),
            ("Phòng GD&ĐT", "p-gddt"), ("VP HĐND-UBND", "vp-ubnd"), ("Văn phòng HĐND - UBND thị xã", "vp-ubnd"),
            ("TT Văn hóa, TT và TT", "tt-vhtt"), ("Phòng TN&MT", "p-tnmt"), ("phong tc-kh", "p-tckh"),
            ("vp hdnd-ubnd", "vp-ubnd"), ("phòng lđtbxh", "p-ldtbxh"),
            // A dash for "và" (found by an office: `Phòng Văn hóa - Thông tin` was unknown).
            ("Phòng Văn hóa - Thông tin", "p-vhtt"), ("Phòng Tài nguyên - Môi trường", "p-tnmt"),
        ] {
            #expect(try UnitMatcher.match(short, in: units).id == id, "\(short)")
        }
        #expect(throws: UnitMatcher.MatchError.self) { try UnitMatcher.match("TT", in: units) }
    }

    /// The goal-seek tries survey indexes in steps of 5; its step asks for the least index (to a
    /// tenth) the target needs: 95.3 brings Phòng Nội vụ to 80.00 % (Tốt), 95.2 to 79.99 %.
    @Test func aSurveyStepAsksForTheLeastIndexThatReachesTheTarget() throws {
        let text = engine.handle("goal p-noivu --band tot")
        #expect(text.contains("raise survey.town_leaders.index from 80.8 to 95.3"), "\(text)")
        #expect(text.contains("After:          80.00%, Tốt"))
    }

    /// A gate that demoted a unit is told with the bands by name, not their codes.
    @Test func aDemotionNamesTheBandsPeopleRead() {
        #expect(
            engine.handle("explain huong-tho").contains(
                "Gate:           Xuất sắc → Tốt by no_excellent_if_weak_field: Không xếp loại Xuất sắc"))
    }

    /// Leaves shown to 2 decimals that do not add up to their total as shown are explained.
    @Test func aColumnOfRoundedPointsThatMissesItsTotalIsExplained() {
        #expect(
            engine.handle("explain huong-an 9").contains(
                "Points are shown to 2 decimals and totals add the exact points, so the leaves as shown add up to 27.52, the total to 27.50"
            ))
        #expect(!engine.handle("explain tu-ha 3.2").contains("Points are shown to 2 decimals"))
    }

    @Test func aUnitAskedForBeforeAnyExistsSaysHowToAddUnits() {
        #expect(throws: UnitMatcher.MatchError.noUnits(query: "tu-ha")) { try UnitMatcher.match("tu-ha", in: []) }
        #expect(
            UnitMatcher.MatchError.noUnits(query: "tu-ha").description
                == "Unknown unit 'tu-ha': there are no units yet; 'import units FILE' or 'units add' adds them")
    }

    @Test func anAmbiguousNameListsTheCandidates() {
        #expect(throws: UnitMatcher.MatchError.self) {
            try UnitMatcher.match("binh", in: (try engine.context.evaluation.units()))
        }
        // Every name with the word: Bình Thành, Bình Tiến, Hương Bình, "Thương binh và Xã hội".
        #expect(
            engine.handle("score binh")
                == "Error: Unit 'binh' is ambiguous: 'binh-thanh (Bình Thành)', 'binh-tien (Bình Tiến)', "
                + "'huong-binh (Hương Bình)', 'p-ldtbxh (Phòng Lao động - Thương binh và Xã hội)'")
    }

    @Test func aWordOfANameFindsItsUnitAndUnquotedWordsAreFirstOneName() throws {
        func ids(_ line: String) throws -> [String] {
            let report = try engine.context.capture(line.split(separator: " ").map(String.init)).forScripts
            let table = try #require(report.tables.first)
            let column = try #require(table.columns.firstIndex { $0.key == "unit_id" })
            return table.rows.map { $0[column].display }
        }
        // A whole word before the start of another ("ha": Tứ Hạ, not Hải Dương); the diacritics
        // typed count ("tư" is not "Tứ").
        #expect(try ids("score ha") == ["tu-ha"])
        #expect(try ids("score Hạ") == ["tu-ha"])
        #expect(engine.handle("score tư").hasPrefix("Error: Unit 'tư' is ambiguous: 'bql-da"))
        #expect(!engine.handle("score tư").contains("tu-ha"))
        #expect(engine.handle("score tu").contains("'tu-ha (Tứ Hạ)'"))
        // Unquoted words are one name first; a unit named twice is listed once.
        #expect(try ids("score tu phap") == ["p-tuphap"])
        // An id's letters run together.
        #expect(try ids("score tuphap") == ["p-tuphap"])
        #expect(engine.handle("score vhtt").contains("'p-vhtt (Phòng Văn hóa và Thông tin)', 'tt-vhtt"))
        #expect(try ids("score thanh tra") == ["thanh-tra"])
        #expect(try ids("score tu-ha huong-van tu-ha") == ["tu-ha", "huong-van"])
    }

    @Test func anUnknownNameSuggestsTheClosest() {
        #expect(engine.handle("score huong vam") == "Error: Unknown unit 'huong vam'. Did you mean 'Hương Văn'?")
    }

    @Test func scoreJSONCarriesTheStableFields() throws {
        _ = engine.execute("mode json")
        let text = engine.handle("score tu-ha p-noivu")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let scores = try #require(json["scores"] as? [[String: Any]])
        #expect(scores.count == 2)
        for key in ["unit_id", "unit", "set", "total", "max", "index_pct", "band", "rank"] {
            #expect(scores.allSatisfy { $0[key] != nil }, "missing \(key)")
        }
        #expect(scores[0]["unit_id"] as? String == "tu-ha")
        #expect(scores[0]["unit"] as? String == "Tứ Hạ")
        #expect(scores[1]["set"] as? String == "department")
        #expect(scores[0]["rank"] is Int)
        #expect(scores[0]["total"] is Double)
    }

    @Test func everyScoringViewSaysItsSetYearAndScenarioInJSONAndPeopleSeeTheScenario() throws {
        #expect(engine.execute("scenario new what-if").succeeded)
        #expect(engine.execute("set tu-ha 3.2.1 0").succeeded)
        let views = [
            "score", "score tu-ha", "rank", "explain tu-ha", "explain tu-ha --scorecard", "gaps tu-ha",
            "gaps --by-criterion", "inflation", "inflation tu-ha", "goal tu-ha --band tot", "simulate --runs 5",
        ]
        for view in views {
            _ = engine.execute("mode json")
            let text = engine.handle(view)
            let json = try #require(
                try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "\(view): \(text)")
            #expect(json["set"] as? String == "commune", "\(view)")
            #expect(json["year"] as? Int == 2024, "\(view)")
            #expect(json["scenario"] as? String == "what-if", "\(view)")
            _ = engine.execute("mode table")
            #expect(engine.handle(view).contains("what-if"), "\(view) names the scenario for people")
        }
        _ = engine.execute("mode json")
        let baseline = try #require(
            try JSONSerialization.jsonObject(with: Data(engine.handle("rank --scenario baseline").utf8))
                as? [String: Any])
        #expect(baseline["scenario"] as? String == "baseline")
    }

    /// A scenario that changes units of both sets is compared in both: for people a table per
    /// set, for scripts one list whose rows say their set (each key once in the document).
    @Test func aDiffOfTwoSetsIsOneListForScripts() throws {
        for line in [
            "scenario new both", "set huong-van evidence discipline.violation_count 1",
            "set p-ldtbxh evidence discipline.violation_count 0",
        ] {
            #expect(engine.execute(line).succeeded, "\(line)")
        }
        _ = engine.execute("mode json")
        let text = engine.handle("diff baseline both")
        #expect(text.components(separatedBy: "\"diff\":").count == 2, "one diff list")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let rows = try #require(json["diff"] as? [[String: Any]])
        #expect(json["set"] is NSNull)
        #expect(rows.filter { $0["set"] as? String == "commune" }.count == 14)
        #expect(rows.filter { $0["set"] as? String == "department" }.count == 15)
        let vanRow = try #require(rows.first { $0["unit_id"] as? String == "huong-van" })
        #expect(vanRow["band_a"] as? String == "xuat_sac" && vanRow["band_b"] as? String == "tot")
        _ = engine.execute("mode table")
        let table = engine.handle("diff baseline both")
        #expect(table.hasPrefix("Diff: 'baseline' → 'both', year 2024\n"), "\(table)")
        #expect(table.contains("Set 'commune'\n") && table.contains("Set 'department'\n"))
        #expect(table.contains("Set 'commune': 2 moved up, 1 moved down, 1 changed band."))
    }

    /// What an analyst mistypes gets the way on: the leaf above a component too many, the set an
    /// id belongs to, the scenario a change comes from, how to take an exclusion back.
    @Test func whatIfMistakesSayWhatToDo() {
        #expect(
            engine.handle("explain tu-ha 3.2.3.1")
                == "Error: Unknown criterion '3.2.3.1' in set 'commune'. Did you mean '3.2.3'?")
        #expect(
            engine.handle("explain p-noivu 9.1")
                == "Error: Criterion '9.1' is of set 'commune', not of set 'department' (the set this view reads)")
        for line in [
            "scenario new s1", "set tu-ha evidence dossiers.software_entry_rate 100%", "scenario new s2 --from s1",
        ] {
            #expect(engine.execute(line).succeeded, "\(line)")
        }
        #expect(
            engine.handle("unset tu-ha evidence dossiers.software_entry_rate").hasPrefix(
                "Error: Scenario 's2' has no override for 'tu-ha evidence dossiers.software_entry_rate': it comes from 's1'"
            ))
        #expect(engine.execute("exclude huong-toan").succeeded)
        #expect(
            engine.handle("score huong-toan")
                == "Error: Unit 'huong-toan' is excluded from scenario 's2'; 'unset exclude huong-toan --scenario s2' takes the exclusion back"
        )
        // A penalty as a what-if, within the set's cap.
        #expect(engine.execute("set tu-ha penalty 2").succeeded)
        #expect(engine.handle("set tu-ha penalty 50") == "Error: Points '50' are above the maximum 5 of 'penalty'")
        #expect(engine.handle("amend 3.2.4 max -1").hasPrefix("Error: Maximum '-1' is below 0"))
        #expect(engine.handle("score xyz") == "Error: Unknown unit 'xyz'; 'units' lists them")
        // A unit with nothing recorded takes no place: rank 1 of the 14 ranked, not of 15.
        #expect(engine.execute("units add xa-rong 'Xã Rỗng' --kind xã --set commune").succeeded)
        #expect(
            engine.handle("goal huong-toan --rank 1 --scenario baseline").contains("Target:         rank 1 of 14\n"))
    }

    /// A count with nothing recorded is the office's to record; the answer says what is missing.
    @Test func goalCountsMissingLeavesAsMissingAndSaysSo() {
        for line in [
            "units add xa-moi 'Xã Mới' --kind xã --set commune",
            "scenario new m", "set xa-moi evidence plan.completion_rate 100%",
        ] {
            #expect(engine.execute(line).succeeded, "\(line)")
        }
        let answer = engine.handle("goal xa-moi --band kha")
        #expect(answer.contains("record discipline.violation_count (now missing): none gives full points"), "\(answer)")
        #expect(answer.contains("applicable leaves have nothing recorded ("))
        #expect(!answer.contains("from 0 to"))
    }

    /// Views of recorded data say a scenario in use is not applied; every view says what it is.
    @Test func viewsSayWhatTheyShowWhileAScenarioIsInUse() {
        for line in ["scenario new s1", "set tu-ha evidence dossiers.software_entry_rate 100%"] {
            #expect(engine.execute(line).succeeded, "\(line)")
        }
        #expect(
            engine.handle("evidence tu-ha").contains(
                "Evidence as recorded: scenario 's1' in use sets dossiers.software_entry_rate → 100% ('explain tu-ha' scores the scenario)"
            ))
        #expect(engine.handle("evidence huong-van").contains("scenario 's1' in use changes none of huong-van's"))
        #expect(
            engine.handle("compare 2023 2024 --unit tu-ha").contains(
                "Years as recorded: scenario 's1' in use is not applied to this view"))
        #expect(engine.handle("gaps tu-ha").hasPrefix("Points lost: Tứ Hạ, set 'commune', year 2024\n"))
        #expect(
            engine.handle("rank --by group").contains(
                "No unit of set 'commune' is in a ranking group: one ranking of all its units"))
    }

    /// A unit with nothing recorded is listed last by `simulate`, with no median and no interval.
    @Test func simulateListsAUnitWithNothingRecordedLastWithoutRanks() throws {
        #expect(engine.execute("units add xa-moi 'Xã Mới' --kind commune").succeeded)
        _ = engine.execute("mode json")
        let text = engine.handle("simulate --runs 10 --set commune")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "\(text)")
        let units = try #require(json["units"] as? [[String: Any]])
        let last = try #require(units.last)
        #expect(last["unit_id"] as? String == "xa-moi")
        for key in ["rank", "median_rank", "rank_p5", "rank_p95"] { #expect(last[key] is NSNull, "\(key)") }
        #expect(units.dropLast().allSatisfy { $0["median_rank"] is Int })
    }

    @Test func negativeNumbersAndQuotedDashTextAreValuesWhereverOptionsStand() throws {
        #expect(engine.execute("scenario new t").succeeded)
        #expect(engine.handle("set tu-ha 1.4 -1").contains("Points '-1' are below 0"))
        #expect(engine.handle("set tu-ha 1.4 -0,5").contains("Points '-0,5' are below 0"))
        for line in [
            "feedback add --unit tu-ha '-5 điểm' --criterion 3.2.4",
            "feedback add \"-6 điểm\" --unit tu-ha --criterion=3.2.4",
        ] {
            #expect(engine.execute(line).succeeded, "\(line)")
        }
        let list = engine.handle("feedback list")
        #expect(list.contains("-5 điểm") && list.contains("-6 điểm"))
        // Unquoted, a dash word is still an option, with the usual error.
        #expect(engine.handle("set tu-ha 1.4 -x").contains("Unknown option '-x'"))
    }

    @Test func evidenceIsCheckedAgainstHowTheSetReadsItInSetAndImportAlike() throws {
        #expect(engine.execute("scenario new t").succeeded)
        let refusals = [
            "set tu-ha evidence dossiers.on_time_rate 101": "Rate '101' is outside 0…100",
            "set tu-ha evidence dossiers.on_time_rate yes": "Value 'yes' is not a rate",
            "set tu-ha evidence discipline.violation_count 2.5": "Count '2.5' is not a whole number",
            "set tu-ha evidence web.updated_regularly 0.5": "Value '0.5' is not yes or no",
        ]
        for (line, message) in refusals { #expect(engine.handle(line).contains(message), "\(line)") }
        #expect(engine.execute("set tu-ha evidence dossiers.on_time_rate 97").succeeded)
        #expect(engine.execute("set tu-ha evidence web.updated_regularly 1").succeeded)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("cchc-ev-\(UUID()).csv")
        defer { try? FileManager.default.removeItem(at: file) }
        try "unit_id,key,value\ntu-ha,dossiers.on_time_rate,101\ntu-ha,discipline.violation_count,2.5\n".write(
            to: file, atomically: true, encoding: .utf8)
        let imported = engine.handle("import evidence \(file.path) --check")
        #expect(imported.contains(":2:") && imported.contains("Rate '101' is outside 0…100"))
        #expect(imported.contains(":3:") && imported.contains("Count '2.5' is not a whole number"))
    }

    @Test func groupsTypedWithOtherSpacingOrCaseAreOneBlock() throws {
        #expect(engine.execute("units add g1 \"Xã Một\" --kind commune --group \"Khối  xã \"").succeeded)
        #expect(engine.execute("units add g2 \"Xã Hai\" --kind commune --group \"khối xã\"").succeeded)
        #expect(engine.execute("units add g3 \"Xã Ba\" --kind commune --group \"   \"").succeeded)
        let groups = try engine.context.evaluation.units().filter { $0.id.hasPrefix("g") }.map(\.group)
        #expect(groups == ["Khối xã", "Khối xã", nil])
    }

    @Test func openNeedsCreateForAMissingPathAndFindsNamesInDecomposedUnicode() throws {
        let scratch = try TemporaryFolder("cchc-open")
        let folder = scratch.url
        let missing = folder.appendingPathComponent("thiếu.cchc").path
        #expect(engine.handle("open \(missing)").contains("No workspace at"))
        #expect(!FileManager.default.fileExists(atPath: missing), "nothing is created unless asked")
        #expect(engine.execute("open \(missing) --create").succeeded)
        // An empty file is not a workspace either (found by a new-user trial): --create makes it
        // one, private as every new workspace.
        let empty = folder.appendingPathComponent("empty.cchc").path
        _ = FileManager.default.createFile(atPath: empty, contents: Data(), attributes: [.posixPermissions: 0o644])
        #expect(engine.handle("open \(empty)").contains("is an empty file, not a workspace; 'open"))
        #expect(engine.execute("open \(empty) --create").succeeded)
        #expect(try FileManager.default.attributesOfItem(atPath: empty)[.posixPermissions] as? Int == 0o600)
        // A file named in NFD (as macOS writes it) opens when its name is typed (NFC).
        let typed = folder.appendingPathComponent("Hương Trà.cchc").path.precomposedStringWithCanonicalMapping
        let onDisk = typed.decomposedStringWithCanonicalMapping
        #expect(engine.execute("backup '\(folder.appendingPathComponent("copy.cchc").path)'").succeeded)
        try FileManager.default.moveItem(atPath: folder.appendingPathComponent("copy.cchc").path, toPath: onDisk)
        #expect(!FileManager.default.fileExists(atPath: typed), "only the decomposed name is on disk")
        // Swift's == holds for both forms; the file system's names are the scalars.
        #expect(engine.context.resolvePath(typed).unicodeScalars.elementsEqual(onDisk.unicodeScalars))
        #expect(engine.handle("open '\(typed)'").hasPrefix("Opened workspace"))
    }

    @Test func rankJSONIsOneDocumentWithEveryUnitOfTheSet() throws {
        _ = engine.execute("mode json")
        let text = engine.handle("rank --set department")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let ranking = try #require(json["ranking"] as? [[String: Any]])
        #expect(ranking.count == (try engine.context.evaluation.units()).filter { $0.setID == "department" }.count)
        #expect(ranking.first?["rank"] as? Int == 1)
        #expect((json["notes"] as? [String])?.contains { $0.contains("SYNTHETIC") } == true)
    }

    @Test func csvQuotesFieldsWithCommas() {
        _ = engine.execute("mode csv")
        let text = engine.handle("units --set department")
        #expect(text.hasPrefix("unit_id,unit,kind,set,group\n"))
        #expect(text.contains("tt-vhtt,\"Trung tâm Văn hóa, Thông tin và Thể thao\",public_service_unit,department,"))
    }

    @Test func tablesAlignByDisplayWidthEvenForDecomposedNames() {
        let text = engine.handle("units --kind ward")
        let lines = text.split(separator: "\n").map(String.init)
        let kindColumns = Set(
            lines.dropFirst(2).map { line in
                VietnameseText.displayWidth(String(line[..<line.range(of: "ward")!.lowerBound]))
            })
        #expect(kindColumns.count == 1)
    }

    @Test func completionOffersCommandsUnitsSetsAndCriteria() {
        #expect(engine.completions(forLineBeforeCursor: "sc").candidates == ["scenario", "score"])
        #expect(engine.completions(forLineBeforeCursor: "ran").candidates == ["rank"])
        #expect(engine.completions(forLineBeforeCursor: "use d").candidates == ["department"])
        #expect(engine.completions(forLineBeforeCursor: "score huong-v").candidates == ["huong-van", "huong-vinh"])
        #expect(
            engine.completions(forLineBeforeCursor: "score \"Hương V").candidates == [
                "\"Hương Văn\"", "\"Hương Vinh\"",
            ])
        #expect(engine.completions(forLineBeforeCursor: "explain tu-ha 3.2.").candidates.first == "3.2.1")
        #expect(engine.completions(forLineBeforeCursor: "mode j").candidates == ["json", "jsonl"])
    }

    @Test func completionOffersSubcommandsOptionsTheirValuesAndUnitsByAnyWord() {
        func candidates(_ line: String) -> [String] { engine.completions(forLineBeforeCursor: line).candidates }
        #expect(candidates("feedback ac") == ["accept", "actor"])
        #expect(candidates("export ra") == ["ranking"])
        #expect(candidates("export ranking ") == ["csv", "docx", "html", "json", "jsonl", "markdown", "xlsx"])
        #expect(candidates("rank --s") == ["--scenario", "--set"])
        #expect(candidates("rank --set d") == ["department"])
        #expect(engine.execute("scenario new thu").succeeded)
        #expect(candidates("rank --scenario t") == ["thu"])
        #expect(candidates("goal tu-ha --band x") == ["xuat_sac"])
        #expect(!candidates("mode ").contains("html"), "mode offers only the formats it accepts")
        #expect(candidates("explain tu").first == "tu-ha")
        #expect(candidates("explain hạ").contains("tu-ha"), "a unit from any word of its name")
        #expect(candidates("explain dương") == ["hai-duong"])
        #expect(candidates("stage lock ") == Stage.allCases.map(\.rawValue))
    }

    @Test func quitStopsTheSession() {
        #expect(!engine.quitRequested)
        _ = engine.execute("exit")
        #expect(engine.quitRequested)
    }
}

@Suite struct IncrementalScenarioTests {
    @Test func aOneUnitChangeGivesTheSameRankingAsAFreshSession() throws {
        let engine = try makeSampleEngine()
        let other = try makeSampleEngine()  // scores the same changes without a cache
        #expect(engine.execute("scenario new quick").succeeded)
        #expect(other.execute("scenario new quick").succeeded)
        _ = try engine.context.evaluation.ranking(setID: "commune", scenario: "quick")  // cached before the change
        for line in ["set binh-thanh evidence dossiers.software_entry_rate 100%", "set binh-thanh 4.2 2"] {
            #expect(engine.execute(line).succeeded)
            #expect(other.execute(line).succeeded)
        }
        let incremental = try engine.context.evaluation.ranking(setID: "commune", scenario: "quick")
        let fresh = try other.context.evaluation.ranking(setID: "commune", scenario: "quick")
        #expect(incremental.map(\.unit.id) == fresh.map(\.unit.id))
        #expect(incremental.map(\.rank) == fresh.map(\.rank))
        #expect(incremental.map(\.total) == fresh.map(\.total))
    }
}

@Suite struct ScoreMatrixTests {
    @Test(arguments: ["commune", "department"])
    func theMatrixRanksExactlyAsTheScorer(setID: String) throws {
        let context = try makeSampleEngine().context
        let dataset = try context.evaluation.dataset()
        let plan = ScoringPlan(try context.evaluation.criteriaSet(setID))
        let matrix = ScoreMatrix(units: dataset.units, records: dataset.records, plan: plan)
        let rows = matrix.rank()
        let scores = Dictionary(
            uniqueKeysWithValues: try context.evaluation.ranking(setID: setID).map { ($0.unit.id, $0) })
        #expect(rows.count == scores.count)
        for (row, unit) in matrix.units.enumerated() {
            let score = try #require(scores[unit.id])
            #expect(abs(rows[row].total - score.total) < 1e-9)
            #expect(rows[row].index == score.indexPct.map { Format.round($0) })
            #expect(rows[row].rank == score.rank)
            #expect(rows[row].band.map { plan.set.bands.bands[$0].code } == score.band?.code)
        }
    }
}

/// Days turn at midnight in Vietnam, whatever the machine's zone: 17:30 UTC on 7 December is
/// already 8 December there, for "today", deadlines, `audit --since` and plans alike.
@Suite struct OfficeDayTests {
    @Test func todayAndDaysAreVietnamsAfterItsMidnight() throws {
        let evening = Date(timeIntervalSince1970: 1_796_664_600)  // 2026-12-07T17:30:00Z
        #expect(OfficeDay.day(of: evening) == "2026-12-08")
        #expect(OfficeDay.start(of: "2026-12-08") == "2026-12-07T17:00:00Z")
        #expect(OfficeDay.start(of: "08/12/2026") == "2026-12-07T17:00:00Z")
        for text in ["31/02/2026", "2026-13-01", "yesterday", "2026-12", ""] {
            #expect(OfficeDay.start(of: text) == nil, "\(text)")
        }
        let engine = Engine(
            context: try Workbench.makeContext(data: .sample, actor: "tester", clock: { evening }))
        #expect(engine.handle("calendar").hasPrefix("Calendar of 2024 (today 2026-12-08)"))
        #expect(engine.execute("stage lock self").succeeded)
        #expect(engine.handle("calendar").contains("done: 'self' locked 2026-12-08"))
        // The lock, made at 00:30 on the 8th in Vietnam, is found from that day and not after it.
        #expect(engine.handle("audit --since 08/12/2026").contains("stage lock"))
        #expect(engine.handle("audit --since 2026-12-09") == "No changes recorded.")
    }
}
