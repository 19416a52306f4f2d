import Foundation
import Testing

@testable import CCHCCore

@Suite struct VietnameseTextTests {
    @Test func foldDropsDiacriticsCaseAndNormalisationForm() {
        #expect(VietnameseText.fold("Hương Văn") == "huong van")
        #expect(VietnameseText.fold("HƯƠNG  VĂN ") == "huong van")
        #expect(VietnameseText.fold("Hương Văn".decomposedStringWithCanonicalMapping) == "huong van")
        #expect(VietnameseText.fold("Đông Đa") == "dong da")
    }

    @Test func nfcMakesDecomposedInputEqual() {
        let decomposed = "Tứ Hạ".decomposedStringWithCanonicalMapping
        #expect(decomposed.unicodeScalars.count != "Tứ Hạ".unicodeScalars.count)
        #expect(Array(VietnameseText.nfc(decomposed).unicodeScalars) == Array("Tứ Hạ".unicodeScalars))
    }

    @Test func theQuickNFCCheckNeverPassesTextNormalisationWouldChange() {
        // Every character of the Basic Multilingual Plane alone, after a Vietnamese letter, and
        // before a combining mark: the quick path agrees with Foundation's normalisation.
        var quick = 0
        for value in 0...0xFFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            for text in [String(scalar), "ư" + String(scalar), String(scalar) + "\u{301}", "Hạ" + String(scalar) + "ế"]
            {
                let expected = text.precomposedStringWithCanonicalMapping
                #expect(
                    Array(VietnameseText.nfc(text).unicodeScalars) == Array(expected.unicodeScalars),
                    "U+\(String(value, radix: 16))")
                if VietnameseText.isPlainlyNFC(text) {
                    quick += 1
                    #expect(
                        Array(text.unicodeScalars) == Array(expected.unicodeScalars), "U+\(String(value, radix: 16))")
                }
            }
        }
        // The quick path is taken for Vietnamese as written, not for decomposed text.
        #expect(quick > 1_000)
        #expect(VietnameseText.isPlainlyNFC("UBND phường Tứ Hạ, Đồng Nai: Ưu tiên"))
        #expect(!VietnameseText.isPlainlyNFC("Tứ Hạ".decomposedStringWithCanonicalMapping))
    }

    @Test func collationFollowsTheVietnameseAlphabet() {
        let names = ["Đông", "Dương", "Ân", "An", "Ăn", "Bình", "Hương Văn", "Hương An", "Ương", "Uyên"]
        #expect(
            names.sorted(by: VietnameseText.precedes)
                == ["An", "Ăn", "Ân", "Bình", "Dương", "Đông", "Hương An", "Hương Văn", "Uyên", "Ương"])
    }

    @Test func collationOrdersTonesAfterLetters() {
        let words = ["má", "mà", "ma", "mạ", "mả", "mã", "mb"]
        #expect(words.sorted(by: VietnameseText.precedes) == ["ma", "mà", "mả", "mã", "má", "mạ", "mb"])
    }

    @Test func displayWidthCountsColumnsNotScalars() {
        #expect(VietnameseText.displayWidth("Hương Văn") == 9)
        #expect(VietnameseText.displayWidth("Hương Văn".decomposedStringWithCanonicalMapping) == 9)
        #expect(VietnameseText.displayWidth("漢字") == 4)
        #expect(VietnameseText.pad("Tứ", to: 4) == "Tứ  ")
        #expect(VietnameseText.pad("Tứ", to: 4, rightAligned: true) == "  Tứ")
        // Text of precomposed letters is counted a column a scalar; anything else character by
        // character: the same widths either way.
        for text in [
            "UBND phường Tứ Hạ", "Xã Quảng Điền — Huế", "soft\u{AD}hyphen", "e\u{301}", "ǅ ʰ ˈ", "Ứng dụng 漢",
            "a\u{200B}b", "✅ xong", "Đ\u{1EF9}",
        ] {
            let slow = text.reduce(0) { $0 + VietnameseText.displayWidth(String($1) + "\u{1F600}") - 2 }
            #expect(VietnameseText.displayWidth(text) == slow, "\(text)")
        }
    }

    @Test func suggestionsFindTheClosestCandidate() {
        #expect(Suggestions.closest(to: "scor", in: ["score", "sets", "rank"]) == "score")
        #expect(Suggestions.closest(to: "rnak", in: ["score", "sets", "rank"]) == "rank")
        // Two neighbours swapped are one slip: `vihn` is `Vinh`, not `Văn` (two edits each by
        // Levenshtein's count).
        #expect(Suggestions.editDistance("vihn", "vinh") == 1 && Suggestions.editDistance("abc", "ca") == 3)
        #expect(Suggestions.closest(to: "huong vihn", in: ["Hương Văn", "Hương Vinh"]) == "Hương Vinh")
        #expect(Suggestions.closest(to: "zzzzzz", in: ["score", "sets", "rank"]) == nil)
        // A suggestion keeps at least one character of what was typed.
        #expect(Suggestions.closest(to: "q", in: ["a", "baseline"]) == nil)
        #expect(Suggestions.closest(to: "b", in: ["a", "baseline"]) == "baseline", "a prefix still counts")
    }

    @Test func formatRoundsHalfAwayFromZeroDespiteBinaryFractions() {
        #expect(Format.fixed(87.125) == "87.13")
        #expect(Format.fixed(0.005) == "0.01")
        #expect(Format.fixed(2) == "2.00")
        #expect(Format.fixed(-0.001) == "-0.00", "as C's %.2f writes it")
        #expect(Format.fixed(1e300) == String(format: "%.2f", 1e300))
        #expect(Format.fixed(.nan) == "nan")
        // The digits written directly are C's `%.Nf` of the rounded value, for every precision.
        var generator = SystemRandomNumberGenerator()
        for trial in 0..<200_000 {
            let decimals = trial % 7
            let magnitude = pow(10, Double(trial % 13) - 3)
            let value = Double.random(in: -magnitude...magnitude, using: &generator)
            let expected = String(format: "%.\(decimals)f", Format.round(value, decimals: decimals))
            if Format.fixed(value, decimals: decimals) != expected {
                Issue.record("\(value) to \(decimals): \(Format.fixed(value, decimals: decimals)), not \(expected)")
                break
            }
        }
        #expect(Format.number(2.5) == "2.5")
        #expect(Format.number(3) == "3")
    }
}

@Suite struct ListTextTests {
    @Test func aLongListInAMessageShowsTheFirstItemsAndHowManyMore() {
        #expect(ListText.abbreviated([]) == "")
        #expect(ListText.abbreviated(["u0", "u1"]) == "u0, u1")
        // A town's or a district's units are listed whole; a province's thousands are not.
        let thirty = (0..<30).map { "u\($0)" }
        #expect(ListText.abbreviated(thirty) == thirty.joined(separator: ", "))
        #expect(ListText.abbreviated((0..<10_000).map { "u\($0)" }) == thirty.joined(separator: ", ") + ", … (+9970)")
        #expect(ListText.abbreviated(["a", "b", "c"], limit: 2) == "a, b, … (+1)")
    }
}

@Suite struct TableRenderingTests {
    @Test func columnsAlignByDisplayWidthNumbersRightAndNoLineEndsInSpaces() {
        let table = ReportTable(
            key: "t", columns: [Column("unit", "Đơn vị"), Column("points", "Điểm"), Column("note", "Ghi chú")],
            rows: [
                [.text("Tứ Hạ"), .number(87.125), .text("x")],
                [.text("Hương Văn".decomposedStringWithCanonicalMapping), .number(-0.001), .null],
                [.text("漢字"), .number(100), .text("")],
            ])
        #expect(
            TableExporter.render(table) == [
                "Đơn vị       Điểm  Ghi chú", "---------  ------  -------", "Tứ Hạ       87.13  x",
                "Hương Văn".decomposedStringWithCanonicalMapping + "   -0.00", "漢字       100.00",
            ])
    }
}
