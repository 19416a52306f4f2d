import CCHCREPL
import CCHCTesting
import Foundation
import Testing

@Suite struct TokenizerTests {
    @Test func aHashThatStartsAWordBeginsAComment() throws {
        #expect(try Tokenizer.tokenize("rank                      # the ranking of the set in use") == ["rank"])
        #expect(try Tokenizer.tokenize("explain tu-ha 3.2.3 #no space needed") == ["explain", "tu-ha", "3.2.3"])
        #expect(
            try Tokenizer.tokenize(##"feedback add "#1 x" '#' \#2 a#b"##) == [
                "feedback", "add", "#1 x", "#", "#2", "a#b",
            ])
        #expect(try Tokenizer.tokenize("# only a comment").isEmpty)
        // Inside quotes a hash is text, so the quote is still open at the end of the line.
        #expect(throws: Tokenizer.TokenizeError.unterminatedQuote("'")) {
            try Tokenizer.tokenize("score 'unterminated # not a comment")
        }
    }

    @Test func splitsOnWhitespace() throws {
        #expect(try Tokenizer.tokenize("  score  tu-ha\tp-noivu ") == ["score", "tu-ha", "p-noivu"])
    }

    @Test func quotesGroupWords() throws {
        #expect(try Tokenizer.tokenize(#"score "Hương Văn" 'Tứ Hạ'"#) == ["score", "Hương Văn", "Tứ Hạ"])
        #expect(try Tokenizer.tokenize(#"a "" b"#) == ["a", "", "b"])
        #expect(try Tokenizer.tokenize(#"x"y z"w"#) == ["xy zw"])
    }

    @Test func backslashEscapes() throws {
        #expect(try Tokenizer.tokenize(#"score Hương\ Văn"#) == ["score", "Hương Văn"])
        #expect(try Tokenizer.tokenize(#"say "a \"quoted\" word""#) == ["say", #"a "quoted" word"#])
        #expect(try Tokenizer.tokenize(#"say 'back\slash'"#) == ["say", #"back\slash"#])
    }

    @Test func lineBreaksAndTabsCanBeWrittenInsideDoubleQuotes() throws {
        #expect(try Tokenizer.tokenize(#"add "một\ndòng\tmới" x\ny"#) == ["add", "một\ndòng\tmới", "xny"])
    }

    @Test func decomposedInputBecomesNFC() throws {
        let nfd = "score Hương Văn".decomposedStringWithCanonicalMapping
        let words = try Tokenizer.tokenize(nfd)
        #expect(words.map { Array($0.unicodeScalars) } == ["score", "Hương", "Văn"].map { Array($0.unicodeScalars) })
    }

    @Test func unterminatedQuotesAndTrailingBackslashAreErrors() {
        #expect(throws: Tokenizer.TokenizeError.unterminatedQuote("\"")) { try Tokenizer.tokenize(#"score "Hương"#) }
        #expect(throws: Tokenizer.TokenizeError.unterminatedQuote("'")) { try Tokenizer.tokenize("score 'x") }
        #expect(throws: Tokenizer.TokenizeError.trailingBackslash) { try Tokenizer.tokenize(#"score x\"#) }
    }

    @Test func aCombiningMarkAfterAQuoteOrASpaceDoesNotHideIt() throws {
        // Found by the fuzzer: tokenizing by characters joined `"` and U+0301 into one.
        #expect(try Tokenizer.tokenize("say \"\u{0301}a b\"") == ["say", "\u{0301}a b"])
        #expect(try Tokenizer.tokenize("say \u{0301}x") == ["say", "\u{0301}x"])
    }

    @Test func quotedWordsTokenizeBackUnchanged() throws {
        // A line break (typed as \n in double quotes) included: found by the fuzzer (FuzzTokenizer).
        let words = [
            "plain", "a b", "it's", "\"q\"", "back\\slash", "#hash", "", "Hương Văn", "tab\tin",
            "x'; --\n\"trích\" \\n và", "\n", "\u{05A3}-\n", "'\u{0301}x", "\u{0301}",
        ]
        #expect(try Tokenizer.tokenize(words.map(Tokenizer.quoted).joined(separator: " ")) == words)
    }
}

@Suite struct ScriptLineTests {
    @Test func aByteOrderMarkBeforeTheFirstLineIsNotPartOfTheCommand() throws {
        let engine = try makeSampleEngine()
        let result = engine.execute("\u{FEFF}use department\r")
        #expect(result.succeeded, "\(result.output)")
        #expect(engine.context.evaluation.currentSetID == "department")
    }
}
