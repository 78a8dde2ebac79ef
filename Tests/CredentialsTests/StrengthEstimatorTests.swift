import Credentials
import Testing

@Suite("strength estimation")
struct StrengthEstimatorTests {
    /// Guess counts (log10) that the reference zxcvbn 4.5.0 gives with the same ranked lists; patterns
    /// that involve no year do not depend on the reference year, so ours must agree exactly.
    @Test(
        "guesses agree with zxcvbn on year-free patterns",
        arguments: [
            ("password", 0.4771), ("p@ssw0rd", 0.9542), ("qwertyuiop", 1.3617), ("aaaaaaaa", 1.9868), ("abcabcabc", 1.6021),
            ("abcdefg", 1.4624), ("correcthorsebatterystaple", 14.437), ("jordan23", 2.2923), ("zxcvbn", 1.7634), ("drowssap", 0.699),
            ("1qaz2wsx3edc", 3.0004), ("Tr0ub4dor&3", 11.0), ("kjh4#Lk9.zPq", 12.0),
        ])
    func agreesWithReference(_ password: String, _ expected: Double) throws {
        let estimate = try Fixtures.estimator().estimate(password)
        #expect(abs(estimate.guessesLog10 - expected) < 0.001, "\(password): \(estimate.guessesLog10) vs \(expected)")
    }

    @Test("patterns are recognised without the word lists")
    func patternsWithoutLists() {
        let estimator = StrengthEstimator(lexicon: .empty, referenceYear: 2026)
        #expect(estimator.estimate("qwertyuiop").patterns == ["spatial"])
        #expect(estimator.estimate("zzzzzzzzzz").patterns == ["repeat"])
        #expect(estimator.estimate("13579").patterns == ["sequence"])
        #expect(estimator.estimate("2025").patterns == ["year"])
        #expect(estimator.estimate("12/03/2019").patterns == ["date"])
        #expect(estimator.estimate("/*-+").patterns == ["spatial"])  // keypad walk
    }

    @Test("user inputs count as a dictionary")
    func userInputs() throws {
        let estimator = try Fixtures.estimator()
        let inputs = Lexicon(lists: [.init(source: .userInputs, words: ["ana.lopez", "mercyhospital"])])
        let plain = estimator.estimate("mercyhospital!")
        let informed = estimator.estimate("mercyhospital!", userInputs: inputs)
        #expect(informed.guesses < plain.guesses)
        #expect(informed.score <= 1)
    }

    @Test("scores follow the guess thresholds and feedback explains weak passwords")
    func scoresAndFeedback() throws {
        let estimator = try Fixtures.estimator()
        let common = estimator.estimate("password")
        #expect(common.score == 0)
        #expect(common.warning == "This is a top-10 common password.")
        #expect(!common.suggestions.isEmpty)
        let strong = estimator.estimate("violet-anchor-pebble-quartz")
        #expect(strong.score == 4)
        #expect(strong.warning == nil)
    }

    @Test("long and hostile inputs stay bounded")
    func hostileInputs() throws {
        let estimator = try Fixtures.estimator()
        for input in [
            String(repeating: "a", count: 5000), String(repeating: "ab1!", count: 900), String(repeating: "é", count: 300), "\u{0}\u{1}\u{7f}",
        ] {
            let estimate = estimator.estimate(input)
            #expect(estimate.score >= 0 && estimate.score <= 4)
        }
    }

    @Test("the lexicon finds whole words and prefixes by byte")
    func lexicon() {
        let lexicon = Lexicon(lists: [
            .init(source: .passwords, words: ["dragon", "drag", "Monkey", "ünïcode"]),
            .init(source: .englishWords, words: ["monkey", "dragonfly"]),
        ])
        #expect(lexicon.lookup("dragon")?.rank == 1)
        #expect(lexicon.lookup("DRAG")?.rank == 2)
        #expect(lexicon.lookup("monkey")?.rank == 1)
        #expect(lexicon.lookup("monkey")?.source == .englishWords)
        #expect(lexicon.lookup("dragonfl") == nil)
        #expect(lexicon.lookup("ünïcode") != nil)
        #expect(lexicon.count == 5)
    }
}
